"""The demo's contract processes: a letting waiting for the signature, one signed with its sealed PDF, a
swap waiting for the second confirmation, a switch to direct debit the ERP has not processed yet, a service
subscription and a tenaamstelling waiting for consent."""

import datetime as dt
import io
import zipfile

import pytest

from vangnet.contracts.models import (
    ChangeStatus,
    CoTenantChange,
    CoTenantStatus,
    Letting,
    LettingStatus,
    PaymentMethodChange,
    ServiceSubscription,
    Swap,
    SwapStatus,
)
from vangnet.core import clock
from vangnet.demo.contracts import demo_contracts_open
from vangnet.demo.setup import seed_demo
from vangnet.ledger.models import PaymentMethod
from vangnet.privacy.archive import tenant_data_zip
from vangnet.privacy.export import tenant_data

AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
def test_the_demo_has_a_letting_to_sign_on_a_vacant_home():
    seed = seed_demo(tenancies=120, months=12, as_of=AS_OF, run_flows=False)
    corporation = seed.corporation
    letting = Letting.objects.get(corporation=corporation, status=LettingStatus.WAITING)
    assert letting.case.entries.filter(kind="document").count() == 1
    # On a home the ERP lists, whose last tenant left: the demo invents no home of its own.
    assert not letting.unit.source_id.startswith("E-DEMO")
    change = PaymentMethodChange.objects.select_related("contract").get(corporation=corporation)
    assert change.status == ChangeStatus.PENDING
    assert change.contract.payment_method == PaymentMethod.DIRECT_DEBIT
    assert change.contract.mandate_id == change.mandate_id
    swap = Swap.objects.get(corporation=corporation)
    assert swap.status == SwapStatus.OPEN
    assert [p.confirmed_at is not None for p in swap.parties.order_by("pk")] == [True, False]
    subscription = ServiceSubscription.objects.get(corporation=corporation, case__isnull=False)
    assert (subscription.plan, subscription.start_date) == ("basis", dt.date(2026, 4, 1))
    # The ERP's delivery lists a few (service_subscriptions.csv), each under the contract's main tenant.
    known = ServiceSubscription.objects.filter(corporation=corporation, case__isnull=True)
    assert {(s.plan, s.plan_name, s.end_date) for s in known} == {
        ("basis", "Basis", None),
        ("plus", "Plus", None),
    }
    assert known.count() >= 3
    assert seed.file_counts["service_subscriptions"] == known.count()
    assert all(s.contract.parties.filter(tenant=s.tenant, role="main").exists() for s in known)
    divorce = CoTenantChange.objects.get(corporation=corporation)
    assert divorce.status == CoTenantStatus.CONSENT
    assert divorce.case.entries.filter(text__startswith="Echtscheidingsbeschikking").count() == 1
    assert demo_contracts_open(corporation=corporation, as_of=AS_OF) == 0


@pytest.mark.django_db
def test_the_demo_has_a_signed_letting_whose_contract_is_in_the_tenants_zip():
    seed = seed_demo(tenancies=120, months=12, as_of=AS_OF, run_flows=False)
    signed = Letting.objects.get(corporation=seed.corporation, status=LettingStatus.SIGNED)
    assert (signed.signed_name, signed.contract.start_date) == ("Daan Mulder", AS_OF + dt.timedelta(days=14))
    archive = zipfile.ZipFile(
        io.BytesIO(
            tenant_data_zip(tenant=signed.tenant, data=tenant_data(tenant=signed.tenant, now=clock.now()))
        )
    )
    (contract,) = [name for name in archive.namelist() if name.startswith("contracten/")]
    assert archive.read(contract).startswith(b"%PDF")
