"""The case list, the contact screen and the tenant card read a constant number of queries, however many
cases, contacts, work orders and colleagues there are (no query per row)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cases.test_work_orders import leaking_tap, plumber
from vangnet.cases.services import case_assign, contact_register, work_order_issue


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"


@pytest.fixture
def staff(world, business_day) -> Client:
    client = Client()
    client.force_login(world.colleague)
    client.get("/")
    return client


def add_cases(world, as_of: dt.date, count: int, contractor) -> None:
    """Repairs with a work order, an owner and a contact each, and a complaint about the tenant's neighbour."""
    for n in range(count):
        case = leaking_tap(world, as_of - dt.timedelta(days=n % 20))
        case_assign(case=case, owner=world.colleague, team="Onderhoud", actor=world.colleague)
        work_order_issue(case=case, contractor=contractor, as_of=as_of, actor=world.colleague)
        contact_register(
            corporation=world.corporation,
            channel="phone",
            subject=f"Belt over de kraan ({n})",
            outcome="answered",
            tenant=world.reporter,
            case=case,
            actor=world.colleague,
        )


def queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response.content.decode()


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("case list", "/zaken/", 8),
        ("contact screen", "/klantcontact/?huurder={tenant}", 8),
        ("tenant card", "/huurders/{tenant}/", 41),
    ],
)
def test_pages_read_a_constant_number_of_queries(
    world, staff, business_day, django_assert_num_queries, name, url, expected
):
    contractor = plumber(world)
    url = url.format(tenant=world.reporter.pk)
    add_cases(world, business_day, 2, contractor)
    few, page = queries(staff, url)
    assert "Keuken: De kraan lekt" in page
    add_cases(world, business_day, 6, contractor)
    with django_assert_num_queries(expected):
        many, page = queries(staff, url)
    assert (name, few) == (name, many)
    assert "Keuken: De kraan lekt" in page
