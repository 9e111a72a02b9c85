from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "vangnet.portal"
    label = "portal"
