"""A tenant's request for all their data (AVG art. 15): the tenant card downloads it as JSON and as PDF,
only for credit managers and administrators, and the download is on the record."""

import io
import json

import pytest
from pypdf import PdfReader

from tests.factories import CorporationFactory
from tests.privacy.world import Retained
from tests.world import household
from vangnet.core.models import AuditEntry, Role

pytestmark = pytest.mark.django_db

KEYS = {
    "export",
    "tenant",
    "contracts",
    "ledger",
    "messages",
    "notes",
    "documents",
    "circumstances",
    "disputes",
    "dispute_attachments",
    "arrangements",
    "budget_checks",
    "cases",
    "case_entries",
    "promises",
    "contacts",
    "terminations",
    "home_modifications",
    "lettings",
    "payment_method_changes",
    "swaps",
    "co_tenant_changes",
    "co_tenant_consents",
    "service_subscriptions",
    "inspection_defects",
    "appointments",
    "payment_claims",
    "handovers",
    "early_signals",
    "signal_objections",
    "campaign_targets",
    "survey_answers",
    "contact_changes",
    "meter_readings",
    "contact_attempts",
    "tasks",
    "access_log",
}


def _url(tenant, fmt: str) -> str:
    return f"/huurders/{tenant.pk}/gegevens.{fmt}"


def test_the_json_holds_everything_about_the_tenant(retained: Retained, django_assert_max_num_queries):
    world = retained.world
    admin = world.add_staff("beheer", role=Role.ADMIN)
    with django_assert_max_num_queries(43):
        response = admin.client.get(_url(world.tenant, "json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert f"gegevens-huurder-{world.tenant.source_id}-" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data) == KEYS
    assert data["tenant"]["source_id"] == world.tenant.source_id
    assert data["tenant"]["last_name"] == world.tenant.last_name
    assert data["export"]["retention_days"]["closed_dossiers"] == 2557
    assert {row["contract_id"] for row in data["contracts"]} == {world.contract.source_id}
    assert len(data["messages"]) == 5
    assert {row["outcome"] for row in data["tasks"]} == {"Bereikt: betaalt vrijdag"}
    assert {row["file_name"] for row in data["dispute_attachments"]} == {"oud.pdf", "recent.pdf", "open.pdf"}
    assert {row["kind"] for row in data["circumstances"]} == {"Baan kwijt"}
    assert [(row["income"], row["affordable"]) for row in data["budget_checks"]] == [
        ("1500.00", "100.00")
    ] * 3
    entry = AuditEntry.objects.get(action="tenant.data_exported")
    assert (entry.tenant_id, entry.actor_id, entry.data) == (
        world.tenant.pk,
        admin.user.pk,
        {"format": "json"},
    )


def test_the_pdf_says_the_same_in_words(retained: Retained):
    world = retained.world
    manager = world.add_staff("incasso", role=Role.CREDIT_MANAGER)
    response = manager.client.get(_url(world.tenant, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Uw gegevens bij {world.corporation.name}" in text
    assert world.tenant.last_name in text
    assert "Huurcontracten" in text and world.contract.source_id in text
    assert "Belde over de huurverhoging" in text
    assert "Baan kwijt" in text
    assert "Budgetchecks bij betalingsregelingen" in text and "1500.00" in text
    assert AuditEntry.objects.filter(action="tenant.data_exported", data={"format": "pdf"}).count() == 1


@pytest.mark.parametrize("role", [Role.DISPUTE_HANDLER, Role.MANAGER])
def test_other_roles_get_no_export_and_no_link(retained: Retained, role):
    world = retained.world
    colleague = world.add_staff(f"collega-{role}", role=role)
    assert colleague.client.get(_url(world.tenant, "json")).status_code == 403
    card = colleague.client.get(f"/huurders/{world.tenant.pk}/").content.decode()
    assert "Alle gegevens van deze huurder" not in card
    assert not AuditEntry.objects.filter(action="tenant.data_exported").exists()


def test_the_card_links_to_the_downloads(retained: Retained):
    world = retained.world
    admin = world.add_staff("beheer", role=Role.ADMIN)
    card = admin.client.get(f"/huurders/{world.tenant.pk}/").content.decode()
    assert "Alle gegevens van deze huurder" in card
    assert _url(world.tenant, "pdf") in card and _url(world.tenant, "json") in card
    assert _url(world.tenant, "zip") in card


def test_another_corporations_tenant_or_an_unknown_format_is_not_found(retained: Retained):
    world = retained.world
    admin = world.add_staff("beheer", role=Role.ADMIN)
    stranger = household(CorporationFactory(slug="thuisbest")).tenant
    assert admin.client.get(_url(stranger, "json")).status_code == 404
    assert admin.client.get(_url(world.tenant, "xml")).status_code == 404
    assert not AuditEntry.objects.filter(action="tenant.data_exported").exists()
