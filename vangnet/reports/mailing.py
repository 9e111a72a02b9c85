"""Saved reports by e-mail: on its day (every Monday, or the first of the month) the colleague who saved a
report with a schedule gets a link to it. The mail holds no figures and no personal data: the link opens
the report in the back office after signing in (with the second step), where the figures are computed."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.reports.dynamic import spec_from_data
from vangnet.reports.models import SavedReport, Schedule


def schedules_due(as_of: date) -> list[str]:
    """The schedules whose day `as_of` is (pure)."""
    due = []
    if as_of.weekday() == 0:
        due.append(Schedule.WEEKLY.value)
    if as_of.day == 1:
        due.append(Schedule.MONTHLY.value)
    return due


def report_link(report: SavedReport) -> str:
    """The report's page in the back office; signing in comes first when the colleague is not."""
    path = reverse("backoffice:saved_report", args=[report.pk])
    return f"{settings.VANGNET_PUBLIC_URL.rstrip('/')}{path}"


def _body(report: SavedReport, as_of: date) -> str:
    day = as_of.strftime("%d-%m-%Y")
    try:
        # Only whether the saved choice still holds (no query): the figures stay in the back office.
        spec_from_data(report.spec)
    except ApplicationError as error:
        intro = _("Uw rapport %(title)s kan niet meer worden gemaakt: %(reason)s") % {
            "title": report.title,
            "reason": error.message,
        }
    else:
        intro = _("Uw rapport %(title)s staat klaar, met de stand van %(day)s.") % {
            "title": report.title,
            "day": day,
        }
    return "\n\n".join(
        [
            intro,
            _("Log in om het rapport te bekijken:"),
            report_link(report),
            _("In deze e-mail staan geen cijfers of persoonsgegevens."),
        ]
    )


def saved_reports_mail_due(*, as_of: date) -> int:
    """Mail every saved report whose day it is and that was not mailed today yet; returns how many went."""
    due = schedules_due(as_of)
    if not due:
        return 0
    # Across corporations by design: the beat runs once for all. Nothing is computed here, only linked.
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
        body = _body(report, as_of)
        message = EmailMessage(
            subject=_("Rapport: %(title)s") % {"title": report.title},
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[report.owner.email],
        )
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
