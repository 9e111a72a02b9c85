"""Pay links follow the amount owed: a link made before a payment or an arrangement is superseded, shows
what is owed now (never its old total) and pays that through a new request; links expire after 30 days."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import LedgerEntryFactory
from tests.payments.conftest import OPEN
from tests.payments.test_portal import _pay
from vangnet.core import clock
from vangnet.ledger.models import EntryKind, LedgerEntry
from vangnet.payments.links import payment_requests_supersede
from vangnet.payments.models import PaymentPurpose, PaymentRequest, PaymentRequestStatus
from vangnet.payments.services import payment_request_create, payment_request_renew, payment_settings_set

pytestmark = pytest.mark.usefixtures("in_woonstad")


def _link(tenancy) -> PaymentRequest:
    return payment_request_create(corporation=tenancy.corporation, contract=tenancy.contract, actor="test")


def _supersede(tenancy) -> None:
    payment_requests_supersede(
        corporation=tenancy.corporation,
        contract_ids=[tenancy.contract.pk],
        why="Er is betaald.",
        actor="test",
    )


def test_links_are_valid_for_thirty_days_by_default(tenancy):
    link = _link(tenancy)
    days = (link.expires_at - clock.now()).days
    assert days == 29  # 30 days minus the seconds since the link was made


def test_the_expiry_is_configurable(tenancy):
    payment_settings_set(
        corporation=tenancy.corporation, provider="sandbox", default_expiry_days=7, actor="t"
    )
    link = _link(tenancy)
    assert (link.expires_at - clock.now()).days == 6


def test_a_payment_on_one_link_supersedes_the_other_open_links(tenancy, django_capture_on_commit_callbacks):
    first, second = _link(tenancy), _link(tenancy)
    with django_capture_on_commit_callbacks(execute=True):
        _pay(Client(), first.token, "paid")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PaymentRequestStatus.PAID
    assert second.status == PaymentRequestStatus.SUPERSEDED
    assert "betaald" in second.superseded_why


def test_a_superseded_link_shows_the_amount_open_now_and_pays_that(
    tenancy, django_capture_on_commit_callbacks
):
    old = _link(tenancy)
    LedgerEntryFactory(contract=tenancy.contract, kind=EntryKind.PAYMENT, amount=Decimal("-1000.00"))
    _supersede(tenancy)

    page = Client().get(f"/betalen/{old.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Het bedrag is veranderd" in html and "€ 43,25" in html and "1.043,25" not in html

    client = Client()
    response = client.post(f"/betalen/{old.token}/")
    assert response.status_code == 302
    renewed = PaymentRequest.objects.get(status=PaymentRequestStatus.OPEN)
    assert renewed.amount == Decimal("43.25") and renewed.expires_at == old.expires_at
    checkout = response["Location"]
    back = client.post(checkout, {"outcome": "paid"})
    assert back["Location"] == f"/betalen/{renewed.token}/resultaat/"
    with django_capture_on_commit_callbacks(execute=True):
        result = client.get(back["Location"])
    assert "Dank u wel" in result.content.decode()
    assert LedgerEntry.objects.filter(
        contract=tenancy.contract, source_id__startswith="vangnet-pay-"
    ).get().amount == Decimal("-43.25")


def test_asking_twice_makes_one_new_request(tenancy):
    old = _link(tenancy)
    _supersede(tenancy)
    old.refresh_from_db()
    first = payment_request_renew(request=old, actor="tenant")
    again = payment_request_renew(request=old, actor="tenant")
    assert first.pk == again.pk
    assert first.amount == OPEN and first.purpose == PaymentPurpose.OPEN_BALANCE


def test_a_superseded_link_past_its_date_is_expired(tenancy):
    old = _link(tenancy)
    _supersede(tenancy)
    PaymentRequest.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = Client().get(f"/betalen/{old.token}/")
    assert page.status_code == 410
    assert "verlopen" in page.content.decode()
