from django.apps import AppConfig


class DailyConfig(AppConfig):
    """The nightly job: the flows decide, then messaging turns their plans into the day's outbox."""

    name = "vangnet.daily"
    label = "daily"
