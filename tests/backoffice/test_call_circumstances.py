"""Circumstances on the call list (issue 23): shown with their dates for every call, in one query, and
recorded from the call's outcome with the call as their source."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import tenant_with_contract
from vangnet.core.models import AuditEntry
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults, circumstance_record
from vangnet.tenants.models import Circumstance, CircumstanceSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(staff_a):
    circumstance_kinds_install_defaults(corporation=staff_a.corporation)
    return staff_a


def _call(staff, tenant, contract, title):
    return Task.objects.create(
        corporation=staff.corporation,
        kind=TaskKind.CALL,
        title=title,
        tenant=tenant,
        contract=contract,
        due_on=timezone.localdate(),
        source=TaskSource.FLOW,
    )


def _calls_with_circumstances(staff, n):
    for i in range(n):
        party = tenant_with_contract(
            corporation=staff.corporation, tenant_kwargs={"last_name": f"Huurder{i}"}
        )
        _call(staff, party.tenant, party.contract, f"Bel Huurder{i}")
        circumstance_record(
            tenant=party.tenant,
            kind_code="scheiding" if i % 2 else "werkloos",
            starts_on=dt.date(2025, 3, 1 + i),
            source=CircumstanceSource.STAFF,
            actor="petra",
        )


def test_the_call_list_shows_circumstances_in_force_with_their_dates(staff, django_assert_max_num_queries):
    _calls_with_circumstances(staff, 1)
    ended = circumstance_record(
        tenant=staff.tenant, kind_code="ziekte", starts_on=dt.date(2025, 1, 2), source="staff", actor="petra"
    )
    ended.ends_on = dt.date(2025, 2, 1)
    ended.save()
    _call(staff, staff.tenant, staff.contract, "Bel Bakker")
    with django_assert_max_num_queries(14) as few:
        page = staff.client.get("/bellijst/").content.decode()
    assert "Werkloos geworden sinds 01-03-2025" in page
    assert "Ziekte of ziekenhuisopname sinds" not in page  # ended before today: not shown
    _calls_with_circumstances(staff, 4)
    with django_assert_max_num_queries(14) as many:
        page = staff.client.get("/bellijst/").content.decode()
    assert page.count("Scheiding of uit elkaar sinds") == 2
    assert len(many) == len(few)  # one query for all circumstances, not one per call
    seen = AuditEntry.objects.filter(action="calls.circumstances_viewed").order_by("-pk").first()
    assert len(seen.data["tenants"]) == 5


def test_a_circumstance_heard_on_the_phone_is_recorded_with_the_outcome(staff):
    task = _call(staff, staff.tenant, staff.contract, "Bel Bakker")
    page = staff.client.get("/bellijst/").content.decode()
    assert "Iets veranderd in het leven van de huurder?" in page
    response = staff.client.post(
        f"/bellijst/{task.pk}/uitkomst/",
        {"uitkomst": "reached", "omstandigheid": "werkloos", "omstandigheid_sinds": "2025-03-10"},
        follow=True,
    )
    assert "omstandigheid vastgelegd: Werkloos geworden" in response.content.decode()
    recorded = Circumstance.objects.get(tenant=staff.tenant)
    assert (recorded.kind.code, recorded.starts_on, recorded.source) == (
        "werkloos",
        dt.date(2025, 3, 10),
        "call",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"omstandigheid": "verzonnen"}, "Kies een soort omstandigheid uit de lijst."),
        ({"omstandigheid": "ziekte", "omstandigheid_sinds": "2099-01-01"}, "De datum ligt in de toekomst"),
        ({"omstandigheid": "ziekte", "omstandigheid_sinds": "gisteren"}, "Vul een geldige datum in"),
    ],
)
def test_a_wrong_circumstance_on_the_call_changes_nothing(staff, fields, error):
    task = _call(staff, staff.tenant, staff.contract, "Bel Bakker")
    response = staff.client.post(
        f"/bellijst/{task.pk}/uitkomst/", {"uitkomst": "reached", **fields}, follow=True
    )
    assert error in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert not Circumstance.objects.exists()


def test_with_an_arrangement_the_circumstance_is_kept_before_the_form_opens(staff):
    task = _call(staff, staff.tenant, staff.contract, "Bel Bakker")
    response = staff.client.post(
        f"/bellijst/{task.pk}/uitkomst/", {"uitkomst": "arrangement", "omstandigheid": "inkomensdaling"}
    )
    assert response.status_code == 302 and "open=regeling" in response["Location"]
    assert Circumstance.objects.get(tenant=staff.tenant).source == "call"
