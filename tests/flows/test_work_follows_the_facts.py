"""Work that follows the facts: a payment in full, an arrangement or a hold withdraws what the dunning
planned on the old facts (the open call, the reminder waiting for review) and supersedes the pay link."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import LedgerEntryFactory
from tests.flows.builders import corporation_with_flow, in_arrears, step
from vangnet.arrangements.models import ArrangementPaymentMethod
from vangnet.arrangements.services import arrangement_create
from vangnet.daily.services import day_run
from vangnet.flows.bookings import enrollments_reevaluate
from vangnet.flows.holds import hold_create
from vangnet.flows.models import Enrollment, EnrollmentStatus
from vangnet.flows.withdrawals import planned_work_withdraw
from vangnet.ledger.models import EntryKind
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import templates_install_defaults
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus
from vangnet.payments.services import payment_settings_set
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(business_day):
    """Yesterday's run made a call task, today's a reminder (in review) with a pay link of € 700,00."""
    today = business_day
    corporation, _ = corporation_with_flow(
        [
            step(0, "Bellen", action="call_task"),
            step(1, "Herinnering", template="herinnering-vriendelijk"),
            step(30, "Nog eens bellen", action="call_task"),
        ]
    )
    payment_settings_set(corporation=corporation, provider="sandbox", actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    contract = in_arrears(corporation, due=today - dt.timedelta(days=6), as_of=today)
    day_run(corporation=corporation, as_of=today - dt.timedelta(days=1), actor="test")
    day_run(corporation=corporation, as_of=today, actor="test")
    message = OutgoingMessage.objects.get(contract=contract)
    assert message.status == MessageStatus.IN_REVIEW
    assert Task.objects.get(contract=contract, kind=TaskKind.CALL).status == TaskStatus.OPEN
    return contract, message


def _assert_withdrawn(contract, message, why: str) -> None:
    task = Task.objects.get(contract=contract, kind=TaskKind.CALL)
    assert task.status == TaskStatus.CANCELLED
    assert why in task.outcome
    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED
    assert why in message.status_reason
    link = PaymentRequest.objects.get(token=str(message.code))
    assert link.status == PaymentRequestStatus.SUPERSEDED


def test_a_payment_in_full_closes_the_call_and_cancels_the_reminder(planned, business_day):
    contract, message = planned
    LedgerEntryFactory(contract=contract, kind=EntryKind.PAYMENT, amount=Decimal("-700.00"))

    enrollments_reevaluate(
        corporation=contract.corporation, contract_ids=[contract.pk], as_of=business_day, actor="bank"
    )

    _assert_withdrawn(contract, message, "betaald")
    page = Client().get(f"/betalen/{message.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Het bedrag is veranderd" in html and "niets meer open" in html
    assert "700,00" not in html


def test_a_part_payment_leaves_the_call_but_the_old_link_asks_what_is_open_now(planned, business_day):
    contract, message = planned
    LedgerEntryFactory(contract=contract, kind=EntryKind.PAYMENT, amount=Decimal("-200.00"))

    enrollments_reevaluate(
        corporation=contract.corporation, contract_ids=[contract.pk], as_of=business_day, actor="bank"
    )

    assert Task.objects.get(contract=contract, kind=TaskKind.CALL).status == TaskStatus.OPEN
    html = Client().get(f"/betalen/{message.code}/").content.decode()
    assert "Dit staat nu open" in html and "€ 500,00" in html
    assert "700,00" not in html


def test_an_arrangement_holds_the_flow_at_once_and_the_link_offers_the_next_instalment(planned, business_day):
    contract, message = planned

    arrangement_create(
        contract=contract,
        total=Decimal("700.00"),
        start_date=business_day + dt.timedelta(days=7),
        count=4,
        payment_method=ArrangementPaymentMethod.LINK,
        actor="test",
        as_of=business_day,
    )

    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.HELD
    _assert_withdrawn(contract, message, "wachtcode")
    html = Client().get(f"/betalen/{message.code}/").content.decode()
    assert "volgende termijn" in html and "€ 175,00" in html
    assert "700,00" not in html


def test_a_manual_hold_from_today_withdraws_the_planned_work(planned, business_day):
    contract, message = planned

    hold_create(
        contract=contract,
        reason="Huurder ligt in het ziekenhuis",
        starts_on=business_day,
        review_on=None,
        ends_on=None,
        owner=None,
        actor="test",
    )

    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.HELD
    _assert_withdrawn(contract, message, "wachtcode")


def test_a_hold_from_next_week_changes_nothing_today(planned, business_day):
    contract, message = planned

    hold_create(
        contract=contract,
        reason="Vakantie",
        starts_on=business_day + dt.timedelta(days=7),
        review_on=None,
        ends_on=None,
        owner=None,
        actor="test",
    )

    assert Task.objects.get(contract=contract, kind=TaskKind.CALL).status == TaskStatus.OPEN
    message.refresh_from_db()
    assert message.status == MessageStatus.IN_REVIEW


def test_work_of_other_sources_stays(planned):
    contract, _ = planned
    dispute_task = Task.objects.create(
        corporation=contract.corporation,
        kind=TaskKind.DISPUTE,
        title="Geschil behandelen",
        contract=contract,
        due_on=dt.date(2030, 1, 1),
        source=TaskSource.DISPUTE,
    )

    planned_work_withdraw(
        corporation=contract.corporation,
        contract_ids=[contract.pk],
        why="De achterstand is betaald.",
        actor="t",
    )

    dispute_task.refresh_from_db()
    assert dispute_task.status == TaskStatus.OPEN


def test_withdrawing_is_set_based(planned, django_assert_max_num_queries):
    contract, _ = planned
    with django_assert_max_num_queries(6):
        withdrawn = planned_work_withdraw(
            corporation=contract.corporation,
            contract_ids=[contract.pk, contract.pk + 1000, contract.pk + 2000],
            why="De achterstand is betaald.",
            actor="test",
        )
    assert (withdrawn.tasks, withdrawn.messages, withdrawn.links) == (1, 1, 1)
