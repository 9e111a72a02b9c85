from django.urls import path

from vangnet.payments.webhooks import payment_webhook
from vangnet.portal.views import pay

app_name = "portal"
urlpatterns = [
    path("betalen/webhook/<slug:provider>/", payment_webhook, name="payment_webhook"),
    path("betalen/testbank/<str:provider_id>/", pay.sandbox_checkout, name="sandbox_checkout"),
    path("betalen/huisstijl/<slug:slug>.css", pay.brand_css, name="brand_css"),
    path("betalen/<str:token>/", pay.pay_landing, name="pay"),
    path("betalen/<str:token>/resultaat/", pay.payment_result, name="payment_result"),
]
