"""A request outside the rules: a colleague's counter-offer that the tenant accepts in the portal, a
rejection that reads as rejected, a second request while one waits, and what the tenant is told when one
amount is under an arrangement, claimed as paid and disputed at once."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.portal.conftest import pass_check
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus
from vangnet.arrangements.services import arrangement_counter_offer, arrangement_reject
from vangnet.core.errors import ApplicationError
from vangnet.disputes.models import DisputeCategory
from vangnet.disputes.services import dispute_categories_install_defaults
from vangnet.flows.models import Hold, HoldKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.usefixtures("in_woonstad")


def _iso(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def requested(fatima_client, fatima, django_capture_on_commit_callbacks) -> Arrangement:
    """Fatima asks for 24 instalments where the rules allow 12: a request for a colleague."""
    ArrangementPolicy.objects.create(corporation=fatima.corporation, require_rent_current=False)
    pass_check(fatima_client, fatima)
    with django_capture_on_commit_callbacks(execute=True):
        fatima_client.post(
            f"/portaal/contract/{fatima.contract.pk}/regeling/",
            {"count": "24", "start_date": _iso(5), "payment_method": "link"},
        )
    return Arrangement.objects.get(status=ArrangementStatus.REQUESTED)


@pytest.fixture
def manager(woonstad) -> Client:
    user = UserFactory(username="ineke")
    MembershipFactory(user=user, corporation=woonstad, role="credit_manager")
    client = Client()
    client.force_login(user)
    client.get("/")
    return client


def test_while_a_request_waits_the_page_says_so_instead_of_a_form(fatima_client, fatima, requested):
    url = f"/portaal/contract/{fatima.contract.pk}/regeling/"
    html = fatima_client.get(url).content.decode()
    assert "U hoeft niets opnieuw aan te vragen" in html and "Regeling aanvragen" not in html
    again = fatima_client.post(url, {"count": "3", "start_date": _iso(5), "payment_method": "link"})
    assert again.status_code == 409 and "U hoeft niets opnieuw aan te vragen" in again.content.decode()
    assert Arrangement.objects.count() == 1


def test_a_counter_offer_from_the_back_office_is_accepted_in_the_portal(
    fatima_client, fatima, requested, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            f"/regelingen/{requested.pk}/tegenvoorstel/",
            {"termijnen": "10", "eerste_termijn": _iso(7), "reden": "Tien termijnen past binnen ons beleid."},
        )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == ArrangementStatus.REQUESTED and requested.installments.count() == 10
    assert Task.objects.get(kind=TaskKind.ARRANGEMENT_REVIEW).status == TaskStatus.DONE
    notice = OutgoingMessage.objects.get(template_code="regeling-tegenvoorstel", tenant=fatima.tenant)
    assert "Tien termijnen past binnen ons beleid." in notice.body_text and "€ 104,32" in notice.body_text

    overview = fatima_client.get("/portaal/").content.decode()
    assert "We doen u een ander voorstel" in overview
    page = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/regeling/").content.decode()
    assert "Ons voorstel aan u" in page and "Tien termijnen past binnen ons beleid." in page
    assert "€ 104,32" in page and "Regeling aanvragen" not in page

    with django_capture_on_commit_callbacks(execute=True):
        accepted = fatima_client.post(
            f"/portaal/contract/{fatima.contract.pk}/regeling/", {"antwoord": "akkoord"}
        )
    assert accepted.status_code == 302
    requested.refresh_from_db()
    assert requested.status == ArrangementStatus.ACTIVE
    assert Hold.objects.filter(contract=fatima.contract, kind=HoldKind.ARRANGEMENT, released_on=None).exists()
    assert OutgoingMessage.objects.filter(template_code="regeling-bevestigd", tenant=fatima.tenant).exists()
    assert "De regeling is afgesproken" in fatima_client.get("/portaal/").content.decode()


def test_a_counter_offer_needs_a_reason_and_a_possible_schedule(requested):
    with pytest.raises(ApplicationError, match="waarom"):
        arrangement_counter_offer(
            arrangement=requested, count=10, start_date=timezone.localdate(), note=" ", actor="t",
            as_of=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="verleden"):
        arrangement_counter_offer(
            arrangement=requested, count=10, start_date=timezone.localdate() - dt.timedelta(days=1),
            note="Anders", actor="t", as_of=timezone.localdate(),
        )  # fmt: skip
    requested.refresh_from_db()
    assert requested.counter_offered_on is None and requested.installments.count() == 24


def test_accepting_without_a_counter_offer_changes_nothing(fatima_client, fatima, requested):
    response = fatima_client.post(
        f"/portaal/contract/{fatima.contract.pk}/regeling/", {"antwoord": "akkoord"}
    )
    assert response.status_code == 409
    requested.refresh_from_db()
    assert requested.status == ArrangementStatus.REQUESTED


def test_a_rejection_reads_as_rejected(requested, manager):
    arrangement_reject(arrangement=requested, reason="Te lang", actor="t", as_of=timezone.localdate())
    requested.refresh_from_db()
    assert requested.status == ArrangementStatus.REJECTED
    html = manager.get(f"/regelingen/{requested.pk}/").content.decode()
    assert "Afgewezen" in html and "Geannuleerd" not in html


def test_an_arrangement_request_tells_about_a_claim_and_a_dispute(fatima_client, fatima):
    dispute_categories_install_defaults(corporation=fatima.corporation)
    category = DisputeCategory.objects.filter(corporation=fatima.corporation, tenant_visible=True).first()
    fatima_client.post(
        f"/portaal/contract/{fatima.contract.pk}/al-betaald/", {"paid_on": _iso(-2), "amount": "100,00"}
    )
    fatima_client.post(
        f"/portaal/contract/{fatima.contract.pk}/bezwaar/",
        {"category": str(category.pk), "description": "De servicekosten kloppen niet."},
    )
    pass_check(fatima_client, fatima)
    html = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/regeling/").content.decode()
    assert "U heeft gemeld dat u al € 100,00 heeft betaald" in html
    assert f"U heeft bezwaar gemaakt ({category.name})" in html
    assert "ook over de posten van uw bezwaar" in html


def test_a_dispute_under_a_running_arrangement_says_the_arrangement_runs_on(
    fatima_client, fatima, requested, django_capture_on_commit_callbacks
):
    Arrangement.objects.filter(pk=requested.pk).update(status=ArrangementStatus.ACTIVE)
    dispute_categories_install_defaults(corporation=fatima.corporation)
    html = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/bezwaar/").content.decode()
    assert "Die loopt door terwijl wij naar uw bezwaar kijken" in html
    claim = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/al-betaald/").content.decode()
    assert "Betaal uw termijnen gewoon door" in claim
