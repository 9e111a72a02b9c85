"""A returned direct debit gets the follow-up its reason code asks for, once, right after the bank import."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.bank.builders import camt053
from tests.bank.test_import_bank import MARCH_RENT, OWN_IBAN, entry
from tests.factories import LedgerEntryFactory
from tests.world import build_world, household
from vangnet.bank.services import bank_statement_import
from vangnet.daily.services import run_day
from vangnet.flows.models import ReversalFollowUp, ReversalRule
from vangnet.flows.services import reversal_rules_install_defaults
from vangnet.ledger.models import EntryKind, PaymentMethod
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db

RETURNED_ON = dt.date(2026, 3, 5)


@pytest.fixture
def debit(db):
    corporation = build_world("Ymere", "ymere", iban="NL91 ABNA 0417 1643 00").corporation
    reversal_rules_install_defaults(corporation=corporation, actor="test")
    return household(
        corporation,
        arrears=MARCH_RENT,
        tenant={"email": "huurder@example.org"},
        payment_method=PaymentMethod.DIRECT_DEBIT,
        mandate_id="MANDATE-3",
        debit_iban="NL44RABO0123456789",
    ).contract


def _collect_and_return(contract, code: str, *, day: dt.date, e2e: str, capture) -> None:
    common = {"name": "Tenant", "iban": "NL44RABO0123456789", "e2e": e2e, "mandate": "MANDATE-3"}
    bank_statement_import(
        corporation=contract.corporation,
        data=camt053(
            entry("695.50", booked=(day - dt.timedelta(days=3)).isoformat(), **common), account=OWN_IBAN
        ),
        file_name=f"incasso-{e2e}.xml",
        actor="test",
    )
    returned = entry("695.50", "DBIT", return_reason=code, booked=day.isoformat(), **common)
    with capture(execute=True):
        bank_statement_import(
            corporation=contract.corporation,
            data=camt053(returned, account=OWN_IBAN),
            file_name=f"storno-{e2e}.xml",
            actor="test",
        )


def test_a_refund_by_the_tenant_plans_the_md06_message_at_once(debit, django_capture_on_commit_callbacks):
    _collect_and_return(
        debit, "MD06", day=RETURNED_ON, e2e="E2E-1", capture=django_capture_on_commit_callbacks
    )

    follow_up = ReversalFollowUp.objects.get(contract=debit)
    assert follow_up.code == "MD06"
    assert follow_up.template_code == "storno-md06"
    assert [d["channel"] for d in follow_up.deliveries] == ["email", "sms"]
    assert follow_up.deliveries[0]["address"] == "huurder@example.org"
    assert "Teruggeboekt door de huurder" in follow_up.reason
    assert follow_up.amount == Decimal("695.50")
    assert not Task.objects.exists()


def test_the_daily_run_does_not_follow_up_the_same_return_twice(debit, django_capture_on_commit_callbacks):
    _collect_and_return(
        debit, "MD06", day=RETURNED_ON, e2e="E2E-1", capture=django_capture_on_commit_callbacks
    )

    report = run_day(corporation=debit.corporation, as_of=RETURNED_ON)

    assert report.reversals_followed_up == 0
    assert ReversalFollowUp.objects.count() == 1


def test_repeated_insufficient_funds_asks_a_colleague_to_talk_about_paying(
    debit, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _collect_and_return(debit, "AM04", day=RETURNED_ON, e2e="E2E-1", capture=capture)
    assert not Task.objects.exists()

    _collect_and_return(debit, "AM04", day=RETURNED_ON + dt.timedelta(days=30), e2e="E2E-2", capture=capture)

    task = Task.objects.get()
    assert task.kind == TaskKind.CALL and "andere betaaldatum of betaalwijze" in task.title
    assert ReversalFollowUp.objects.filter(template_code="storno-algemeen").count() == 2


def test_a_deceased_account_holder_gets_no_message_but_a_task_for_the_heirs(
    debit, django_capture_on_commit_callbacks
):
    _collect_and_return(
        debit, "MD07", day=RETURNED_ON, e2e="E2E-1", capture=django_capture_on_commit_callbacks
    )

    follow_up = ReversalFollowUp.objects.get()
    assert follow_up.deliveries == [] and follow_up.send_at is None
    assert Task.objects.get().kind == TaskKind.CONTACT_HEIRS


def test_old_returns_from_an_imported_history_are_left_alone(debit):
    LedgerEntryFactory(
        contract=debit,
        kind=EntryKind.REVERSAL,
        amount=Decimal("695.50"),
        booking_date=RETURNED_ON - dt.timedelta(days=40),
        reversal_reason="MD06",
    )

    report = run_day(corporation=debit.corporation, as_of=RETURNED_ON)

    assert report.reversals_followed_up == 0


def test_an_unknown_code_gets_the_default_rule_and_without_rules_nothing_is_sent(debit):
    LedgerEntryFactory(
        contract=debit,
        kind=EntryKind.REVERSAL,
        amount=Decimal("695.50"),
        booking_date=RETURNED_ON,
        reversal_reason="SL01",
    )
    run_day(corporation=debit.corporation, as_of=RETURNED_ON)
    assert ReversalFollowUp.objects.get().template_code == "storno-algemeen"

    ReversalRule.objects.all().delete()
    LedgerEntryFactory(
        contract=debit,
        kind=EntryKind.REVERSAL,
        amount=Decimal("10.00"),
        booking_date=RETURNED_ON,
        reversal_reason="AM04",
    )
    run_day(corporation=debit.corporation, as_of=RETURNED_ON)
    assert ReversalFollowUp.objects.get(amount=Decimal("10.00")).deliveries == []
