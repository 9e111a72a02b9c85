from django.urls import path

from vangnet.payments.webhooks import payment_webhook
from vangnet.portal.views import (
    access,
    actions,
    agreements,
    campaigns,
    cases,
    contractor,
    contracts,
    overview,
    pay,
    sharing,
    situation,
)

app_name = "portal"
urlpatterns = [
    path("betalen/webhook/<slug:provider>/", payment_webhook, name="payment_webhook"),
    path("betalen/testbank/<str:provider_id>/", pay.sandbox_checkout, name="sandbox_checkout"),
    path("betalen/huisstijl/<slug:slug>.css", pay.brand_css, name="brand_css"),
    path("betalen/<str:token>/", pay.pay_landing, name="pay"),
    path("betalen/<str:token>/resultaat/", pay.payment_result, name="payment_result"),
    # The tenant portal.
    path("portaal/", overview.overview, name="overview"),
    path("portaal/inloggen/", access.code_login, name="login"),
    path("portaal/link/<str:token>/", access.link_access, name="link"),
    path("portaal/controle/", access.second_check, name="check"),
    path("portaal/uitloggen/", access.logout, name="logout"),
    path("portaal/berichten/<int:message_id>/", overview.message_detail, name="message"),
    path("portaal/contract/<int:contract_id>/betalen/", actions.pay, name="pay_choose"),
    path("portaal/betaallink/<str:token>/", actions.pay_ready, name="pay_ready"),
    path("portaal/betaallink/<str:token>/qr.svg", actions.pay_qr, name="pay_qr"),
    path("portaal/contract/<int:contract_id>/belofte/", agreements.promise, name="promise"),
    path("portaal/contract/<int:contract_id>/regeling/", agreements.arrangement, name="arrangement"),
    path("portaal/contract/<int:contract_id>/al-betaald/", agreements.payment_claim, name="payment_claim"),
    path("portaal/contract/<int:contract_id>/bezwaar/", agreements.dispute, name="dispute"),
    path("portaal/contract/<int:contract_id>/rekeningnummer/", actions.debit_account, name="debit_account"),
    path("portaal/hulp/", actions.help_request, name="help"),
    path("portaal/situatie/", situation.situation, name="situation"),
    path("portaal/melden/", cases.report_choose, name="report_choose"),
    path("portaal/melden/<slug:code>/", cases.report, name="report"),
    path("portaal/meldingen/<int:pk>/", cases.case_view, name="case"),
    path("portaal/meldingen/<int:pk>/beoordelen/", cases.case_rating, name="case_rating"),
    path("portaal/meldingen/<int:pk>/afspraak/", cases.case_appointment, name="case_appointment"),
    # The contractor's personal link to one work order (no account).
    path("vakman/<str:token>/", contractor.work_order_page, name="work_order"),
    path("vakman/<str:token>/foto/<int:entry_id>/", contractor.work_order_photo, name="work_order_photo"),
    path("portaal/huurcontract/<int:pk>/", contracts.letting, name="letting"),
    path("portaal/huurcontract/<int:pk>/contract.pdf", contracts.letting_document, name="letting_pdf"),
    path("portaal/contract/<int:contract_id>/betaalwijze/", contracts.payment_method, name="payment_method"),
    path("portaal/kopie-factuur/", actions.invoice_copy, name="invoice_copy"),
    path("portaal/gegevens/", actions.contact, name="contact"),
    path("portaal/gegevens-gemeente/", sharing.data_sharing, name="data_sharing"),
    path("portaal/campagne/", campaigns.campaigns, name="campaigns"),
    path("portaal/campagne/<int:target_id>/", campaigns.campaign, name="campaign"),
]
