"""Promise, arrangement (inside and outside the rules), "I already paid" and a dispute, from the portal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.portal.conftest import pass_check
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPolicy,
    ArrangementStatus,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
)
from vangnet.core.models import AuditEntry
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.disputes.services import dispute_categories_install_defaults
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import EntryKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _iso(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _on_timeline(household, action: str) -> bool:
    return AuditEntry.objects.filter(
        action=action, object_type="tenants.tenant", object_id=str(household.tenant.pk)
    ).exists()


@pytest.fixture
def lenient_policy(woonstad):
    # The tenant's rent of last month is open in the fixture; this corporation does not require it paid.
    return ArrangementPolicy.objects.create(corporation=woonstad, require_rent_current=False)


def test_a_promise_within_the_limit(fatima_client, fatima, django_capture_on_commit_callbacks, in_woonstad):
    url = f"/portaal/contract/{fatima.contract.pk}/belofte/"
    too_late = fatima_client.post(url, {"promised_date": _iso(30), "amount": "1043,25"})
    assert (
        too_late.status_code == 400 and "Kies een datum van vandaag tot en met" in too_late.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = fatima_client.post(url, {"promised_date": _iso(7), "amount": "1043,25"})
    assert response.status_code == 302
    promise = Promise.objects.get()
    assert (promise.channel, promise.amount) == ("portal", Decimal("1043.25"))
    assert OutboundEvent.objects.filter(type="promise.registered").exists()
    assert _on_timeline(fatima, "portal.promise_registered")
    html = fatima_client.get("/portaal/").content.decode()
    assert "Tot die dag sturen we geen herinnering" in html and "Uw betaalbeloftes" in html


def test_an_arrangement_asks_the_second_check(fatima_client, fatima):
    response = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/regeling/")
    assert response.status_code == 302 and response["Location"].startswith("/portaal/controle/")


def test_an_arrangement_inside_the_rules_is_registered_at_once(
    fatima_client, fatima, lenient_policy, django_capture_on_commit_callbacks, in_woonstad
):
    pass_check(fatima_client, fatima)
    with django_capture_on_commit_callbacks(execute=True):
        response = fatima_client.post(
            f"/portaal/contract/{fatima.contract.pk}/regeling/",
            {"count": "3", "start_date": _iso(5), "payment_method": "link"},
        )
    html = response.content.decode()
    assert response.status_code == 200 and "Uw betalingsregeling is afgesproken" in html
    assert "€ 347,75" in html  # three instalments of a third
    arrangement = Arrangement.objects.get()
    assert arrangement.status == ArrangementStatus.ACTIVE and arrangement.installments.count() == 3
    assert not Task.objects.filter(kind=TaskKind.ARRANGEMENT_REVIEW).exists()
    assert OutgoingMessage.objects.filter(template_code="regeling-bevestigd", tenant=fatima.tenant).exists()
    assert _on_timeline(fatima, "portal.arrangement_proposed")
    assert "Uw betalingsregeling" in fatima_client.get("/portaal/").content.decode()


def test_an_arrangement_outside_the_rules_makes_a_task_and_says_why(
    fatima_client, fatima, lenient_policy, django_capture_on_commit_callbacks, in_woonstad
):
    pass_check(fatima_client, fatima)
    with django_capture_on_commit_callbacks(execute=True):
        response = fatima_client.post(
            f"/portaal/contract/{fatima.contract.pk}/regeling/",
            {"count": "24", "start_date": _iso(5), "payment_method": "link"},
        )
    html = response.content.decode()
    assert "We kijken naar uw aanvraag" in html
    assert "U kunt in maximaal 12 termijnen betalen" in html  # the reason, in plain words
    assert Arrangement.objects.get().status == ArrangementStatus.REQUESTED
    task = Task.objects.get(kind=TaskKind.ARRANGEMENT_REVIEW)
    assert task.contract == fatima.contract
    assert OutgoingMessage.objects.filter(
        template_code="regeling-in-behandeling", tenant=fatima.tenant
    ).exists()
    assert "We kijken naar uw aanvraag" in fatima_client.get("/portaal/").content.decode()


def test_direct_debit_needs_an_iban_and_consent(fatima_client, fatima, lenient_policy):
    pass_check(fatima_client, fatima)
    response = fatima_client.post(
        f"/portaal/contract/{fatima.contract.pk}/regeling/",
        {"count": "3", "start_date": _iso(5), "payment_method": "direct_debit"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Vul uw rekeningnummer in." in html and "toestemming" in html
    assert not Arrangement.objects.exists()


def test_i_already_paid_holds_and_is_checked(fatima_client, fatima, in_woonstad):
    url = f"/portaal/contract/{fatima.contract.pk}/al-betaald/"
    future = fatima_client.post(url, {"paid_on": _iso(3), "amount": "347,75"})
    assert future.status_code == 400 and "toekomst" in future.content.decode()
    assert fatima_client.post(url, {"paid_on": _iso(-2), "amount": "347,75"}).status_code == 302
    claim = PaymentClaim.objects.get()
    assert claim.status == PaymentClaimStatus.OPEN and claim.tenant == fatima.tenant
    assert claim.hold_until > timezone.localdate()
    assert OutboundEvent.objects.filter(type="payment_claim.registered").exists()
    assert _on_timeline(fatima, "portal.payment_claimed")
    assert "Gemelde betalingen" in fatima_client.get("/portaal/").content.decode()


def test_dispute_an_item_with_an_attachment(fatima_client, fatima, jan, in_woonstad):
    dispute_categories_install_defaults(corporation=fatima.corporation)
    category = DisputeCategory.objects.filter(corporation=fatima.corporation, tenant_visible=True).first()
    entry = fatima.contract.entries.get(kind=EntryKind.INVOICE, description="Huur 03-2025")
    url = f"/portaal/contract/{fatima.contract.pk}/bezwaar/"
    page = fatima_client.get(url).content.decode()
    assert category.name in page and "Huur 03-2025" in page
    wrong_file = fatima_client.post(
        url,
        {"category": category.pk, "items": [entry.pk], "description": "Klopt niet",
         "attachment": SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 40)},
    )  # fmt: skip
    assert wrong_file.status_code == 400 and not Dispute.objects.exists()
    others = jan.contract.entries.filter(kind=EntryKind.INVOICE).first()
    assert (
        fatima_client.post(
            url, {"category": category.pk, "items": [others.pk], "description": "x"}
        ).status_code
        == 404
    )
    response = fatima_client.post(
        url,
        {"category": category.pk, "items": [entry.pk], "description": "De kraan is niet gemaakt",
         "attachment": SimpleUploadedFile("foto.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.tenant == fatima.tenant and dispute.channel == "portal"
    assert list(dispute.items.all()) == [entry] and dispute.attachments.count() == 1
    assert OutboundEvent.objects.filter(type="dispute.opened").exists()
    assert _on_timeline(fatima, "portal.dispute_opened")
    assert category.name in fatima_client.get("/portaal/").content.decode()


AGREEMENT_PAGES = ("belofte", "regeling", "al-betaald", "bezwaar")


def test_agreement_pages_of_another_tenants_contract_are_not_found_and_the_arrangement_asks_the_check_first(
    fatima_client, jan, piet
):
    for other in (jan, piet):
        for page in ("belofte", "al-betaald", "bezwaar"):
            response = fatima_client.post(f"/portaal/contract/{other.contract.pk}/{page}/", {})
            assert response.status_code == 404, page
        # An arrangement shows income and spending: the second check comes before anything else.
        response = fatima_client.post(f"/portaal/contract/{other.contract.pk}/regeling/", {})
        assert response.status_code == 302
        assert response["Location"].startswith("/portaal/controle/")


def test_agreement_pages_of_another_tenants_contract_are_not_found_after_the_second_check(
    fatima, fatima_client, jan, piet
):
    pass_check(fatima_client, fatima)
    for other in (jan, piet):
        for page in AGREEMENT_PAGES:
            assert fatima_client.get(f"/portaal/contract/{other.contract.pk}/{page}/").status_code == 404, (
                page
            )
            assert (
                fatima_client.post(f"/portaal/contract/{other.contract.pk}/{page}/", {}).status_code == 404
            ), page
    own = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/belofte/")
    assert own.status_code == 200
