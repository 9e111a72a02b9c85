from django.apps import AppConfig


class EarlySignalConfig(AppConfig):
    name = "vangnet.earlysignal"
    label = "earlysignal"
    verbose_name = "Vroegsignalering"
