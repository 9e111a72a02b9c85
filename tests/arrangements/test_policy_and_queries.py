import datetime as dt
from decimal import Decimal

import pytest

from tests.arrangements.conftest import AS_OF, arrears
from tests.flows.builders import pay
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, PaymentClaim, Promise
from vangnet.arrangements.monitoring import payment_claims_check, promises_settle_due
from vangnet.arrangements.selectors import (
    arrangement_kept_share,
    arrangement_policy_get,
    arrangement_schedule_rows,
    contract_arrangements,
    promise_latest_date,
    proposal_facts,
)
from vangnet.arrangements.services import (
    arrangement_create,
    arrangement_policy_install_default,
    arrangement_policy_set,
    arrangement_propose,
    payment_claim_register,
    promise_register,
)
from vangnet.core.errors import ApplicationError
from vangnet.daily.services import day_run
from vangnet.events.models import OutboundEvent

pytestmark = pytest.mark.django_db
START = dt.date(2026, 12, 1)
# Policy, the due ones (kept, then broken, each a select and an update), tasks, two bulk event
# publications and the audit entry.
SETTLE_QUERIES = 22


def test_policy_defaults_install_and_set(corporation, staff):
    unsaved = arrangement_policy_get(corporation=corporation)
    assert unsaved.pk is None and unsaved.max_installments == 12 and unsaved.max_total == Decimal("2500.00")
    installed = arrangement_policy_install_default(corporation=corporation, actor="test")
    assert arrangement_policy_install_default(corporation=corporation, actor="test").pk == installed.pk
    changed = arrangement_policy_set(
        corporation=corporation, actor=staff, promise_max_days=7, on_breach="resume"
    )
    assert (changed.promise_max_days, changed.on_breach) == (7, "resume")
    assert promise_latest_date(corporation=corporation, as_of=AS_OF) == AS_OF + dt.timedelta(days=7)
    for values, reason in (
        ({"colour": "red"}, "Onbekende instelling: colour."),
        ({"on_breach": "explode"}, "on_breach: Waarde 'explode' is geen geldige keuze."),
        ({"max_installments": 0}, "Het aantal termijnen moet tussen 1 en 60 liggen."),
    ):
        with pytest.raises(ApplicationError, match=reason):
            arrangement_policy_set(corporation=corporation, actor=staff, **values)
    assert ArrangementPolicy.objects.get(corporation=corporation).on_breach == "resume"


def test_reads_are_bounded(corporation, contract, staff, django_assert_max_num_queries):
    arrangement = arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=START,
        count=6,
        payment_method="link",
        actor=staff,
        as_of=AS_OF,
    )
    with django_assert_max_num_queries(3):
        proposal_facts(contract=contract, as_of=AS_OF)
    with django_assert_max_num_queries(3):
        assert len(arrangement_schedule_rows(arrangement=arrangement, as_of=AS_OF)) == 6
    with django_assert_max_num_queries(2):
        assert [len(a.installments.all()) for a in contract_arrangements(contract=contract)] == [6]
    with django_assert_max_num_queries(2):
        arrangement_kept_share(corporation=corporation, as_of=AS_OF)


def test_portal_proposal_by_direct_debit_with_an_invalid_iban_stores_nothing(corporation, contract):
    with pytest.raises(ApplicationError, match="IBAN"):
        arrangement_propose(
            contract=contract,
            count=3,
            start_date=START,
            payment_method="direct_debit",
            debit_iban="NL12 FOUT",
            as_of=AS_OF,
            actor="portal",
        )
    assert not Arrangement.objects.exists() and not OutboundEvent.objects.exists()
    outcome = arrangement_propose(
        contract=contract,
        count=3,
        start_date=START,
        payment_method="direct_debit",
        debit_iban="NL44RABO0123456789",
        as_of=AS_OF,
        actor="portal",
    )
    assert outcome.arrangement.mandate_id == f"VNG-BR-{outcome.arrangement.pk}"
    assert outcome.arrangement.mandate_date == AS_OF


def test_portal_start_date_is_within_a_month(corporation, contract):
    with pytest.raises(ApplicationError, match="uiterlijk"):
        arrangement_propose(
            contract=contract,
            count=3,
            start_date=AS_OF + dt.timedelta(days=45),
            payment_method="link",
            as_of=AS_OF,
            actor="portal",
        )


def test_settling_promises_queries_do_not_grow(corporation, staff, django_assert_max_num_queries):
    def promises(n):
        contracts = [arrears(corporation) for _ in range(n)]
        for index, contract in enumerate(contracts):
            promise_register(
                contract=contract,
                promised_date=AS_OF,
                amount=Decimal("700.00"),
                channel="phone",
                actor=staff,
                as_of=AS_OF,
            )
            if index % 2:
                pay(contract, Decimal("700.00"), AS_OF)

    promises(2)
    later = AS_OF + dt.timedelta(days=4)
    with django_assert_max_num_queries(SETTLE_QUERIES):
        assert promises_settle_due(corporation=corporation, as_of=later, grace_days=3) == (1, 1)
    promises(8)
    with django_assert_max_num_queries(SETTLE_QUERIES):
        assert promises_settle_due(corporation=corporation, as_of=later, grace_days=3) == (4, 4)
    assert Promise.objects.filter(settled_on=later).count() == 10


def test_checking_claims_queries_do_not_grow(corporation, django_assert_max_num_queries):
    def claims(n):
        for index in range(n):
            contract = arrears(corporation)
            payment_claim_register(
                contract=contract, paid_on=AS_OF, amount=Decimal("700.00"), actor="portal", as_of=AS_OF
            )
            if index % 2:
                pay(contract, Decimal("700.00"), AS_OF)

    claims(2)
    later = AS_OF + dt.timedelta(days=6)
    with django_assert_max_num_queries(SETTLE_QUERIES):
        assert payment_claims_check(corporation=corporation, as_of=later) == (1, 1)
    claims(8)
    with django_assert_max_num_queries(SETTLE_QUERIES):
        assert payment_claims_check(corporation=corporation, as_of=later) == (4, 4)
    assert PaymentClaim.objects.filter(status="open").count() == 0


def test_a_payment_before_the_claimed_window_does_not_count(corporation):
    contract = arrears(corporation)
    pay(contract, Decimal("700.00"), AS_OF - dt.timedelta(days=10))
    payment_claim_register(
        contract=contract,
        paid_on=AS_OF - dt.timedelta(days=2),
        amount=Decimal("700.00"),
        actor="portal",
        as_of=AS_OF,
    )
    assert payment_claims_check(corporation=corporation, as_of=AS_OF) == (0, 0)


def test_a_dry_run_changes_nothing(corporation, contract, staff):
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    arrangement = arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=AS_OF,
        count=2,
        payment_method="link",
        actor=staff,
        as_of=AS_OF,
    )
    events = OutboundEvent.objects.count()
    result = day_run(corporation=corporation, as_of=AS_OF + dt.timedelta(days=20), dry_run=True, actor="test")
    arrangement.refresh_from_db()
    assert arrangement.status == "active" and result.breach_notices == 0
    assert OutboundEvent.objects.count() == events
