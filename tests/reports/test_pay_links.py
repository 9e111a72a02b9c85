"""The channels report follows a message's pay link: how many messages carried one, how many were opened
(a payment started) and how many were paid through it."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.world import build_world
from vangnet.core import clock
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import manual_batch_get
from vangnet.payments.links import payment_requests_for_messages
from vangnet.payments.models import Payment, PaymentRequest, PaymentRequestStatus
from vangnet.reports.base import Query
from vangnet.reports.registry import report_named


def _message(world, channel: str, contract) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        corporation=world.corporation,
        batch=manual_batch_get(corporation=world.corporation, day=clock.today()),
        contract=contract,
        tenant=world.households[0].tenant,
        channel=channel,
        recipient="tenant",
        template_code="herinnering-vriendelijk",
        status=MessageStatus.SENT,
        amount=Decimal("250.00"),
    )


@pytest.fixture
def linked(db):
    world = build_world(messaging=True, tenants=3)
    with world.scope():
        contracts = [household.contract for household in world.households]
        paid = _message(world, "email", contracts[0])
        opened = _message(world, "sms", contracts[1])
        _message(world, "letter", contracts[2])  # a letter carries no link here
        # The pay links as the outbox makes them: the request's token is the message's own code.
        payment_requests_for_messages(
            corporation=world.corporation,
            links=[(str(m.code), m.contract_id, m.amount) for m in (paid, opened)],
            actor="test",
        )
        for message, status in ((paid, "paid"), (opened, "open")):
            request = PaymentRequest.objects.get(token=str(message.code))
            Payment.objects.create(
                corporation=world.corporation,
                request=request,
                provider="sandbox",
                amount=request.amount,
                status=status,
            )
        PaymentRequest.objects.filter(token=str(paid.code)).update(status=PaymentRequestStatus.PAID)
        yield world


def test_per_channel_the_pay_links_sent_opened_and_paid(linked):
    world = linked
    with world.scope():
        today = clock.today()
        result = report_named("channels").compute(
            Query(
                corporation=world.corporation,
                as_of=today,
                by="channel",
                period_start=today - dt.timedelta(days=7),
            )
        )
    rows = {row["label"]: row for row in result.rows}
    assert (
        rows["E-mail"]["pay_links"],
        rows["E-mail"]["pay_links_opened"],
        rows["E-mail"]["paid_by_link"],
    ) == (
        1,
        1,
        1,
    )
    assert (rows["SMS"]["pay_links"], rows["SMS"]["pay_links_opened"], rows["SMS"]["paid_by_link"]) == (
        1,
        1,
        0,
    )
    assert rows["Brief"]["pay_links"] == 0
    assert rows["Brief"]["paid_by_link_share"] is None
    assert (result.totals["pay_links"], result.totals["paid_by_link"]) == (2, 1)
    assert result.totals["paid_by_link_share"] == Decimal("50.00")
