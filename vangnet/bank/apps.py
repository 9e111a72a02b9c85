from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "vangnet.bank"
    label = "bank"
