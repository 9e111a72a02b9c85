"""The work list (filters, bulk assignment, SLA colours) and the call list (order, contacts, outcomes)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory, tenant_with_contract
from tests.world import owing
from vangnet.core.models import AuditEntry, Role
from vangnet.events.models import OutboundEvent
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource, TaskStatus

pytestmark = pytest.mark.django_db


def _task(staff, *, tenant=None, contract=None, **kwargs) -> Task:
    return Task.objects.create(
        corporation=staff.corporation,
        kind=kwargs.pop("kind", TaskKind.CALL),
        title=kwargs.pop("title", "Bel over de achterstand"),
        tenant=tenant or staff.tenant,
        contract=contract or staff.contract,
        due_on=kwargs.pop("due_on", timezone.localdate()),
        source=kwargs.pop("source", TaskSource.FLOW),
        **kwargs,
    )


def test_filters_narrow_the_work_list(staff_a):
    today = timezone.localdate()
    _task(staff_a, title="Te laat bellen", due_on=today - dt.timedelta(days=2))
    _task(
        staff_a, title="Geschil bekijken", kind=TaskKind.DISPUTE, source=TaskSource.DISPUTE, team="Onderhoud"
    )
    _task(staff_a, title="Mijn taak", assigned_to=staff_a.user, due_on=today + dt.timedelta(days=3))

    def titles(**params) -> str:
        return staff_a.client.get("/taken/", params).content.decode()

    overdue = titles(termijn="te-laat")
    assert "Te laat bellen" in overdue and "Mijn taak" not in overdue and "sla--overdue" in overdue
    team = titles(team="Onderhoud")
    assert "Geschil bekijken" in team and "Te laat bellen" not in team
    mine = titles(wie="ik")
    assert "Mijn taak" in mine and "Geschil bekijken" not in mine
    nobody = titles(wie="niemand")
    assert "Mijn taak" not in nobody and "Te laat bellen" in nobody
    source = titles(bron="dispute")
    assert "Geschil bekijken" in source and "Mijn taak" not in source
    # Nonsense in the filters is ignored, not an error.
    assert staff_a.client.get("/taken/", {"termijn": "gisteren", "bron": "x", "wie": "y"}).status_code == 200


def test_bulk_assign_gives_tasks_to_a_colleague_and_a_team_within_the_corporation(staff_a, staff_b):
    colleague = MembershipFactory(corporation=staff_a.corporation, user=UserFactory(username="karel"))
    first, second = _task(staff_a, title="Een"), _task(staff_a, title="Twee")
    foreign = _task(staff_b, title="Ander")
    response = staff_a.client.post(
        "/taken/toewijzen/",
        {"taak": [first.pk, second.pk, foreign.pk], "medewerker": colleague.user.pk, "team": "Incasso Noord"},
        follow=True,
    )
    assert "2 taken toegewezen." in response.content.decode()
    assert set(Task.objects.filter(assigned_to=colleague.user).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert Task.objects.get(pk=first.pk).team == "Incasso Noord"
    foreign.refresh_from_db()
    assert foreign.assigned_to is None and foreign.team == ""
    assert AuditEntry.objects.filter(action="task.assigned", data__count=2).exists()

    # A user of another corporation cannot be given work here.
    outsider = staff_b.user
    refused = staff_a.client.post(
        "/taken/toewijzen/", {"taak": [first.pk], "medewerker": outsider.pk}, follow=True
    )
    assert "werkt niet voor deze corporatie" in refused.content.decode()
    assert Task.objects.get(pk=first.pk).assigned_to == colleague.user
    assert (
        "Kies eerst" in staff_a.client.post("/taken/toewijzen/", {"team": "x"}, follow=True).content.decode()
    )


def test_the_call_list_orders_by_priority_promise_amount_and_age(staff_a, django_assert_max_num_queries):
    today = timezone.localdate()
    people = {}
    for name, overdue, oldest in (("Klein", "150.00", 60), ("Groot", "2400.00", 30), ("Oud", "2400.00", 90)):
        party = tenant_with_contract(corporation=staff_a.corporation, tenant_kwargs={"last_name": name})
        owing(party.contract, Decimal(overdue), days_overdue=oldest, as_of=today)
        people[name] = _task(staff_a, tenant=party.tenant, contract=party.contract, title=f"Bel {name}")
    urgent = tenant_with_contract(corporation=staff_a.corporation, tenant_kwargs={"last_name": "Spoed"})
    _task(
        staff_a,
        tenant=urgent.tenant,
        contract=urgent.contract,
        title="Bel Spoed",
        priority=TaskPriority.URGENT,
    )
    _task(staff_a, title="Morgen", due_on=today + dt.timedelta(days=1))
    with django_assert_max_num_queries(12):
        page = staff_a.client.get("/bellijst/").content.decode()
    order = [page.index(f"Bel {name}") for name in ("Spoed", "Oud", "Groot", "Klein")]
    assert order == sorted(order)
    assert "Morgen" not in page
    assert 'href="tel:' in page


def test_not_reached_plans_another_try_and_stops_after_three(staff_a):
    task = _task(staff_a, title="Bel Bakker")
    for attempt in (2, 3):
        staff_a.client.post(f"/bellijst/{task.pk}/uitkomst/", {"uitkomst": "not_reached"})
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE and "Niet bereikt" in task.outcome
        task = Task.objects.get(source_key=f"call-retry:{Task.objects.order_by('pk').first().pk}:{attempt}")
        assert task.due_on > timezone.localdate() and f"(poging {attempt})" in task.title
    staff_a.client.post(f"/bellijst/{task.pk}/uitkomst/", {"uitkomst": "not_reached"})
    task.refresh_from_db()
    assert "3 keer niet bereikt" in task.outcome
    assert Task.objects.filter(status=TaskStatus.OPEN).count() == 0


def test_reached_and_wrong_number_finish_the_call_with_their_follow_up(staff_a):
    reached = _task(staff_a, title="Bel Bakker")
    staff_a.client.post(
        f"/bellijst/{reached.pk}/uitkomst/", {"uitkomst": "reached", "notitie": "Betaalt vandaag"}
    )
    reached.refresh_from_db()
    assert reached.outcome == "Bereikt: Betaalt vandaag" and reached.assigned_to == staff_a.user
    # The note typed at the outcome is on the tenant card's timeline, not only "Taak afgerond".
    card = staff_a.client.get(f"/huurders/{staff_a.tenant.pk}/").content.decode()
    assert "Taak afgerond: Bereikt: Betaalt vandaag" in card

    wrong = _task(staff_a, title="Bel Bakker opnieuw")
    staff_a.client.post(f"/bellijst/{wrong.pk}/uitkomst/", {"uitkomst": "wrong_number"})
    wrong.refresh_from_db()
    assert wrong.status == TaskStatus.DONE and wrong.outcome.startswith("Verkeerd nummer")
    event = OutboundEvent.objects.get(type="tenant.phone_reported_wrong")
    assert event.payload["tenant_id"] == staff_a.tenant.source_id

    # An outcome that is not on the list changes nothing.
    other = _task(staff_a, title="Bel nog iemand")
    response = staff_a.client.post(f"/bellijst/{other.pk}/uitkomst/", {"uitkomst": "maybe"}, follow=True)
    assert "Kies een uitkomst" in response.content.decode()
    other.refresh_from_db()
    assert other.status == TaskStatus.OPEN


def test_the_call_list_is_for_credit_managers_and_their_own_corporation(staff_a, staff_b, client):
    foreign = _task(staff_b, title="Bel Visser")
    assert "Bel Visser" not in staff_a.client.get("/bellijst/").content.decode()
    assert (
        staff_a.client.post(f"/bellijst/{foreign.pk}/uitkomst/", {"uitkomst": "reached"}).status_code == 404
    )
    handler = MembershipFactory(corporation=staff_a.corporation, role=Role.DISPUTE_HANDLER)
    client.force_login(handler.user)
    assert client.get("/bellijst/").status_code == 403
