"""Factories for payment requests and payments (kept beside the tests that use them)."""

import datetime as dt
import secrets
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import BuilderFactory, ContractFactory
from vangnet.payments.models import Payment, PaymentPurpose, PaymentRequest, PaymentSettings


class PaymentSettingsFactory(BuilderFactory):
    class Meta:
        model = PaymentSettings
        django_get_or_create = ("corporation",)

    provider = "sandbox"


class PaymentRequestFactory(BuilderFactory):
    class Meta:
        model = PaymentRequest

    contract = factory.SubFactory(ContractFactory)
    corporation = factory.SelfAttribute("contract.corporation")
    amount = Decimal("100.00")
    purpose = PaymentPurpose.OPEN_BALANCE
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))


class PaymentFactory(BuilderFactory):
    class Meta:
        model = Payment

    request = factory.SubFactory(PaymentRequestFactory)
    corporation = factory.SelfAttribute("request.corporation")
    provider = "sandbox"
    amount = factory.SelfAttribute("request.amount")
