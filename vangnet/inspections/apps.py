from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "vangnet.inspections"
    label = "inspections"
    verbose_name = "Opzeggingen, inspecties en woningaanpassingen"
