import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
app = Celery("vangnet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # "30 5 * * *": every day at 05:30, after the ERP's nightly delivery and the morning bank statement;
    # each flow then sends at its own time of day.
    "daily-run": {"task": "daily.run_all_days", "schedule": crontab(minute=30, hour=5)},
    # "* * * * *": every minute: messages whose send moment has come, retries, rows a dead worker left.
    "dispatch-due-messages": {"task": "messaging.dispatch_due", "schedule": crontab()},
    # "* * * * *": every minute: ERP webhook deliveries that are due again after a failure.
    "deliver-due-events": {"task": "vangnet.events.tasks.deliver_due_events_task", "schedule": crontab()},
}
