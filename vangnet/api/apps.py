from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vangnet.api"
    label = "api"
