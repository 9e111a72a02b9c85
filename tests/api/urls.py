"""The API mounted exactly as vangnet/urls.py mounts it, without the rest of the site."""

from django.urls import include, path

urlpatterns = [path("api/", include("vangnet.api.urls"))]
