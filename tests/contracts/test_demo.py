"""The demo's contract processes: one letting waiting for the signature, one signed with its sealed PDF."""

import datetime as dt
import io
import zipfile

import pytest

from vangnet.contracts.models import Letting, LettingStatus, PaymentMethodChange
from vangnet.core import clock
from vangnet.demo.contracts import demo_contracts_open
from vangnet.demo.setup import seed_demo
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
    assert not PaymentMethodChange.objects.filter(corporation=corporation).exists()
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
