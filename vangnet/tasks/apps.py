from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "vangnet.tasks"
    label = "tasks"
    verbose_name = "Taken"
