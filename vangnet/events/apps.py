from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "vangnet.events"
    label = "events"
