"""The staff calculator: rent plus instalment per month, warnings outside the corporation's policy, and a
reason required to register such a schedule anyway."""

import datetime as dt

import pytest

from tests.backoffice.test_agreements import _media, world  # noqa: F401 (fixtures)
from vangnet.arrangements.models import Arrangement
from vangnet.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _preview(world, **params) -> str:  # noqa: F811
    first = world.today + dt.timedelta(days=10)
    query = {"total": "700,00", "start_date": first.isoformat(), "payment_method": "link", **params}
    return world.client.get(f"/contracten/{world.contract.pk}/regeling/berekenen/", query).content.decode()


def test_the_calculator_shows_rent_plus_instalment_per_month(world):  # noqa: F811
    html = _preview(world, count="2")
    assert "huur per maand € 695,50" in html  # 650,00 rent + 45,50 service costs
    assert "€ 350,00" in html and "€ 1.045,50" in html
    assert "Buiten het beleid" not in html


def test_the_calculator_warns_outside_the_policy(world):  # noqa: F811
    many = _preview(world, count="20")
    assert "20 termijnen is meer dan het beleid toestaat (hoogstens 12)." in many
    small = _preview(world, amount="20,00")
    assert "Een termijn van € 20,00 is kleiner dan het beleid toestaat (minimaal € 25,00)." in small
    high = _preview(world, total="3.000,00", count="12")
    assert "Het totaal van € 3.000,00 is hoger dan het beleid toestaat (hoogstens € 2.500,00)." in high


def test_outside_the_policy_needs_a_reason_and_the_reason_is_kept(world):  # noqa: F811
    first = (world.today + dt.timedelta(days=10)).isoformat()
    url = f"/contracten/{world.contract.pk}/regeling/"
    form = {"total": "700,00", "count": "20", "start_date": first, "payment_method": "link"}
    refused = world.client.post(url, form, follow=True).content.decode()
    assert "Deze regeling valt buiten het beleid" in refused and "Vul een reden in" in refused
    assert not Arrangement.objects.exists()

    world.client.post(url, {**form, "override_reason": "Huurder heeft een laag inkomen"}, follow=True)
    arrangement = Arrangement.objects.get()
    assert arrangement.installments.count() == 20
    assert arrangement.decision_reason == "Afgeweken van het beleid: Huurder heeft een laag inkomen"
    entry = AuditEntry.objects.get(action="arrangement.registered", object_id=str(arrangement.pk))
    assert entry.data["override_reason"] == "Huurder heeft een laag inkomen"
