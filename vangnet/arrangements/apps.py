from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "vangnet.arrangements"
    label = "arrangements"
