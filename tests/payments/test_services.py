"""Payment requests, starting a payment and the one success path, through the services and the sandbox."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import LedgerEntryFactory
from tests.payments.conftest import OPEN
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry
from vangnet.payments.models import (
    Payment,
    PaymentPurpose,
    PaymentRequest,
    PaymentRequestStatus,
    PaymentStatus,
    SandboxCheckout,
)
from vangnet.payments.services import (
    payment_confirm,
    payment_request_create,
    payment_start,
    payment_status_refresh,
)

pytestmark = pytest.mark.usefixtures("in_woonstad")


def _request(tenancy, **kwargs) -> PaymentRequest:
    return payment_request_create(
        corporation=tenancy.corporation, contract=tenancy.contract, actor="test", **kwargs
    )


def test_request_for_the_open_balance_with_an_unguessable_token(tenancy):
    request = _request(tenancy)
    other = _request(tenancy)
    assert request.amount == OPEN
    assert request.status == PaymentRequestStatus.OPEN
    assert len(request.token) >= 32 and request.token != other.token
    assert request.token.replace("-", "").replace("_", "").isalnum()
    assert request.expires_at > timezone.now() + dt.timedelta(days=13)
    assert AuditEntry.objects.filter(action="payment_request.created", object_id=str(request.pk)).exists()


def test_request_for_an_instalment(tenancy):
    request = _request(tenancy, amount=Decimal("150"), purpose=PaymentPurpose.INSTALMENT)
    assert request.amount == Decimal("150.00")
    assert request.purpose == PaymentPurpose.INSTALMENT


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("2000.00"), "hoger dan wat er openstaat"),
        (Decimal("0"), "groter zijn dan"),
        (Decimal("-5"), "groter"),
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(tenancy, amount, message):
    with pytest.raises(ApplicationError, match=message):
        _request(tenancy, amount=amount)
    assert not PaymentRequest.objects.exists()


def test_no_request_when_nothing_is_open(tenancy):
    LedgerEntryFactory(contract=tenancy.contract, kind=EntryKind.PAYMENT, amount=-OPEN)
    with pytest.raises(ApplicationError, match="niets open"):
        _request(tenancy)


def test_no_request_for_a_contract_of_another_corporation(tenancy, other_tenancy):
    with pytest.raises(ApplicationError, match="hoort niet bij"):
        payment_request_create(corporation=tenancy.corporation, contract=other_tenancy.contract, actor="test")


def test_start_asks_no_more_than_is_open_now(tenancy):
    request = _request(tenancy)
    # The tenant paid part by bank transfer after the link went out.
    LedgerEntryFactory(contract=tenancy.contract, kind=EntryKind.PAYMENT, amount=Decimal("-43.25"))
    payment = payment_start(request=request)
    assert payment.amount == Decimal("1000.00")
    assert payment.status == PaymentStatus.OPEN
    assert payment.checkout_url == f"/betalen/testbank/{payment.provider_id}/"
    assert SandboxCheckout.objects.get(provider_id=payment.provider_id).amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        ({"status": PaymentRequestStatus.PAID}, "paid", "Dit betaalverzoek is al betaald."),
        ({"status": PaymentRequestStatus.CANCELLED}, "cancelled", "Dit betaalverzoek is ingetrokken."),
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "expired", "Deze betaallink is verlopen."),
    ],
)
def test_start_refuses_paid_cancelled_and_expired_requests(tenancy, change, code, reason):
    request = _request(tenancy)
    PaymentRequest.objects.filter(pk=request.pk).update(**change)
    request.refresh_from_db()
    with pytest.raises(ApplicationError, match=reason) as caught:
        payment_start(request=request)
    assert caught.value.extra["code"] == code
    assert not Payment.objects.exists()


def test_start_refuses_when_nothing_is_open_any_more(tenancy):
    request = _request(tenancy)
    LedgerEntryFactory(contract=tenancy.contract, kind=EntryKind.PAYMENT, amount=-OPEN)
    with pytest.raises(ApplicationError, match="Er staat niets meer open") as caught:
        payment_start(request=request)
    assert caught.value.extra["code"] == "nothing_open"


def test_start_refuses_while_an_earlier_payment_is_pending(tenancy):
    request = _request(tenancy)
    first = payment_start(request=request)
    Payment.objects.filter(pk=first.pk).update(status=PaymentStatus.PENDING)
    with pytest.raises(ApplicationError, match="Uw vorige betaling wordt nog verwerkt") as caught:
        payment_start(request=request)
    assert caught.value.extra["code"] == "pending"


def _pay_in_sandbox(payment: Payment, outcome: str = PaymentStatus.PAID) -> None:
    SandboxCheckout.objects.filter(provider_id=payment.provider_id).update(status=outcome)


def test_confirm_books_once_refreshes_the_standing_and_publishes(
    tenancy, booked_hooks, django_capture_on_commit_callbacks
):
    request = _request(tenancy)
    payment = payment_start(request=request)
    _pay_in_sandbox(payment)
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_status_refresh(payment=payment)
    assert payment.status == PaymentStatus.PAID
    entry = LedgerEntry.objects.get(source_id=f"vangnet-pay-{payment.pk}")
    assert (entry.kind, entry.amount, entry.linked_entry_id) == (EntryKind.PAYMENT, -OPEN, None)
    assert entry.payment_reference == tenancy.contract.payment_reference
    assert payment.ledger_entry_id == entry.pk
    standing = ContractStanding.objects.get(contract=tenancy.contract)
    assert standing.balance == Decimal("0.00")
    assert standing.as_of == timezone.localdate()
    request.refresh_from_db()
    assert request.status == PaymentRequestStatus.PAID and request.paid_at is not None
    event = OutboundEvent.objects.get(corporation=tenancy.corporation)
    assert event.type == "payment.received"
    assert event.payload["amount"] == "1043.25" and event.payload["contract_id"] == tenancy.contract.source_id
    assert booked_hooks == [
        {
            "corporation": tenancy.corporation,
            "contract_ids": [tenancy.contract.pk],
            "as_of": timezone.localdate(),
            "actor": None,
        }
    ]

    # Twice more: by the service directly and by a refresh, as a replayed webhook would.
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=payment)
        payment_status_refresh(payment=Payment.objects.get(pk=payment.pk))
    assert LedgerEntry.objects.filter(contract=tenancy.contract, kind=EntryKind.PAYMENT).count() == 3
    assert OutboundEvent.objects.count() == 1
    assert len(booked_hooks) == 1


def test_confirm_claims_by_state_even_with_a_stale_object(tenancy, booked_hooks):
    payment = payment_start(request=_request(tenancy))
    stale = Payment.objects.get(pk=payment.pk)
    payment_confirm(payment=payment)
    # A second worker still holding the row as "open" books nothing.
    assert stale.status == PaymentStatus.OPEN
    payment_confirm(payment=stale)
    assert LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").count() == 1
    assert stale.status == PaymentStatus.PAID


@pytest.mark.parametrize("outcome", [PaymentStatus.FAILED, PaymentStatus.CANCELED])
def test_a_failed_payment_books_nothing_and_a_new_attempt_is_possible(tenancy, outcome):
    request = _request(tenancy)
    payment = payment_start(request=request)
    _pay_in_sandbox(payment, outcome)
    payment = payment_status_refresh(payment=payment)
    assert payment.status == outcome
    assert not LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").exists()
    again = payment_start(request=request)
    assert again.pk != payment.pk and again.status == PaymentStatus.OPEN


def test_a_provider_that_is_down_leaves_a_failed_attempt_and_a_clear_error(tenancy, settings):
    settings.VANGNET_PAYMENTS_SANDBOX = False
    with pytest.raises(ApplicationError, match="Betalen lukt op dit moment niet") as caught:
        payment_start(request=_request(tenancy))
    assert caught.value.extra["code"] == "provider_unavailable"
    assert Payment.objects.get().status == PaymentStatus.FAILED


def test_refresh_and_confirm_use_a_bounded_number_of_queries(
    tenancy, booked_hooks, django_assert_max_num_queries
):
    payment = payment_start(request=_request(tenancy))
    _pay_in_sandbox(payment)
    # On PostgreSQL 2 of them price random reads as cached around the standings' carry and continuation.
    with django_assert_max_num_queries(32):
        payment_status_refresh(payment=payment)


def test_payment_settings_choose_a_known_provider(tenancy):
    from vangnet.payments.services import payment_settings_set

    found = payment_settings_set(
        corporation=tenancy.corporation, provider="mollie", mollie_api_key_env="MOLLIE_WOONSTAD", actor="test"
    )
    assert (found.provider, found.mollie_api_key_env) == ("mollie", "MOLLIE_WOONSTAD")
    with pytest.raises(ApplicationError, match="Onbekende betaaldienst"):
        payment_settings_set(corporation=tenancy.corporation, provider="paypal", actor="test")
    with pytest.raises(ApplicationError, match="90 dagen"):
        payment_settings_set(
            corporation=tenancy.corporation, provider="sandbox", default_expiry_days=0, actor="test"
        )
    found.refresh_from_db()
    assert found.provider == "mollie"
