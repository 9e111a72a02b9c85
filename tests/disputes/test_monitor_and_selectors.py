"""The deadline monitor (set-based, idempotent) and the selectors behind the staff screens and the portal."""

import pytest
from django_scopes import scope

from tests.disputes.conftest import DUE, day, make_world
from tests.factories import LedgerEntryFactory, MembershipFactory, UserFactory
from tests.flows.builders import in_arrears
from vangnet.daily.services import run_day
from vangnet.disputes.models import DisputeStatus
from vangnet.disputes.selectors import (
    contract_disputes,
    dispute_categories,
    dispute_counts,
    dispute_detail,
    dispute_list,
    dispute_open_items,
    disputes_to_watch,
)
from vangnet.disputes.services import (
    dispute_assign,
    dispute_note_add,
    dispute_open,
    dispute_resolve,
    disputes_monitor,
)
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def _portfolio(world, count: int, *, code="factuur-niet-ontvangen", as_of=None):
    disputes = []
    for n in range(count):
        contract = world.contract if n == 0 else in_arrears(world.corporation, due=DUE, as_of=day(5))
        disputes.append(
            dispute_open(
                contract=contract,
                category=world.category(code),
                description=f"Geen factuur gekregen ({n})",
                items=[contract.entries.get()],
                as_of=as_of or day(6),
                actor="test",
            )
        )
    return disputes


def test_overdue_disputes_get_one_task_for_their_monitor(world, django_assert_max_num_queries):
    disputes = _portfolio(world, 4)  # deadline day 16
    monitor = UserFactory()
    MembershipFactory(user=monitor, corporation=world.corporation)
    dispute_assign(dispute=disputes[0], actor="test", monitor=monitor)
    dispute_resolve(
        dispute=disputes[3], solution="Kopie gestuurd.", items_resume=True, actor="t", as_of=day(8)
    )

    assert disputes_monitor(corporation=world.corporation, as_of=day(16)) == 0  # the deadline day itself
    # select, insert, audit (and a savepoint's two): the same for three disputes or three thousand
    with django_assert_max_num_queries(5):
        assert disputes_monitor(corporation=world.corporation, as_of=day(17)) == 3
    with django_assert_max_num_queries(1):
        assert disputes_monitor(corporation=world.corporation, as_of=day(18)) == 0

    tasks = Task.objects.filter(kind=TaskKind.DISPUTE_OVERDUE).order_by("contract_id")
    assert tasks.count() == 3
    first = tasks.get(source_key=f"dispute-overdue:{disputes[0].pk}")
    assert (first.assigned_to, first.team, first.due_on) == (monitor, "Huurincasso", day(19))
    assert first.title.startswith("Geschil over termijn: Factuur niet ontvangen")

    dispute_resolve(dispute=disputes[0], solution="Opgelost.", items_resume=True, actor="t", as_of=day(19))
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE  # the overdue task closes with the dispute


def test_the_daily_run_calls_the_monitor(world):
    _portfolio(world, 2)
    report = run_day(corporation=world.corporation, as_of=day(17))
    assert Task.objects.filter(kind=TaskKind.DISPUTE_OVERDUE).count() == 2
    assert report.tasks_created >= 2
    run_day(corporation=world.corporation, as_of=day(18))
    assert Task.objects.filter(kind=TaskKind.DISPUTE_OVERDUE).count() == 2


def test_selectors_filter_count_and_stay_bounded(world, django_assert_max_num_queries):
    disputes = _portfolio(world, 3)
    repair = dispute_open(
        contract=disputes[1].contract,
        category=world.category("reparatie-niet-uitgevoerd"),
        description="De lekkage is niet gemaakt.",
        items=[],
        as_of=day(6),
        actor="test",
    )
    dispute_assign(dispute=repair, actor="test", resolver_team="Onderhoud Noord")
    dispute_note_add(dispute=repair, text="Monteur ingepland.", actor="test")
    resolver = UserFactory()
    MembershipFactory(user=resolver, corporation=world.corporation)
    dispute_assign(dispute=disputes[2], actor="test", resolver=resolver)
    dispute_resolve(
        dispute=disputes[0], solution="Kopie gestuurd.", items_resume=True, actor="t", as_of=day(7)
    )

    with django_assert_max_num_queries(1):
        rows = list(dispute_list(as_of=day(17)))
    assert [d.pk for d in rows] == [disputes[1].pk, disputes[2].pk, repair.pk]  # by deadline
    assert [d.item_count for d in rows] == [1, 1, 0]
    assert [d.pk for d in dispute_list(as_of=day(17), overdue=True)] == [disputes[1].pk, disputes[2].pk]
    assert [d.pk for d in dispute_list(as_of=day(17), team="Onderhoud Noord")] == [repair.pk]
    assert [d.pk for d in dispute_list(as_of=day(17), resolver=resolver)] == [disputes[2].pk]
    assert [d.pk for d in dispute_list(as_of=day(17), status="resolved")] == [disputes[0].pk]
    assert len(dispute_list(as_of=day(17), status="all")) == 4
    assert [d.pk for d in dispute_list(as_of=day(17), category_id=repair.category_id)] == [repair.pk]

    assert [d.pk for d in disputes_to_watch(as_of=day(9))] == [disputes[1].pk, disputes[2].pk]
    assert [d.pk for d in disputes_to_watch(as_of=day(9), days=20)] == [
        disputes[1].pk,
        disputes[2].pk,
        repair.pk,
    ]

    with django_assert_max_num_queries(1):
        counts = dispute_counts(as_of=day(17))
    assert (counts.open, counts.overdue) == (3, 2)
    assert [(c.name, c.open, c.overdue) for c in counts.per_category] == [
        ("Factuur niet ontvangen", 2, 2),
        ("Reparatie niet uitgevoerd", 1, 0),
    ]

    with django_assert_max_num_queries(5):
        detail = dispute_detail(pk=repair.pk)
    assert [n.text for n in detail.notes] == ["Monteur ingepland."]
    assert [t.kind for t in detail.tasks] == [TaskKind.DISPUTE]
    assert detail.items == [] and detail.attachments == []

    with django_assert_max_num_queries(2):
        on_contract = [(d.pk, len(d.items.all())) for d in contract_disputes(contract=disputes[1].contract)]
    assert on_contract == [(repair.pk, 0), (disputes[1].pk, 1)]


def test_open_items_leave_out_paid_and_disputed_items(world, django_assert_max_num_queries):
    later = LedgerEntryFactory(contract=world.contract, booking_date=day(30), due_date=day(30))
    with django_assert_max_num_queries(2):
        items = dispute_open_items(contract=world.contract)
    assert [i.entry for i in items] == [world.item, later]  # not yet due counts too
    dispute_open(
        contract=world.contract,
        category=world.category("anders"),
        description="Klopt niet.",
        items=[world.item],
        as_of=day(6),
        actor="test",
    )
    assert [i.entry for i in dispute_open_items(contract=world.contract)] == [later]


def test_categories_for_staff_and_for_the_portal(world):
    hidden = world.category("servicekosten")
    hidden.tenant_visible = False
    hidden.save()
    world.category("anders").__class__.objects.filter(code="anders").update(active=False)

    staff = [c.code for c in dispute_categories(corporation=world.corporation)]
    portal = [c.code for c in dispute_categories(corporation=world.corporation, tenant_visible_only=True)]
    everything = dispute_categories(corporation=world.corporation, include_inactive=True)
    assert staff[0] == "factuur-niet-ontvangen" and "anders" not in staff and "servicekosten" in staff
    assert "servicekosten" not in portal and len(portal) == 5
    assert everything.count() == 7


def test_two_corporations_never_see_each_other(world):
    other = make_world()
    mine = _portfolio(world, 1)[0]
    theirs = _portfolio(other, 1)[0]
    disputes_monitor(corporation=world.corporation, as_of=day(17))
    assert not Task.objects.filter(corporation=other.corporation, kind=TaskKind.DISPUTE_OVERDUE).exists()

    with scope(corporation=world.corporation):
        assert [d.pk for d in dispute_list(as_of=day(17))] == [mine.pk]
        assert dispute_counts(as_of=day(17)).open == 1
        assert [d.pk for d in disputes_to_watch(as_of=day(17))] == [mine.pk]
        with pytest.raises(theirs.__class__.DoesNotExist, match="Dispute matching query does not exist"):
            dispute_detail(pk=theirs.pk)
        assert [c.corporation_id for c in dispute_categories(corporation=world.corporation)] == [
            world.corporation.pk
        ] * 7
    assert theirs.status == DisputeStatus.OPEN
