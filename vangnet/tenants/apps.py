from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "vangnet.tenants"
    label = "tenants"
