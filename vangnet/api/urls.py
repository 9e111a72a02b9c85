from django.urls import path

from vangnet.api.api import api

urlpatterns = [path("", api.urls)]
