from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "vangnet.cases"
    label = "cases"
    verbose_name = "Zaken"
