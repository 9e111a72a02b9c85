"""The tenant's campaign pages on the portal and the colleague's campaign screens in the back office."""

import datetime as dt

import pytest
from django.test import Client

from tests.campaigns.conftest import meter_with_history
from tests.campaigns.test_answers import _running, _target
from tests.factories import MembershipFactory, UserFactory
from vangnet.campaigns.models import Campaign, MeterReading
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.messaging.links import access_code, portal_token


@pytest.fixture(autouse=True)
def _fast_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _tenant_client(world, tenant) -> Client:
    client = Client()
    token = portal_token(corporation_id=world.corporation.pk, tenant_id=tenant.pk)
    response = client.get(f"/portaal/link/{token}/?naar=campagne")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/campagne/"
    return client


def _staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/")
    return client


def test_the_link_from_the_sms_lands_on_the_contact_form_and_saves(world):
    campaign = _running(world, "contact")
    client = _tenant_client(world, world.tenants[0])
    response = client.get("/portaal/campagne/", follow=True)
    assert "Kloppen uw gegevens nog?" in response.content.decode()
    target = _target(campaign, world.tenants[0])
    post = {
        "email": "fatima@thuis.example",
        "phone_mobile": "0611112222",
        "preferred_channel": "sms",
        "language": "nl",
        "tone": "u",
    }
    response = client.post(f"/portaal/campagne/{target.pk}/", post | {"phone_mobile": "12"})
    assert response.status_code == 400
    assert "Dit is geen mobiel nummer. Schrijf het zo: 0612345678." in response.content.decode()
    response = client.post(f"/portaal/campagne/{target.pk}/", post, follow=True)
    assert "Dank u wel. Wij hebben uw gegevens opgeslagen." in response.content.decode()
    world.tenants[0].refresh_from_db()
    assert world.tenants[0].phone_mobile == "0611112222"


def test_another_tenants_question_looks_like_nothing(world):
    campaign = _running(world, "contact")
    client = _tenant_client(world, world.tenants[0])
    other = _target(campaign, world.tenants[1])
    assert client.get(f"/portaal/campagne/{other.pk}/").status_code == 404


def test_a_doubtful_reading_is_asked_again_on_the_portal(world):
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=clock.today())
    campaign = _running(world, "meter")
    client = _tenant_client(world, world.tenants[0])
    target = _target(campaign, world.tenants[0])
    response = client.post(f"/portaal/campagne/{target.pk}/", {"meter_number": "WM-100", "value": "120"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kijk nog eens op uw meter." in page
    assert 'name="confirmed" value="on"' in page
    response = client.post(
        f"/portaal/campagne/{target.pk}/",
        {"meter_number": "WM-100", "value": "120", "confirmed": "on"},
        follow=True,
    )
    assert "Dank u wel. Wij hebben uw meterstand ontvangen." in response.content.decode()
    assert MeterReading.objects.get(target=target).status == "implausible"


def test_a_colleague_sets_up_and_starts_a_campaign(world):
    client = _staff_client(world.staff)
    today = clock.today()
    form = {
        "name": "Meterstanden Lindenlaan",
        "kind": "meter",
        "channel_1": "email",
        "channel_2": "letter",
        "channel_3": "",
        "complexes": ["C100"],
        "starts_on": today.isoformat(),
        "reminder_after_days": "7",
        "deadline": (today + dt.timedelta(days=28)).isoformat(),
    }
    response = client.post("/campagnes/nieuw/", form | {"deadline": today.isoformat()})
    assert response.status_code == 400
    assert "De uiterste datum moet na de verzenddatum liggen." in response.content.decode()
    response = client.post("/campagnes/nieuw/", form, follow=True)
    assert "Deze campagne bereikt nu 4 huurders." in response.content.decode()
    campaign = Campaign.objects.get()
    response = client.post(f"/campagnes/{campaign.pk}/starten/", follow=True)
    assert "Campagne gestart: 4 berichten gaan nu de deur uit." in response.content.decode()


def test_paper_slips_and_the_export_from_the_back_office(world):
    campaign = _running(world, "meter")
    clerk = UserFactory(username="balie")
    MembershipFactory(user=clerk, corporation=world.corporation, role=Role.DISPUTE_HANDLER)
    client = _staff_client(clerk)
    response = client.post(
        f"/campagnes/{campaign.pk}/antwoordstroken/",
        {"code": access_code(world.tenants[2].pk), "meter_number": "WM-77", "value": "42"},
        follow=True,
    )
    assert "Opgeslagen: Lindenlaan 12." in response.content.decode()
    response = client.post(f"/campagnes/{campaign.pk}/antwoordstroken/", {"code": "ZZZZ-ZZZZ", "value": "42"})
    assert response.status_code == 400
    assert "Deze code hoort bij geen enkele huurder in deze campagne." in response.content.decode()
    export = client.get(f"/campagnes/{campaign.pk}/export/?formaat=csv")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert "WM-77" in export.content.decode("utf-8-sig")
    assert client.get("/campagnes/nieuw/").status_code == 403


def test_another_corporations_campaign_is_not_found(world):
    campaign = _running(world, "meter")
    stranger = UserFactory(username="elders")
    MembershipFactory(user=stranger, corporation=world.other, role=Role.CREDIT_MANAGER)
    client = _staff_client(stranger)
    assert client.get(f"/campagnes/{campaign.pk}/").status_code == 404


def test_the_tenant_card_shows_the_old_number(world):
    campaign = _running(world, "contact")
    client = _tenant_client(world, world.tenants[0])
    target = _target(campaign, world.tenants[0])
    post = {
        "email": world.tenants[0].email,
        "phone_mobile": "0611112222",
        "preferred_channel": "sms",
        "language": "nl",
        "tone": "u",
    }
    client.post(f"/portaal/campagne/{target.pk}/", post)
    page = _staff_client(world.staff).get(f"/huurders/{world.tenants[0].pk}/").content.decode()
    assert "Eerdere gegevens" in page
    assert "0612345678" in page
    assert "0611112222" in page
