from django.urls import include, path

urlpatterns = [
    path("api/", include("vangnet.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The tenant portal (/betalen/...) before the back office, whose patterns start at the root.
    path("", include("vangnet.portal.urls")),
    path("webhooks/berichten/", include("vangnet.messaging.urls")),
    path("vroegsignalering/download/", include("vangnet.earlysignal.downloads")),
    path("", include("vangnet.backoffice.urls")),
]
