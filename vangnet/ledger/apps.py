from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "vangnet.ledger"
    label = "ledger"
