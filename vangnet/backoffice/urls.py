from django.urls import path

from vangnet.backoffice.views import auth, bank, flows, home, imports, messaging, payments, tenants

app_name = "backoffice"
urlpatterns = [
    path("", home.home, name="home"),
    path("corporatie/wisselen/", home.switch_corporation, name="switch_corporation"),
    path("huurders/", tenants.tenant_search, name="tenant_search"),
    path("huurders/<int:pk>/", tenants.tenant_card, name="tenant_card"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("bank/", bank.statement_list, name="bank_statements"),
    path("bank/<int:pk>/", bank.statement_detail, name="bank_statement_detail"),
    path("bank/onbekend/", bank.unmatched_queue, name="bank_unmatched"),
    path("bank/onbekend/<int:pk>/", bank.unmatched_detail, name="bank_unmatched_detail"),
    path("bank/onbekend/<int:pk>/koppelen/", bank.unmatched_assign, name="bank_unmatched_assign"),
    path("trajecten/", flows.flow_list, name="flow_list"),
    path("trajecten/<int:pk>/", flows.flow_detail, name="flow_detail"),
    path("trajecten/<int:pk>/bewerken/", flows.flow_edit, name="flow_edit"),
    path("trajecten/<int:pk>/verplaatsen/", flows.flow_move_enrollments, name="flow_move_enrollments"),
    path("run-van-vannacht/", flows.run_preview, name="run_preview"),
    path("wettelijke-rente/", flows.interest_rates, name="interest_rates"),
    path("segmenten/nieuw/", flows.segment_edit, name="segment_create"),
    path("segmenten/<int:pk>/", flows.segment_edit, name="segment_edit"),
    path("segmenten/<int:pk>/verplaatsen/", flows.segment_move, name="segment_move"),
    path("betalingen/", payments.payment_request_list, name="payment_requests"),
    path("betalingen/pogingen/", payments.payment_list, name="payments"),
    path("betalingen/webhooks/", payments.webhook_endpoints, name="webhook_endpoints"),
    path(
        "betalingen/webhooks/<int:pk>/actief/",
        payments.webhook_endpoint_toggle,
        name="webhook_endpoint_toggle",
    ),
    path("betalingen/webhooks/log/", payments.delivery_log, name="event_deliveries"),
    path("berichten/", messaging.batch_list, name="messaging_batches"),
    path("berichten/batch/<int:pk>/", messaging.batch_detail, name="messaging_batch"),
    path("berichten/batch/<int:pk>/goedkeuren/", messaging.batch_approve, name="messaging_batch_approve"),
    path(
        "berichten/batch/<int:pk>/printbatch.<str:kind>", messaging.print_batch, name="messaging_print_batch"
    ),
    path("berichten/<int:pk>/", messaging.message_detail, name="messaging_message"),
    path("berichten/<int:pk>/uit-batch/", messaging.message_remove, name="messaging_message_remove"),
    path("berichten/<int:pk>/html/", messaging.message_html, name="messaging_message_html"),
    path("berichten/<int:pk>/brief.pdf", messaging.message_pdf, name="messaging_message_pdf"),
    path("berichten/demo-inbox/", messaging.inbox, name="messaging_inbox"),
    path("berichten/sjablonen/", messaging.template_list, name="messaging_templates"),
    path("berichten/sjablonen/<int:pk>/", messaging.template_edit, name="messaging_template"),
    path(
        "berichten/sjablonen/<int:pk>/voorbeeld/<int:tenant_pk>/",
        messaging.template_preview_html,
        name="messaging_template_preview",
    ),
    path("huurders/<int:pk>/bericht/", messaging.manual_message, name="messaging_manual"),
    path("inloggen/", auth.LoginView.as_view(), name="login"),
    path("uitloggen/", auth.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
