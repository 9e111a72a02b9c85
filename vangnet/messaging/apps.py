from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "vangnet.messaging"
    label = "messaging"
    verbose_name = "Berichten"
