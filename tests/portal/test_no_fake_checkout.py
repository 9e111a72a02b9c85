"""A corporation without a real payment provider gives its tenants no pay button and no fake checkout."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owing(fatima):
    LedgerEntryFactory(contract=fatima.contract, booking_date=timezone.localdate() - dt.timedelta(days=20))
    return fatima


def test_with_the_sandbox_allowed_the_tenant_can_pay(fatima_client, owing, settings):
    settings.VANGNET_PAYMENTS_DEFAULT_PROVIDER = "sandbox"
    settings.VANGNET_PAYMENTS_SANDBOX = True
    html = fatima_client.get("/portaal/").content.decode()
    assert ">Betalen</a>" in html
    assert fatima_client.get(f"/portaal/contract/{owing.contract.pk}/betalen/").status_code == 200


@pytest.mark.parametrize(("provider", "sandbox"), [("sandbox", False), ("", False), ("", True)])
def test_without_a_real_provider_there_is_no_pay_button(fatima_client, owing, settings, provider, sandbox):
    # Production's defaults: no provider, the sandbox switched off.
    settings.VANGNET_PAYMENTS_DEFAULT_PROVIDER = provider
    settings.VANGNET_PAYMENTS_SANDBOX = sandbox
    html = fatima_client.get("/portaal/").content.decode()
    assert ">Betalen</a>" not in html
    assert "Ik heb al betaald" in html
    assert fatima_client.get(f"/portaal/contract/{owing.contract.pk}/betalen/").status_code == 404
