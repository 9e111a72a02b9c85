"""End to end: the day's run plans a reminder, the tenant opens its pay link, pays in the sandbox, and the
dossier closes the same moment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.flows.builders import corporation_with_flow, in_arrears, step
from tests.payments.test_portal import _pay
from vangnet.daily.services import day_run
from vangnet.flows.models import CloseReason, Enrollment, EnrollmentStatus
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.services import templates_install_defaults
from vangnet.payments.models import PaymentRequest
from vangnet.payments.services import payment_settings_set

pytestmark = pytest.mark.django_db


def test_a_tenant_pays_the_link_in_a_reminder_and_dunning_stops(
    django_capture_on_commit_callbacks, business_day
):
    today = business_day
    corporation, _ = corporation_with_flow(
        [step(0, "Herinnering", template="herinnering-vriendelijk"), step(30, "Bellen", action="call_task")]
    )
    payment_settings_set(corporation=corporation, provider="sandbox", actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    contract = in_arrears(corporation, due=today - dt.timedelta(days=6), as_of=today)

    result = day_run(corporation=corporation, as_of=today, actor="test")

    message = OutgoingMessage.objects.get(contract=contract)
    assert result.outbox is not None and result.outbox.created == 1
    link = PaymentRequest.objects.get(token=str(message.code))
    assert link.contract == contract and link.amount == Decimal("700.00")
    landing = Client().get(f"/betalen/{message.code}/")
    assert landing.status_code == 200 and "€ 700,00" in landing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        paid = _pay(Client(), str(message.code), "paid")

    assert paid.status_code == 200
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.status == EnrollmentStatus.CLOSED
    assert enrollment.close_reason == CloseReason.PAID


def test_a_refund_by_the_tenant_sends_the_md06_message_the_same_day(django_capture_on_commit_callbacks):
    from tests.bank.builders import camt053
    from tests.bank.test_import_bank import OWN_IBAN, entry
    from vangnet.bank.services import bank_statement_import
    from vangnet.flows.models import ReversalFollowUp
    from vangnet.flows.services import reversal_rules_install_defaults
    from vangnet.ledger.models import PaymentMethod

    today = timezone.localdate()
    corporation, _ = corporation_with_flow(iban=OWN_IBAN)
    reversal_rules_install_defaults(corporation=corporation, actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    contract = in_arrears(
        corporation,
        due=today - dt.timedelta(days=2),
        as_of=today,
        payment_method=PaymentMethod.DIRECT_DEBIT,
        mandate_id="M-1",
        debit_iban="NL44RABO0123456789",
    )
    common = {"name": "Huurder", "iban": "NL44RABO0123456789", "e2e": "E2E-9", "mandate": "M-1"}
    collected = (today - dt.timedelta(days=1)).isoformat()
    bank_statement_import(
        corporation=corporation,
        data=camt053(entry("700.00", booked=collected, **common), account=OWN_IBAN),
        file_name="incasso.xml",
        actor="test",
    )
    with django_capture_on_commit_callbacks(execute=True):
        bank_statement_import(
            corporation=corporation,
            data=camt053(
                entry("700.00", "DBIT", return_reason="MD06", booked=today.isoformat(), **common),
                account=OWN_IBAN,
            ),
            file_name="storno.xml",
            actor="test",
        )
    follow_up = ReversalFollowUp.objects.get(contract=contract)

    with django_capture_on_commit_callbacks(execute=True):
        result = day_run(corporation=corporation, as_of=today, actor="test")

    assert result.outbox is not None and result.outbox.reversal_messages == 2
    messages = OutgoingMessage.objects.filter(reversal_follow_up=follow_up).order_by("channel")
    assert [m.channel for m in messages] == ["email", "sms"]
    assert {m.template_code for m in messages} == {"storno-md06"}
    assert all(m.status in ("queued", "sent", "delivered") for m in messages), [m.status for m in messages]
    again = day_run(corporation=corporation, as_of=today, actor="test")
    assert again.outbox is not None and again.outbox.reversal_messages == 0
