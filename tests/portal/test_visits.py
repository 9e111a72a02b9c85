"""A sign-in to the portal records the day as a portal visit: one row per tenant and day, whichever way in."""

from django.test import Client
from django_scopes import scopes_disabled

from tests.world import portal_client
from vangnet.core import clock
from vangnet.messaging import links
from vangnet.tenants.models import PortalVisit


def _visits(tenant) -> list:
    with scopes_disabled():
        return list(PortalVisit.objects.filter(tenant=tenant).values_list("day", flat=True))


def test_two_link_sign_ins_on_one_day_are_one_visit(fatima, in_woonstad):
    assert portal_client(fatima).get("/portaal/").status_code == 200
    assert portal_client(fatima).get("/portaal/").status_code == 200
    assert _visits(fatima.tenant) == [clock.today()]


def test_a_letter_code_sign_in_is_a_visit_and_pages_are_not(fatima, jan, in_woonstad):
    client = Client()
    code = links.access_code(fatima.tenant.pk)
    response = client.post("/portaal/inloggen/", {"code": code, "postcode": "3511AB", "house_number": "12"})
    assert response.status_code == 302
    assert client.get("/portaal/").status_code == 200
    assert client.get("/portaal/gegevens/").status_code == 200
    assert _visits(fatima.tenant) == [clock.today()]
    assert _visits(jan.tenant) == []


def test_a_refused_link_is_no_visit(fatima, in_woonstad):
    assert Client().get("/portaal/link/nonsense/").status_code == 404
    with scopes_disabled():
        assert PortalVisit.objects.count() == 0
