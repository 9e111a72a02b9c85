"""The Celery entry point for mailing saved reports (every morning; each report on its own day)."""

from celery import shared_task

from vangnet.core import clock
from vangnet.reports.mailing import saved_reports_mail_due


@shared_task(name="reports.mail_saved", ignore_result=True)
def mail_saved_reports() -> int:
    return saved_reports_mail_due(as_of=clock.today())
