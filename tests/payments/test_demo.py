"""The demo corporation pays in the sandbox: a pay link works straight after `vangnet demo`."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scope

from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractStanding, LedgerEntry
from vangnet.payments.models import PaymentSettings
from vangnet.payments.services import payment_request_create

pytestmark = pytest.mark.django_db


def test_seed_demo_sets_up_the_sandbox_and_a_link_can_be_paid(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", tenancies=40, months=4, as_of=date(2026, 3, 10), stdout=io.StringIO())
    call_command("seed_demo", tenancies=40, months=4, as_of=date(2026, 3, 10), stdout=io.StringIO())
    corporation = Corporation.objects.get(slug="demo")
    with scope(corporation=corporation):  # the test reads as a request of the demo corporation
        assert PaymentSettings.objects.get(corporation=corporation).provider == "sandbox"

        standing = (
            ContractStanding.objects.filter(corporation=corporation, balance__gt=0)
            .select_related("contract")
            .first()
        )
        assert standing is not None, "the demo should have tenants in arrears"
        link = payment_request_create(corporation=corporation, contract=standing.contract, actor="test")
        client = Client()
        checkout = client.post(f"/betalen/{link.token}/")["Location"]
        result = client.get(client.post(checkout, {"outcome": "paid"})["Location"])
        assert "Dank u wel" in result.content.decode()
        assert (
            LedgerEntry.objects.filter(corporation=corporation, source_id__startswith="vangnet-pay-").count()
            == 1
        )
