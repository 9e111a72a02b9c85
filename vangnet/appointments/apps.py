from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "vangnet.appointments"
    label = "appointments"
    verbose_name = "Afspraken"
