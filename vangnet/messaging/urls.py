from django.urls import path

from vangnet.messaging import webhooks

app_name = "messaging"
urlpatterns = [
    path("twilio/sms/<str:code>/", webhooks.twilio_sms_status, name="twilio_sms_status"),
    path("twilio/voice/<str:code>/status/", webhooks.twilio_call_status, name="twilio_call_status"),
    path("twilio/voice/<str:code>/keuze/", webhooks.twilio_call_choice, name="twilio_call_choice"),
    path("email/", webhooks.email_event, name="email_event"),
]
