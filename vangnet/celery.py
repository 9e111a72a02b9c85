import os
import sys

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, worker_init
from django.core.exceptions import ImproperlyConfigured

from vangnet.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
app = Celery("vangnet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_without_a_secret_key(**kwargs) -> None:
    """A worker or the scheduler in production without VANGNET_SECRET_KEY stops before it takes any task.

    SystemExit, not the ImproperlyConfigured itself: Celery logs an exception from a signal and goes on.
    """
    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(1) from None


app.conf.beat_schedule = {
    # "30 5 * * *": every day at 05:30, after the ERP's nightly delivery and the morning bank statement;
    # each flow then sends at its own time of day.
    "daily-run": {"task": "daily.run_all_days", "schedule": crontab(minute=30, hour=5)},
    # "* * * * *": every minute: messages whose send moment has come, retries, rows a dead worker left.
    "dispatch-due-messages": {"task": "messaging.dispatch_due", "schedule": crontab()},
    # "* * * * *": every minute: ERP webhook deliveries that are due again after a failure.
    "deliver-due-events": {"task": "vangnet.events.tasks.deliver_due_events_task", "schedule": crontab()},
    # "15 4 * * *": every night at 04:15, before the day's run: personal data past its retention period.
    "retention": {"task": "core.retention", "schedule": crontab(minute=15, hour=4)},
    # "0 3 * * 0": every Sunday at 03:00, before the ERP's delivery: references without a database constraint.
    "check-integrity": {"task": "core.check_integrity", "schedule": crontab(minute=0, hour=3, day_of_week=0)},
    # "0 7 * * *": every day at 07:00, after the day's run: saved reports on their day (Monday, the 1st).
    "mail-saved-reports": {"task": "reports.mail_saved", "schedule": crontab(minute=0, hour=7)},
}
