from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "vangnet.contracts"
    label = "contracts"
    verbose_name = "Contractprocessen"
