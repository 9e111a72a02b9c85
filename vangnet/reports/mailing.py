"""Saved reports by e-mail: on its day (every Monday, or the first of the month) a saved report with a
schedule goes to the colleague who saved it, with the XLSX attached; the same figures as the page."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.reports.exports import CONTENT_TYPES, report_xlsx
from vangnet.reports.models import SavedReport, Schedule
from vangnet.reports.selectors import saved_report_result


def schedules_due(as_of: date) -> list[str]:
    """The schedules whose day `as_of` is (pure)."""
    due = []
    if as_of.weekday() == 0:
        due.append(Schedule.WEEKLY.value)
    if as_of.day == 1:
        due.append(Schedule.MONTHLY.value)
    return due


def saved_reports_mail_due(*, as_of: date) -> int:
    """Mail every saved report whose day it is and that was not mailed today yet; returns how many went."""
    due = schedules_due(as_of)
    if not due:
        return 0
    # Across corporations by design: the beat runs once for all; each report is computed in its own scope.
    with scopes_disabled():
        reports = list(
            SavedReport.objects.filter(schedule__in=due)
            .exclude(last_sent_on=as_of)
            .exclude(owner__email="")
            .select_related("owner", "corporation")
            .order_by("pk")
        )
    sent = 0
    for report in reports:
        try:
            result = saved_report_result(report=report, as_of=as_of)
        except ApplicationError as error:
            body = _("Uw rapport %(title)s kon niet worden gemaakt: %(reason)s") % {
                "title": report.title,
                "reason": error.message,
            }
            attachment = None
        else:
            body = _("In de bijlage staat uw rapport %(title)s, stand op %(day)s.") % {
                "title": report.title,
                "day": as_of.strftime("%d-%m-%Y"),
            }
            attachment = report_xlsx(result)
        message = EmailMessage(
            subject=_("Rapport: %(title)s") % {"title": report.title},
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[report.owner.email],
        )
        if attachment is not None:
            message.attach(f"rapport-{report.pk}-{as_of.isoformat()}.xlsx", attachment, CONTENT_TYPES["xlsx"])
        message.send()
        with scopes_disabled():
            SavedReport.objects.filter(pk=report.pk).update(last_sent_on=as_of)
        log_action(
            corporation=report.corporation,
            actor="system",
            action="report.mailed",
            obj=report,
            data={"day": as_of.isoformat()},
        )
        sent += 1
    return sent
