import datetime as dt
from decimal import Decimal

import pytest

from tests.arrangements.conftest import AS_OF, arrears
from tests.factories import ContractFactory
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPolicy,
    ArrangementStatus,
    Installment,
    PaymentClaim,
    Promise,
)
from vangnet.arrangements.selectors import proposal_facts
from vangnet.arrangements.services import (
    arrangement_approve,
    arrangement_cancel,
    arrangement_create,
    arrangement_propose,
    arrangement_reject,
    payment_claim_register,
    promise_register,
)
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.events.models import OutboundEvent
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db
START = dt.date(2026, 12, 1)


def _events(corporation):
    return list(OutboundEvent.objects.filter(corporation=corporation).values_list("type", flat=True))


def _nothing_written(corporation):
    assert not Arrangement.objects.filter(corporation=corporation).exists()
    assert not OutboundEvent.objects.filter(corporation=corporation).exists()
    assert not Task.objects.filter(corporation=corporation).exists()


def test_staff_creates_an_active_arrangement_with_schedule_audit_and_event(
    corporation, contract, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arrangement = arrangement_create(
            contract=contract,
            total=Decimal("700.00"),
            start_date=START,
            count=3,
            payment_method="link",
            actor=staff,
            as_of=AS_OF,
        )
    assert arrangement.status == ArrangementStatus.ACTIVE
    assert arrangement.channel == "staff" and arrangement.owner == staff and arrangement.agreed_on == AS_OF
    assert arrangement.source_id == f"vangnet-arrangement-{arrangement.pk}"
    assert list(arrangement.installments.values_list("amount", "due_date")) == [
        (Decimal("233.33"), START),
        (Decimal("233.33"), dt.date(2027, 1, 1)),
        (Decimal("233.34"), dt.date(2027, 2, 1)),
    ]
    assert _events(corporation) == ["arrangement.registered"]
    event = OutboundEvent.objects.get(corporation=corporation)
    assert event.payload["contract_id"] == contract.source_id
    assert event.payload["installments"][2] == {"sequence": 3, "due_date": "2027-02-01", "amount": "233.34"}
    assert AuditEntry.objects.filter(action="arrangement.registered", object_id=str(arrangement.pk)).exists()
    assert OutgoingMessage.objects.filter(contract=contract, template_code="regeling-bevestigd").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 0}, "termijnen"),
        ({"start_date": AS_OF - dt.timedelta(days=1)}, "verleden"),
        ({"payment_method": "cash"}, "betaalwijze"),
        ({"payment_method": "direct_debit"}, "IBAN"),
        ({"payment_method": "direct_debit", "debit_iban": "NL00RABO0000000000"}, "IBAN"),
        ({"channel": "erp"}, "afgesproken"),
    ],
)
def test_staff_create_refusals_change_nothing(corporation, contract, staff, kwargs, message):
    arguments = {
        "contract": contract,
        "total": Decimal("700.00"),
        "start_date": START,
        "count": 3,
        "payment_method": "link",
        "actor": staff,
        "as_of": AS_OF,
        **kwargs,
    }
    with pytest.raises(ApplicationError, match=message):
        arrangement_create(**arguments)
    _nothing_written(corporation)


def test_a_second_running_arrangement_is_refused(corporation, contract, staff):
    arrangement_create(
        contract=contract,
        total=Decimal("700"),
        start_date=START,
        count=2,
        payment_method="link",
        actor=staff,
        as_of=AS_OF,
    )
    with pytest.raises(ApplicationError, match="al een betalingsregeling"):
        arrangement_create(
            contract=contract,
            total=Decimal("700.00"),
            start_date=START,
            count=2,
            payment_method="link",
            actor=staff,
            as_of=AS_OF,
        )
    assert Arrangement.objects.count() == 1 and Installment.objects.count() == 2


def test_direct_debit_with_a_valid_iban_is_stored_on_the_arrangement(corporation, contract, staff):
    arrangement = arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=START,
        amount=Decimal("250.00"),
        payment_method="direct_debit",
        debit_iban="nl91 abna 0417 1643 00",
        actor=staff,
        as_of=AS_OF,
    )
    assert arrangement.debit_iban == "NL91ABNA0417164300"
    assert [i.amount for i in arrangement.installments.all()] == [
        Decimal("250.00"),
        Decimal("250.00"),
        Decimal("200.00"),
    ]


def test_proposal_within_the_rules_is_active_at_once(
    corporation, contract, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = arrangement_propose(
            contract=contract, count=4, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
        )
    assert outcome.decision.approved and outcome.decision.rule == "within_rules"
    arrangement = outcome.arrangement
    assert arrangement.status == ArrangementStatus.ACTIVE and arrangement.channel == "portal"
    assert arrangement.total_amount == Decimal("700.00")  # the open balance
    assert arrangement.decided_rule == "within_rules" and arrangement.decision_reason
    assert _events(corporation) == ["arrangement.registered"]
    assert not Task.objects.exists()
    assert OutgoingMessage.objects.filter(template_code="regeling-bevestigd").exists()


def test_proposal_outside_the_rules_is_requested_with_a_review_task(
    corporation, contract, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = arrangement_propose(
            contract=contract, count=13, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
        )
    assert not outcome.decision.approved and outcome.decision.rule == "too_many_installments"
    arrangement = outcome.arrangement
    assert arrangement.status == ArrangementStatus.REQUESTED
    assert arrangement.decided_rule == "too_many_installments"
    task = Task.objects.get(kind=TaskKind.ARRANGEMENT_REVIEW)
    assert task.source == "portal" and task.contract == contract and "13 termijnen" in task.description
    assert _events(corporation) == ["arrangement.requested"]
    assert OutgoingMessage.objects.filter(template_code="regeling-in-behandeling").exists()

    with django_capture_on_commit_callbacks(execute=True):
        arrangement_approve(arrangement=arrangement, actor=staff, as_of=AS_OF)
    arrangement.refresh_from_db()
    task.refresh_from_db()
    assert arrangement.status == ArrangementStatus.ACTIVE and arrangement.owner == staff
    assert task.status == TaskStatus.DONE
    assert _events(corporation)[-1] == "arrangement.approved"
    with pytest.raises(ApplicationError, match="Alleen een aangevraagde regeling kan worden goedgekeurd"):
        arrangement_approve(arrangement=arrangement, actor=staff, as_of=AS_OF)


def test_reject_needs_a_reason_and_closes_the_task(corporation, contract, staff):
    ArrangementPolicy.objects.create(corporation=corporation, min_tenancy_months=200)
    outcome = arrangement_propose(
        contract=contract, count=2, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
    )
    assert outcome.decision.rule == "tenancy_too_short"
    with pytest.raises(ApplicationError, match="Schrijf kort op waarom de regeling niet kan"):
        arrangement_reject(arrangement=outcome.arrangement, reason=" ", actor=staff, as_of=AS_OF)
    arrangement_reject(arrangement=outcome.arrangement, reason="Eerst een gesprek", actor=staff, as_of=AS_OF)
    outcome.arrangement.refresh_from_db()
    assert outcome.arrangement.status == ArrangementStatus.REJECTED  # a decision, not a cancellation
    assert outcome.arrangement.cancelled_reason == "Eerst een gesprek"
    assert Task.objects.get().status == TaskStatus.DONE
    assert _events(corporation)[-1] == "arrangement.rejected"


def test_rent_not_current_and_more_than_open_are_handled(corporation):
    unpaid = arrears(corporation, rent_paid=False)
    facts = proposal_facts(contract=unpaid, as_of=AS_OF)
    assert facts.open_balance == Decimal("1395.50") and not facts.rent_current and facts.tenancy_months >= 12
    with pytest.raises(ApplicationError, match="hoger"):
        arrangement_propose(
            contract=unpaid,
            count=2,
            start_date=START,
            payment_method="link",
            as_of=AS_OF,
            actor="portal",
            total=Decimal("5000.00"),
        )
    _nothing_written(corporation)
    outcome = arrangement_propose(
        contract=unpaid, count=2, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
    )
    assert outcome.decision.rule == "rent_not_current"


def test_proposal_while_one_runs_is_refused(corporation, contract):
    arrangement_propose(
        contract=contract, count=2, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
    )
    with pytest.raises(ApplicationError, match="al een betalingsregeling"):
        arrangement_propose(
            contract=contract, count=2, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
        )
    assert Arrangement.objects.count() == 1


def test_nothing_open_is_refused(corporation):
    paid_up = ContractFactory(corporation=corporation)
    with pytest.raises(ApplicationError, match="geen bedrag open"):
        arrangement_propose(
            contract=paid_up, count=2, start_date=START, payment_method="link", as_of=AS_OF, actor="portal"
        )
    _nothing_written(corporation)


def test_cancel_an_active_arrangement(corporation, contract, staff):
    arrangement = arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=START,
        count=2,
        payment_method="link",
        actor=staff,
        as_of=AS_OF,
    )
    arrangement_cancel(arrangement=arrangement, reason="Huurder verhuist", actor=staff, as_of=AS_OF)
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.CANCELLED
    with pytest.raises(ApplicationError, match="Deze regeling loopt niet meer"):
        arrangement_cancel(arrangement=arrangement, reason="nogmaals", actor=staff, as_of=AS_OF)
    assert _events(corporation) == ["arrangement.registered", "arrangement.cancelled"]


def test_promise_register_and_its_refusals(corporation, contract, staff, django_capture_on_commit_callbacks):
    latest = AS_OF + dt.timedelta(days=14)
    for kwargs, message in [
        ({"promised_date": latest + dt.timedelta(days=1)}, "datum"),
        ({"promised_date": AS_OF - dt.timedelta(days=1)}, "datum"),
        ({"amount": Decimal("0.00")}, "bedrag"),
        ({"channel": "erp"}, "belofte"),
    ]:
        arguments = {"promised_date": latest, "amount": Decimal("700.00"), "channel": "phone", **kwargs}
        with pytest.raises(ApplicationError, match=message):
            promise_register(contract=contract, actor=staff, as_of=AS_OF, **arguments)
    assert not Promise.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        promise = promise_register(
            contract=contract,
            promised_date=latest,
            amount=Decimal("700.00"),
            channel="phone",
            actor=staff,
            as_of=AS_OF,
        )
    assert promise.status == "open" and promise.channel == "phone" and promise.made_on == AS_OF
    assert _events(corporation) == ["promise.registered"]
    assert OutgoingMessage.objects.filter(template_code="belofte-bevestigd").exists()
    with pytest.raises(ApplicationError, match="al een betaalbelofte"):
        promise_register(
            contract=contract,
            promised_date=latest,
            amount=Decimal("10.00"),
            channel="portal",
            actor="portal",
            as_of=AS_OF,
        )


def test_payment_claim_register_and_its_refusals(corporation, contract):
    for paid_on, amount, reason in [
        (AS_OF + dt.timedelta(days=1), Decimal("700.00"), "De betaaldatum kan niet in de toekomst liggen."),
        (AS_OF - dt.timedelta(days=61), Decimal("700.00"), "Deze betaling is langer dan 60 dagen geleden."),
        (AS_OF, Decimal("-1.00"), "Het bedrag moet meer dan € 0 zijn."),
    ]:
        with pytest.raises(ApplicationError, match=reason):
            payment_claim_register(
                contract=contract, paid_on=paid_on, amount=amount, actor="portal", as_of=AS_OF
            )
    claim = payment_claim_register(
        contract=contract,
        paid_on=AS_OF - dt.timedelta(days=2),
        amount=Decimal("700.00"),
        actor="portal",
        as_of=AS_OF,
    )
    assert claim.status == "open" and claim.hold_until == AS_OF + dt.timedelta(days=5)
    assert _events(corporation) == ["payment_claim.registered"]
    with pytest.raises(ApplicationError, match="vorige melding"):
        payment_claim_register(
            contract=contract, paid_on=AS_OF, amount=Decimal("1.00"), actor="portal", as_of=AS_OF
        )
    assert PaymentClaim.objects.count() == 1
