from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ContractStandingFactory, ImportRunFactory, tenant_with_contract

pytestmark = pytest.mark.django_db


def test_start_page_counts_and_last_import(staff_a, staff_b):
    ContractStandingFactory(contract=staff_a.contract, overdue_amount=Decimal("250.00"))
    other = tenant_with_contract(corporation=staff_a.corporation)
    ContractStandingFactory(contract=other.contract, overdue_amount=Decimal("0.00"))
    ContractStandingFactory(contract=staff_b.contract, overdue_amount=Decimal("999.00"))  # not ours
    run = ImportRunFactory(corporation=staff_a.corporation, actor_label="nachtelijke-import")
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert "<dt>Huurders</dt><dd>2</dd>" in page
    assert "<dt>Huurovereenkomsten</dt><dd>2</dd>" in page
    assert "<dt>Overeenkomsten met achterstand</dt><dd>1</dd>" in page
    assert "€ 250,00" in page and "€ 999,00" not in page
    assert "nachtelijke-import" in page
    assert reverse("backoffice:import_detail", args=[run.pk]) in page


def test_start_page_without_imports(staff_a):
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert "Er is nog niets geïmporteerd uit het ERP." in page


def test_the_start_page_shows_the_days_work_and_dossiers_per_flow(staff_a, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import LedgerEntryFactory
    from vangnet.flows.engine import run_day
    from vangnet.flows.services import flows_install_defaults
    from vangnet.ledger.services.standing import refresh_standings

    today = timezone.localdate()
    flows_install_defaults(corporation=staff_a.corporation, actor="test")
    LedgerEntryFactory(contract=staff_a.contract, booking_date=today - dt.timedelta(days=20), amount="700.00")
    refresh_standings(corporation=staff_a.corporation, as_of=today)
    run_day(corporation=staff_a.corporation, as_of=today)

    with django_assert_max_num_queries(25):
        page = staff_a.client.get("/").content.decode()

    assert "Taken voor vandaag" in page and "Lopende dossiers per traject" in page
    assert "Vriendelijk: één keer te laat: 1 lopend" in page
