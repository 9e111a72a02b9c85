"""Arrangements over the days of the daily run: kept, missed, rent unpaid; promises and claims likewise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.arrangements.conftest import AS_OF, RENT, arrears
from tests.factories import LedgerEntryFactory
from tests.flows.builders import pay
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPolicy,
    ArrangementStatus,
    PaymentClaim,
    Promise,
)
from vangnet.arrangements.monitoring import arrangement_breach_notices_send, arrangements_monitor
from vangnet.arrangements.selectors import (
    arrangement_kept_share,
    arrangement_schedule_rows,
    arrangements_to_watch,
    promises_to_watch,
)
from vangnet.arrangements.services import arrangement_create, payment_claim_register, promise_register
from vangnet.daily.services import day_run, run_day
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db

FIRST = dt.date(2026, 11, 15)
SECOND = dt.date(2026, 12, 15)
HALF = Decimal("350.00")
# Policy, instalments, the completed and the broken (select + update each), tasks, schedules, two bulk
# event publications (sequence lock, events, endpoints, savepoints) and the audit entry.
MONITOR_QUERIES = 24


def _arrangement(contract, staff, **kwargs):
    return arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=FIRST,
        count=2,
        payment_method="link",
        actor=staff,
        as_of=AS_OF,
        **kwargs,
    )


def _rent_off(corporation):
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)


def _status(arrangement):
    arrangement.refresh_from_db()
    return arrangement.status


def test_a_missed_instalment_breaks_the_arrangement_after_the_grace_days(corporation, contract, staff):
    _rent_off(corporation)
    run_day(corporation=corporation, as_of=AS_OF)
    arrangement = _arrangement(contract, staff)
    run_day(corporation=corporation, as_of=dt.date(2026, 11, 12))
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.status == EnrollmentStatus.HELD
    pay(contract, HALF, dt.date(2026, 11, 14))

    run_day(corporation=corporation, as_of=dt.date(2026, 11, 21))
    assert _status(arrangement) == ArrangementStatus.ACTIVE
    assert arrangement.installments.get(sequence=1).paid_on == dt.date(2026, 11, 21)
    assert arrangement.installments.get(sequence=2).paid_on is None

    run_day(corporation=corporation, as_of=SECOND + dt.timedelta(days=5))  # still within the grace days
    assert _status(arrangement) == ArrangementStatus.ACTIVE

    broken_day = SECOND + dt.timedelta(days=6)
    run_day(corporation=corporation, as_of=broken_day)
    assert _status(arrangement) == ArrangementStatus.BROKEN
    assert arrangement.broken_on == broken_day and "termijn" in arrangement.broken_reason
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE  # the hold went in the same run
    assert Hold.objects.get(kind=HoldKind.ARRANGEMENT).released_on == broken_day
    task = Task.objects.get(kind=TaskKind.ARRANGEMENT_BROKEN)
    assert task.assigned_to == staff and task.contract == contract and task.tenant is not None
    event = OutboundEvent.objects.get(type="arrangement.broken")
    assert event.payload["broken_on"] == broken_day.isoformat()

    run_day(corporation=corporation, as_of=broken_day + dt.timedelta(days=1))
    assert Task.objects.filter(kind=TaskKind.ARRANGEMENT_BROKEN).count() == 1
    assert OutboundEvent.objects.filter(type="arrangement.broken").count() == 1


def test_paid_in_full_with_current_rent_completes_the_arrangement(corporation, contract, staff):
    arrangement = _arrangement(contract, staff)
    pay(contract, HALF, dt.date(2026, 11, 14))
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2026, 12, 1), amount=RENT)
    pay(contract, RENT, dt.date(2026, 12, 1))
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 10))
    assert _status(arrangement) == ArrangementStatus.ACTIVE
    pay(contract, HALF, dt.date(2026, 12, 12))
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 13))
    assert _status(arrangement) == ArrangementStatus.COMPLETED
    assert arrangement.completed_on == dt.date(2026, 12, 13)
    assert set(arrangement.installments.values_list("paid_on", flat=True)) == {
        dt.date(2026, 12, 10),
        dt.date(2026, 12, 13),
    }
    assert OutboundEvent.objects.filter(type="arrangement.completed").count() == 1
    assert not Hold.objects.filter(kind=HoldKind.ARRANGEMENT, released_on__isnull=True).exists()


def test_current_rent_unpaid_breaks_it_too(corporation, contract, staff):
    arrangement = _arrangement(contract, staff)
    pay(contract, HALF, dt.date(2026, 11, 14))
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2026, 12, 1), amount=RENT)
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 6))
    assert _status(arrangement) == ArrangementStatus.ACTIVE
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 7))
    assert _status(arrangement) == ArrangementStatus.BROKEN
    assert "huur" in arrangement.broken_reason


def test_on_breach_resume_makes_no_task(corporation, contract, staff):
    ArrangementPolicy.objects.create(corporation=corporation, on_breach="resume", require_rent_current=False)
    arrangement = _arrangement(contract, staff)
    run_day(corporation=corporation, as_of=dt.date(2026, 11, 21))
    assert _status(arrangement) == ArrangementStatus.BROKEN
    assert not Task.objects.filter(kind=TaskKind.ARRANGEMENT_BROKEN).exists()


def test_day_run_tells_the_tenant_once(corporation, contract, staff):
    _rent_off(corporation)
    _arrangement(contract, staff)
    day = dt.date(2026, 11, 21)
    first = day_run(corporation=corporation, as_of=day, actor="test")
    second = day_run(corporation=corporation, as_of=day, actor="test")
    assert first.breach_notices == 1 and second.breach_notices == 0
    message = OutgoingMessage.objects.get(template_code="regeling-niet-nagekomen")
    assert message.contract == contract


def test_imported_arrangements_are_monitored(corporation, contract):
    from vangnet.ledger.importing.sources import RowsSource
    from vangnet.ledger.services.imports import import_erp_data

    run = import_erp_data(
        corporation=corporation,
        source=RowsSource(
            {
                "arrangements": [
                    {
                        "arrangement_id": "BR1",
                        "contract_id": contract.source_id,
                        "status": "active",
                        "agreed_on": "2026-11-01",
                        "start_date": "2026-11-05",
                        "total_amount": "700.00",
                    }
                ],
                "arrangement_installments": [
                    {"arrangement_id": "BR1", "sequence": "1", "due_date": "2026-11-05", "amount": "700.00"}
                ],
            }
        ),
        actor="erp",
    )
    assert run.status == "applied", run.errors
    imported = Arrangement.objects.get(source_id="BR1")
    assert imported.channel == "erp" and imported.payment_method == "" and imported.decided_rule == ""
    _rent_off(corporation)
    result = arrangements_monitor(corporation=corporation, as_of=dt.date(2026, 11, 11))
    assert result.broken == 1
    assert _status(imported) == ArrangementStatus.BROKEN


def test_a_snapshot_import_keeps_the_hold_of_an_arrangement_made_here(corporation, contract, staff):
    from vangnet.ledger.importing.sources import RowsSource
    from vangnet.ledger.services.imports import import_erp_data

    arrangement = _arrangement(contract, staff)
    run_day(corporation=corporation, as_of=dt.date(2026, 11, 11))
    import_erp_data(
        corporation=corporation, source=RowsSource({"arrangements": []}), mode="snapshot", actor="erp"
    )
    arrangement.refresh_from_db()
    # The ERP never listed it, so its snapshot does not mark it as removed.
    assert arrangement.removed_from_source_at is None
    run_day(corporation=corporation, as_of=dt.date(2026, 11, 12))
    assert Hold.objects.filter(kind=HoldKind.ARRANGEMENT, released_on__isnull=True).exists()


def test_monitoring_queries_do_not_grow_with_the_portfolio(corporation, staff, django_assert_max_num_queries):
    def portfolio(n):
        for _ in range(n):
            contract = arrears(corporation)
            _arrangement(contract, staff)
            pay(contract, HALF, dt.date(2026, 11, 14))

    portfolio(2)
    with django_assert_max_num_queries(MONITOR_QUERIES):
        arrangements_monitor(corporation=corporation, as_of=dt.date(2026, 11, 21))
    portfolio(6)  # some complete, some break, the first ones have an instalment covered
    for arrangement in Arrangement.objects.filter(status="active").select_related("contract")[:3]:
        pay(arrangement.contract, HALF, dt.date(2026, 12, 14))
    with django_assert_max_num_queries(MONITOR_QUERIES):
        result = arrangements_monitor(corporation=corporation, as_of=dt.date(2026, 12, 21))
    assert result.completed + result.broken == 8


def test_a_kept_promise_and_a_broken_one(corporation, staff):
    keeper, breaker = arrears(corporation), arrears(corporation)
    run_day(corporation=corporation, as_of=AS_OF)
    promised = AS_OF + dt.timedelta(days=4)
    for contract in (keeper, breaker):
        promise_register(
            contract=contract,
            promised_date=promised,
            amount=Decimal("700.00"),
            channel="phone",
            actor=staff,
            as_of=AS_OF,
        )
    run_day(corporation=corporation, as_of=AS_OF + dt.timedelta(days=1))
    assert Enrollment.objects.filter(status=EnrollmentStatus.HELD).count() == 2
    pay(keeper, Decimal("700.00"), promised)
    report = run_day(corporation=corporation, as_of=promised + dt.timedelta(days=4))  # after 3 grace days
    assert (report.promises_kept, report.promises_broken) == (1, 1)
    assert Promise.objects.get(contract=keeper).status == "kept"
    assert Promise.objects.get(contract=breaker).status == "broken"
    assert Task.objects.get(kind=TaskKind.PROMISE_BROKEN).contract == breaker
    assert Enrollment.objects.get(contract=breaker).status == EnrollmentStatus.ACTIVE
    assert {"promise.kept", "promise.broken"} <= set(OutboundEvent.objects.values_list("type", flat=True))


def test_payment_claim_found_and_not_found(corporation):
    found, missing = arrears(corporation), arrears(corporation)
    run_day(corporation=corporation, as_of=AS_OF)
    for contract in (found, missing):
        payment_claim_register(
            contract=contract,
            paid_on=AS_OF - dt.timedelta(days=1),
            amount=Decimal("700.00"),
            actor="portal",
            as_of=AS_OF,
        )
    run_day(corporation=corporation, as_of=AS_OF)
    assert Hold.objects.filter(kind=HoldKind.PAYMENT_CLAIM, released_on__isnull=True).count() == 2
    assert Enrollment.objects.filter(status=EnrollmentStatus.HELD).count() == 2

    pay(found, Decimal("699.99"), AS_OF + dt.timedelta(days=1))
    run_day(corporation=corporation, as_of=AS_OF + dt.timedelta(days=2))
    assert PaymentClaim.objects.get(contract=found).status == "found"
    assert PaymentClaim.objects.get(contract=missing).status == "open"

    run_day(corporation=corporation, as_of=AS_OF + dt.timedelta(days=5))  # hold_until: still waiting
    assert PaymentClaim.objects.get(contract=missing).status == "open"
    day = AS_OF + dt.timedelta(days=6)
    run_day(corporation=corporation, as_of=day)
    claim = PaymentClaim.objects.get(contract=missing)
    assert claim.status == "not_found" and claim.resolved_on == day
    assert Task.objects.get(kind=TaskKind.PAYMENT_CLAIM).contract == missing
    assert Enrollment.objects.get(contract=missing).status == EnrollmentStatus.ACTIVE
    assert OutboundEvent.objects.filter(type="payment_claim.not_found").count() == 1


def test_schedule_rows_watch_lists_and_kept_share(corporation, contract, staff):
    _rent_off(corporation)
    arrangement = _arrangement(contract, staff)
    pay(contract, HALF, dt.date(2026, 11, 14))
    rows = arrangement_schedule_rows(arrangement=arrangement, as_of=dt.date(2026, 11, 16))
    assert [row.state for row in rows] == ["paid", "future"]
    unpaid = arrears(corporation)
    other = _arrangement(unpaid, staff)
    assert [r.state for r in arrangement_schedule_rows(arrangement=other, as_of=dt.date(2026, 11, 18))] == [
        "due",
        "future",
    ]
    late = arrangement_schedule_rows(arrangement=other, as_of=dt.date(2026, 11, 21))
    assert late[0].state == "late"
    with scope(corporation=corporation):
        run_day(corporation=corporation, as_of=dt.date(2026, 11, 16))
        watched = list(arrangements_to_watch(as_of=dt.date(2026, 11, 16)))
        assert [a.pk for a in watched] == [other.pk]
        assert list(promises_to_watch(as_of=AS_OF)) == []
    run_day(corporation=corporation, as_of=dt.date(2026, 11, 21))
    share = {
        row.kind: row for row in arrangement_kept_share(corporation=corporation, as_of=dt.date(2026, 11, 21))
    }
    assert share["channel:staff"].broken == 1 and share["channel:staff"].kept == 0
    assert share["channel:staff"].share == Decimal("0")


def test_two_corporations_never_meet(corporation, staff):
    from tests.flows.builders import corporation_with_flow

    other_corporation, _ = corporation_with_flow()
    mine, theirs = arrears(corporation), arrears(other_corporation)
    _arrangement(mine, staff)
    theirs_arrangement = _arrangement(theirs, staff)
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    result = arrangements_monitor(corporation=corporation, as_of=dt.date(2026, 11, 21))
    assert result.broken == 1
    assert _status(theirs_arrangement) == ArrangementStatus.ACTIVE
    with scope(corporation=corporation):
        assert [a.contract_id for a in arrangements_to_watch(as_of=dt.date(2026, 11, 21))] == []
    with scope(corporation=other_corporation):
        assert [a.pk for a in arrangements_to_watch(as_of=dt.date(2026, 11, 21))] == [theirs_arrangement.pk]
    assert not OutboundEvent.objects.filter(corporation=other_corporation, type="arrangement.broken").exists()


def test_breach_notices_of_the_night_go_out_together_each_once(
    corporation, staff, django_capture_on_commit_callbacks
):
    _rent_off(corporation)
    contracts = [arrears(corporation) for _ in range(3)]
    for each in contracts:
        _arrangement(each, staff)
    with scope(corporation=corporation):
        run_day(corporation=corporation, as_of=dt.date(2026, 11, 21))

    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        sent = arrangement_breach_notices_send(
            corporation=corporation, as_of=dt.date(2026, 11, 21), actor="test"
        )

    notices = OutgoingMessage.objects.filter(template_code="regeling-niet-nagekomen")
    assert sent == 3
    assert sorted(notices.values_list("contract_id", flat=True)) == sorted(c.pk for c in contracts)
    assert set(notices.values_list("status", flat=True)) == {"sent"}
    # Delivered in one go: one claim of all three (one set of look-ups, one mail connection), not one each.
    claims = [q["sql"] for q in queries.captured_queries if "'sending'" in q["sql"] and "UPDATE" in q["sql"]]
    assert len(claims) == 1
