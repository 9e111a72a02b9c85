from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "vangnet.payments"
    label = "payments"
