"""The demo prints tenants to try the portal with; their link and their code both open it."""

import datetime as dt
from urllib.parse import urlsplit

from django.test import Client

from vangnet.demo.setup import seed_demo
from vangnet.portal.demo import demo_portal_tenants


def test_demo_tenants_can_open_the_portal(db):
    seeded = seed_demo(slug="demo", tenancies=40, months=4, as_of=dt.date(2026, 11, 20), run_flows=False)
    tenants = demo_portal_tenants(corporation=seeded.corporation)
    assert len(tenants) == 2
    first = tenants[0]
    client = Client()
    assert client.get(urlsplit(first.link).path).status_code == 302
    assert client.get("/portaal/").status_code == 200
    by_code = Client().post(
        "/portaal/inloggen/",
        {"code": first.code, "postcode": first.postcode, "house_number": first.house_number},
    )
    assert by_code.status_code == 302


def test_the_demo_command_prints_them(db):
    from io import StringIO

    from vangnet.demo.management.commands.demo import Command

    seed_demo(slug="demo", tenancies=40, months=4, as_of=dt.date(2026, 11, 20), run_flows=False)
    out = StringIO()
    command = Command(stdout=out)
    command._print_portal_tenants()
    text = out.getvalue()
    assert "Tenant portal" in text and "/portaal/link/" in text and "with code" in text
