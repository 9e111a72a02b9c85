import pytest
from django.urls import reverse

from tests.factories import ImportRunFactory
from vangnet.ledger.models import ImportMode, ImportStatus

pytestmark = pytest.mark.django_db

ERRORS = [
    {
        "file": "tenants.csv",
        "row": 4,
        "field": "postcode",
        "value": "12345",
        "reason_nl": "geen geldige postcode",
        "reason_en": "not a valid postcode",
    },
    {
        "file": "ledger_entries.csv",
        "row": 17,
        "field": "amount",
        "value": "12,50",
        "reason_nl": "geen bedrag",
        "reason_en": "not an amount",
    },
]
WARNINGS = [
    {
        "file": "contracts.csv",
        "row": 2,
        "field": "payment_reference",
        "value": "1234567890",
        "reason_nl": "controlecijfer klopt niet",
        "reason_en": "check digit is wrong",
    }
]


@pytest.fixture
def rejected(staff_a):
    return ImportRunFactory(
        corporation=staff_a.corporation,
        status=ImportStatus.REJECTED,
        mode=ImportMode.SNAPSHOT,
        counts={},
        errors=ERRORS,
        warnings=WARNINGS,
        file_names=["tenants.csv", "ledger_entries.csv"],
    )


@pytest.fixture
def applied(staff_a):
    return ImportRunFactory(
        corporation=staff_a.corporation,
        counts={
            "tenants": {"created": 3, "updated": 2, "unchanged": 40, "closed": 1},
            "ledger_entries": {"created": 120, "updated": 0, "unchanged": 800, "closed": 0, "settled": 2},
        },
    )


def test_list_shows_runs_and_the_errors_of_a_rejected_one(staff_a, rejected, applied):
    page = staff_a.client.get(reverse("backoffice:import_list")).content.decode()
    assert "Afgewezen" in page and "2 fouten" in page
    assert "geen geldige postcode" in page and "geen bedrag" in page
    assert "Verwerkt" in page
    assert "3 nieuw, 2 gewijzigd, 1 afgesloten" in page
    assert "erp-koppeling" in page
    assert "ledger_entries.csv" in page
    assert reverse("backoffice:import_detail", args=[rejected.pk]) in page


def test_detail_of_a_rejected_import_lists_every_error_and_warning(staff_a, rejected):
    page = staff_a.client.get(reverse("backoffice:import_detail", args=[rejected.pk])).content.decode()
    assert "2 fouten" in page
    for error in ERRORS:
        assert error["file"] in page
        assert f'<td class="num">{error["row"]}</td>' in page
        assert error["field"] in page
        assert error["value"] in page
        assert error["reason_nl"] in page
    assert "1 waarschuwing" in page and "controlecijfer klopt niet" in page
    assert "Volledige stand" in page


def test_errors_in_english(staff_a, rejected):
    staff_a.client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = staff_a.client.get(reverse("backoffice:import_detail", args=[rejected.pk])).content.decode()
    assert "not a valid postcode" in page
    assert "geen geldige postcode" not in page
    listing = staff_a.client.get(reverse("backoffice:import_list")).content.decode()
    assert "not an amount" in listing


def test_detail_counts_per_entity(staff_a, applied):
    page = staff_a.client.get(reverse("backoffice:import_detail", args=[applied.pk])).content.decode()
    assert '<th scope="row">Huurders</th>' in page
    assert '<th scope="row">Boekingen</th>' in page
    assert '<td class="num">800</td>' in page
    assert "2 vorderingen die het ERP niet meer noemt" in page


def test_imports_of_another_corporation_are_invisible(staff_a, staff_b):
    other = ImportRunFactory(corporation=staff_b.corporation, actor_label="andere-erp")
    assert "andere-erp" not in staff_a.client.get(reverse("backoffice:import_list")).content.decode()
    assert staff_a.client.get(reverse("backoffice:import_detail", args=[other.pk])).status_code == 404


def test_empty_list(staff_a):
    page = staff_a.client.get(reverse("backoffice:import_list")).content.decode()
    assert "Er is nog niets geïmporteerd" in page
