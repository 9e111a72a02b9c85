"""The second check asks what is not printed on the letter or in the message the tenant came from."""

import pytest
from django.test import Client

from tests.world import portal_client
from vangnet.messaging import links
from vangnet.tenants.models import Tenant


def _code_session(household) -> Client:
    client = Client()
    response = client.post(
        "/portaal/inloggen/",
        {
            "code": links.access_code(household.tenant.pk),
            "postcode": household.tenant.postcode,
            "house_number": household.tenant.house_number,
        },
    )
    assert response.status_code == 302
    # The code login counts as a check for 15 minutes; a later sensitive action asks again.
    session = client.session
    session["portal"]["verified_at"] = None
    session.save()
    return client


def test_with_a_known_date_of_birth_only_that_is_asked(fatima_client, fatima):
    page = fatima_client.get("/portaal/controle/").content.decode()
    assert "Uw geboortedatum" in page and "Postcode" not in page
    by_address = fatima_client.post("/portaal/controle/", {"postcode": "3511 AB", "house_number": "12"})
    assert by_address.status_code == 400 and "Vul uw geboortedatum in" in by_address.content.decode()
    assert fatima_client.post("/portaal/controle/", {"birth_date": "31-12-1980"}).status_code == 302


def test_after_a_link_without_a_date_of_birth_the_address_is_asked(jan):
    client = portal_client(jan)
    page = client.get("/portaal/controle/").content.decode()
    assert "Postcode" in page and "geboortedatum" not in page
    assert client.post("/portaal/controle/", {"postcode": "3511 CD", "house_number": "3"}).status_code == 302


def test_after_the_letter_code_the_address_on_the_letter_is_not_enough(jan):
    client = _code_session(jan)
    page = client.get("/portaal/controle/").content.decode()
    assert "Uw e-mailadres of mobiele nummer" in page and "Postcode" not in page
    wrong = client.post("/portaal/controle/", {"contact": "iemand@anders.example"})
    assert wrong.status_code == 400 and "kloppen niet" in wrong.content.decode()
    assert client.post("/portaal/controle/", {"contact": "+31 6 1234 5678"}).status_code == 302


def test_with_nothing_to_ask_the_tenant_is_asked_to_call(jan, in_woonstad):
    Tenant.objects.filter(pk=jan.tenant.pk).update(email="", phone_mobile="")
    client = _code_session(jan)
    page = client.get("/portaal/controle/").content.decode()
    assert "Bel ons" in page and "030-1234567" in page and "Verder" not in page
    refused = client.post("/portaal/controle/", {"contact": "x"})
    assert refused.status_code == 400


@pytest.mark.parametrize("answer", ["0612345678", "06-12345678", "h000002@huurder.example"])
def test_the_contact_answer_accepts_the_usual_ways_of_writing(jan, answer, in_woonstad):
    Tenant.objects.filter(pk=jan.tenant.pk).update(email="h000002@huurder.example")
    client = _code_session(jan)
    assert client.post("/portaal/controle/", {"contact": answer}).status_code == 302
