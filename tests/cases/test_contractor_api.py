"""Contractors' own systems through /api/v1/contractor/ with their key (vk-..., only its SHA-256 stored):
the open work orders of that contractor only, the free slots of their agenda, picking one, reporting done;
a refusal is a 400 that names the problem and changes nothing."""

import hashlib

import pytest
from django.core import mail
from django.test import Client

from tests.cases.test_work_orders import leaking_tap, plumber
from tests.factories import MembershipFactory, UserFactory
from vangnet.cases.contractor_keys import contractor_key_create, contractor_key_revoke
from vangnet.cases.models import ContractorKey, WorkOrder
from vangnet.cases.orders import contractor_agenda
from vangnet.cases.services import contractor_create, work_order_confirm, work_order_issue
from vangnet.core.api_keys import api_key_create
from vangnet.core.models import Role
from vangnet.events.models import OutboundEvent


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"


class Api:
    def __init__(self, secret: str):
        self.client, self.headers = Client(), {"Authorization": f"Bearer {secret}"}

    def get(self, path: str):
        return self.client.get(f"/api/v1/contractor/{path}", headers=self.headers)

    def post(self, path: str, data: dict):
        return self.client.post(
            f"/api/v1/contractor/{path}", data=data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def order(world, business_day) -> WorkOrder:
    case = leaking_tap(world, business_day)
    return work_order_issue(case=case, contractor=plumber(world), as_of=business_day, actor=world.colleague)


def test_the_key_is_shown_once_and_stored_as_a_hash(world, order):
    key, secret = contractor_key_create(contractor=order.contractor, actor=world.colleague)
    assert secret.startswith("vk-") and len(secret) > 40
    stored = ContractorKey.objects.get()
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.prefix, stored.key_hash)
    assert Api(secret).get("work-orders").status_code == 200
    contractor_key_revoke(key=key, actor=world.colleague)
    refused = Api(secret).get("work-orders")
    assert (refused.status_code, refused.json()["detail"]) == (401, "This contractor key has been revoked.")


def test_a_contractor_sees_only_their_own_work_orders_and_not_the_tenants_name(world, order, business_day):
    other = contractor_create(corporation=world.corporation, name="Smit", email="s@smit.example", actor="t")
    work_order_issue(
        case=leaking_tap(world, business_day), contractor=other, as_of=business_day, actor=world.colleague
    )
    _, secret = contractor_key_create(contractor=order.contractor, actor=world.colleague)
    api = Api(secret)

    listed = api.get("work-orders")
    assert listed.status_code == 200
    [seen] = listed.json()
    assert seen["number"] == order.number
    assert seen["address"] == "Lindelaan 10, " + seen["address"].split(", ", 1)[1]
    assert (seen["status"], seen["phone"], seen["urgency"]) == ("issued", "06-12345678", "normal")
    assert "Vries" not in listed.content.decode()
    assert "anna@huurder.example" not in listed.content.decode()
    smit = WorkOrder.objects.get(contractor=other).number
    assert api.get(f"work-orders/{smit}").status_code == 404
    assert api.post(f"work-orders/{smit}/slot", {"start": "2030-01-07T09:00:00+01:00"}).status_code == 404

    # The ERP's key does not open the contractor's door, nor the other way round.
    _, erp = api_key_create(corporation=world.corporation, name="ERP", actor="t")
    assert Api(erp).get("work-orders").status_code == 401
    assert Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert Api("vk-nietbestaand-0000000000").get("work-orders").status_code == 401


def test_a_system_picks_a_slot_and_reports_done(world, order, business_day, django_assert_max_num_queries):
    _, secret = contractor_key_create(contractor=order.contractor, actor=world.colleague)
    api = Api(secret)
    with django_assert_max_num_queries(6):
        slots = api.get(f"work-orders/{order.number}/slots").json()
    assert len(slots) > 10

    early = api.post(f"work-orders/{order.number}/done", {"notes": "Klaar.", "hours": "1"})
    assert early.status_code == 400
    assert early.json()["errors"][0]["reason_nl"] == (
        "Meld het werk klaar nadat de huurder een afspraak heeft bevestigd."
    )
    taken = api.post(f"work-orders/{order.number}/slot", {"start": "2020-01-06T09:00:00+01:00"})
    assert taken.status_code == 400
    assert taken.json()["errors"] == [
        {
            "field": "slot",
            "reason_nl": "Dit is geen vrij moment in de agenda. Kies een van de vrije momenten.",
        }
    ]
    assert api.post(f"work-orders/{order.number}/slot", {"start": "morgen"}).status_code == 422
    order.refresh_from_db()
    assert (order.status, order.appointment) == ("issued", None)

    picked = api.post(f"work-orders/{order.number}/slot", {"start": slots[1]})
    assert picked.status_code == 200
    assert picked.json()["status"] == "proposed"
    assert OutboundEvent.objects.filter(type="case.appointment_proposed").count() == 1
    work_order_confirm(case=order.case, tenant=world.reporter, as_of=business_day, actor="portal")
    assert api.get(f"work-orders/{order.number}/slots").json() == []

    bad = api.post(f"work-orders/{order.number}/done", {"notes": "Kraan vervangen.", "hours": "veel"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "hours"
    done = api.post(f"work-orders/{order.number}/done", {"notes": "Kraan vervangen.", "hours": "1,5"})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["hours"]) == ("done", "1.50")
    order.case.refresh_from_db()
    assert order.case.stage == "uitgevoerd"
    assert api.get("work-orders").json() == []
    again = api.post(f"work-orders/{order.number}/done", {"notes": "Nog eens.", "hours": "1"})
    assert again.status_code == 400
    assert len(mail.outbox) == 2  # the work order, and the confirmed appointment


def test_an_administrator_makes_a_key_on_the_contractors_page(world, order, business_day):
    page_url = "/zaken/vakmensen/"
    colleague = Client()
    colleague.force_login(world.colleague)
    assert "Sleutel maken" not in colleague.get(page_url).content.decode()
    assert colleague.post(f"/zaken/vakmensen/{order.contractor.pk}/sleutel/").status_code == 403

    admin = MembershipFactory(
        corporation=world.corporation, user=UserFactory(username="beheer"), role=Role.ADMIN
    )
    client = Client()
    client.force_login(admin.user)
    page = client.get(page_url).content.decode()
    assert "Sleutel maken" in page
    assert f"/agenda/?agenda={contractor_agenda(order.contractor).pk}" in page
    made = client.post(f"/zaken/vakmensen/{order.contractor.pk}/sleutel/", follow=True).content.decode()
    secret = made[made.index("vk-") :].split("<")[0].split()[0]
    assert Api(secret).get("work-orders").json()[0]["number"] == order.number
    assert "Nieuwe sleutel" in made
    # A new key stops the earlier one.
    client.post(f"/zaken/vakmensen/{order.contractor.pk}/sleutel/")
    assert Api(secret).get("work-orders").status_code == 401
    assert ContractorKey.objects.filter(revoked_at__isnull=True).count() == 1
