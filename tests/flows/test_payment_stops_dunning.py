"""A tenant pays through a payment link: the booking closes the dossier the same moment."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.flows.builders import corporation_with_flow, in_arrears
from vangnet.daily.services import run_day
from vangnet.flows.models import CloseReason, Enrollment, EnrollmentStatus
from vangnet.payments.models import Payment, PaymentStatus
from vangnet.payments.services import payment_confirm, payment_request_create

pytestmark = pytest.mark.django_db


def test_paying_the_link_closes_the_enrollment_at_once(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=today - dt.timedelta(days=10), as_of=today)
    run_day(corporation=corporation, as_of=today)
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.ACTIVE
    request = payment_request_create(
        corporation=corporation, contract=contract, amount=Decimal("700.00"), actor="test"
    )
    payment = Payment.objects.create(
        corporation=corporation,
        request=request,
        provider="sandbox",
        provider_id="sbx_test_1",
        amount=Decimal("700.00"),
        status=PaymentStatus.OPEN,
    )

    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=payment, actor="webhook")

    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.status == EnrollmentStatus.CLOSED
    assert enrollment.close_reason == CloseReason.PAID
    assert enrollment.events.get(kind="closed").reason.startswith("Betaling ontvangen")
