from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "vangnet.handovers"
    label = "handovers"
    verbose_name = "Overdrachten"
