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
