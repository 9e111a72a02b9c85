from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "vangnet.disputes"
    label = "disputes"
    verbose_name = "Geschillen"
