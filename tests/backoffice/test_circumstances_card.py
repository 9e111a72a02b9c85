"""Circumstances on the tenant card: credit management records and ends them; dispute handlers never see them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory
from vangnet.core import clock
from vangnet.core.models import AuditEntry, Role
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults
from vangnet.tenants.models import Circumstance

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 10)


@pytest.fixture
def kinds(staff_a):
    circumstance_kinds_install_defaults(corporation=staff_a.corporation)


def _card(client, tenant) -> str:
    response = client.get(reverse("backoffice:tenant_card", args=[tenant.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_credit_manager_records_a_job_loss_and_sees_it_with_its_date(staff_a, kinds):
    with clock.moved_to(DAY):
        assert "Geen omstandigheden die nu aandacht vragen." in _card(staff_a.client, staff_a.tenant)
        response = staff_a.client.post(
            reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk]),
            {"soort": "werkloos", "sinds": "2026-11-02"},
            follow=True,
        )
        page = response.content.decode()
    assert "Werkloos geworden vastgelegd. De nacht kiest de aanpak opnieuw." in page
    assert "<strong>Werkloos geworden</strong> sinds 02-11-2026" in page
    assert "(Medewerker)" in page
    circumstance = Circumstance.objects.get(tenant=staff_a.tenant)
    assert circumstance.recorded_by == staff_a.user.username
    assert AuditEntry.objects.filter(
        action="tenant.circumstances_viewed", tenant_id=staff_a.tenant.pk
    ).exists()


def test_a_bad_date_or_kind_is_explained_and_nothing_is_recorded(staff_a, kinds):
    url = reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk])
    with clock.moved_to(DAY):
        page = staff_a.client.post(url, {"soort": "werkloos", "sinds": "gisteren"}, follow=True)
        assert "Vul een geldige begindatum in." in page.content.decode()
        page = staff_a.client.post(url, {"soort": "", "sinds": "2026-11-02"}, follow=True)
        assert "Kies een soort omstandigheid uit de lijst." in page.content.decode()
        page = staff_a.client.post(url, {"soort": "ziekte", "sinds": "2026-12-24"}, follow=True)
        assert "De datum ligt in de toekomst" in page.content.decode()
    assert not Circumstance.objects.exists()


def test_ending_a_circumstance_moves_it_to_earlier(staff_a, kinds):
    with clock.moved_to(DAY):
        staff_a.client.post(
            reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk]),
            {"soort": "ziekte", "sinds": "2026-10-01"},
        )
        circumstance = Circumstance.objects.get()
        page = staff_a.client.post(
            reverse("backoffice:circumstance_end", args=[circumstance.pk]), {"tot": "2026-11-05"}, follow=True
        ).content.decode()
    assert "Ziekte of ziekenhuisopname beëindigd." in page
    assert "Ziekte of ziekenhuisopname: 01-10-2026 \u2013 05-11-2026" in page
    assert "Geen omstandigheden die nu aandacht vragen." in page


def test_a_dispute_handler_neither_sees_nor_records_circumstances(staff_a, kinds):
    handler = MembershipFactory(corporation=staff_a.corporation, role=Role.DISPUTE_HANDLER)
    client = Client()
    client.force_login(handler.user)
    client.get("/")
    with clock.moved_to(DAY):
        staff_a.client.post(
            reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk]),
            {"soort": "scheiding", "sinds": "2026-11-01"},
        )
        page = _card(client, staff_a.tenant)
        refused = client.post(
            reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk]),
            {"soort": "werkloos", "sinds": "2026-11-02"},
        )
    assert "Omstandigheden" not in page
    assert "Scheiding" not in page
    assert refused.status_code == 403
    assert Circumstance.objects.count() == 1
    assert not AuditEntry.objects.filter(action="tenant.circumstances_viewed", actor=handler.user).exists()


def test_another_corporations_circumstance_cannot_be_ended(staff_a, staff_b, kinds):
    with clock.moved_to(DAY):
        staff_a.client.post(
            reverse("backoffice:circumstance_add", args=[staff_a.tenant.pk]),
            {"soort": "geboorte", "sinds": "2026-11-01"},
        )
        circumstance = Circumstance.objects.get()
        response = staff_b.client.post(
            reverse("backoffice:circumstance_end", args=[circumstance.pk]), {"tot": "2026-11-05"}
        )
    assert response.status_code == 404
    circumstance.refresh_from_db()
    assert circumstance.ends_on is None
