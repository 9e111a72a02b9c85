from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "vangnet.flows"
    label = "flows"
    verbose_name = "Incassotrajecten"
