"""Administrators' settings for channels and payments: what is configured, senders, sandbox or live, the
payment provider; secrets are never shown, only whether they are set."""

from decimal import Decimal

import pytest

from tests.world import staff_member
from vangnet.core.models import AuditEntry, Corporation, Role
from vangnet.messaging.models import MessagingSettings
from vangnet.payments.models import PaymentSettings

pytestmark = pytest.mark.django_db
SECRET = "test_Sup3rGeheimeSleutel"


@pytest.fixture
def admin(staff_a):
    return staff_member(staff_a.corporation, username="beheerder", role=Role.ADMIN)


def test_the_page_says_what_is_set_and_never_shows_a_secret(staff_a, admin, settings, monkeypatch):
    settings.MESSAGING_TWILIO_ACCOUNT_SID = "AC123"
    settings.MESSAGING_TWILIO_AUTH_TOKEN = SECRET
    monkeypatch.setenv("VANGNET_MOLLIE_KEY_WOONSTAD", SECRET)

    admin.client.post(
        "/beheer/instellingen/",
        {
            "deel": "betalen",
            "provider": "mollie",
            "mollie_api_key_env": "VANGNET_MOLLIE_KEY_WOONSTAD",
            "default_expiry_days": "21",
        },
    )
    page = admin.client.get("/beheer/instellingen/").content.decode()

    assert SECRET not in page and "AC123" not in page
    assert "Mollie-sleutel:" in page and page.count("niet ingesteld") == 0
    found = PaymentSettings.objects.get(corporation=staff_a.corporation)
    assert (found.provider, found.default_expiry_days) == ("mollie", 21)
    monkeypatch.delenv("VANGNET_MOLLIE_KEY_WOONSTAD")
    assert "niet ingesteld" in admin.client.get("/beheer/instellingen/").content.decode()


def test_senders_and_live_sending_are_saved_and_a_bad_sms_sender_is_refused(staff_a, admin):
    saved = admin.client.post(
        "/beheer/instellingen/",
        {
            "deel": "afzenders",
            "sender_name": "Woonstad",
            "sender_email": "Incasso@Woonstad.example",
            "sms_sender": "Woonstad",
        },
    )
    refused = admin.client.post(
        "/beheer/instellingen/",
        {"deel": "afzenders", "sender_name": "Woonstad", "sender_email": "", "sms_sender": "Woon-stad!"},
    )
    live = admin.client.post("/beheer/instellingen/", {"deel": "berichten", "review_batches": "on"})

    assert saved.status_code == 302 and live.status_code == 302
    assert (
        refused.status_code == 400 and "hoogstens 11 letters, cijfers of spaties" in refused.content.decode()
    )
    corporation = Corporation.objects.get(pk=staff_a.corporation.pk)
    assert (corporation.sender_email, corporation.sms_sender) == ("incasso@woonstad.example", "Woonstad")
    messaging = MessagingSettings.objects.get(corporation=corporation)
    assert messaging.review_batches and not messaging.sandbox
    assert "Live" in admin.client.get("/beheer/instellingen/").content.decode()
    assert AuditEntry.objects.filter(action="messaging.settings_changed", actor_label="beheerder").exists()


def test_the_sandbox_cannot_be_chosen_where_the_installation_forbids_it(staff_a, admin, settings):
    settings.VANGNET_MESSAGING_SANDBOX = False
    response = admin.client.post("/beheer/instellingen/", {"deel": "berichten", "sandbox": "on"})
    assert (
        response.status_code == 400 and "kan de testomgeving (sandbox) niet aan" in response.content.decode()
    )


def test_what_a_letter_a_page_and_a_text_message_cost_is_saved_and_a_negative_price_refused(staff_a, admin):
    saved = admin.client.post(
        "/beheer/instellingen/",
        {
            "deel": "berichten",
            "review_batches": "on",
            "letter_postage": "1,25",
            "letter_page_cost": "0,08",
            "sms_segment_cost": "0,06",
        },
    )
    refused = admin.client.post(
        "/beheer/instellingen/",
        {"deel": "berichten", "review_batches": "on", "letter_postage": "-1"},
    )

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert "Zorg ervoor dat deze waarde minstens 0 is." in refused.content.decode()
    messaging = MessagingSettings.objects.get(corporation=staff_a.corporation)
    assert (messaging.letter_postage, messaging.letter_page_cost, messaging.sms_segment_cost) == (
        Decimal("1.25"),
        Decimal("0.08"),
        Decimal("0.06"),
    )
    page = admin.client.get("/beheer/instellingen/").content.decode()
    assert 'value="1,25"' in page
    assert "Werking van stappen" in page


def test_only_administrators_see_the_settings(staff_a):
    assert staff_a.client.get("/beheer/instellingen/").status_code == 403
