from django.urls import path

from vangnet.messaging import webhooks
from vangnet.messaging.channels import channels

app_name = "messaging"
# Each channel that gets delivery reports declares its route; the registry is read once, at URL loading.
urlpatterns = [
    *(
        path(
            channel.webhook_route, webhooks.delivery_report, {"kind": channel.kind}, name=channel.webhook_name
        )
        for channel in channels.all()
        if channel.webhook_route
    ),
    path("twilio/voice/<str:code>/keuze/", webhooks.twilio_call_choice, name="twilio_call_choice"),
]
