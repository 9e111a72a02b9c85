"""Every back-office page, asked by every role: refused (403) exactly when the permission table says so.

The URLs come from the URLconf and the permissions from the views' own `staff_view`, so a new page is
covered the day it is added. Objects that do not exist are fine: a permitted role gets past the check
(404, 405 or a page), a refused role never reaches the view.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from tests.factories import MembershipFactory
from vangnet.backoffice.access import GRANTS
from vangnet.core.models import Role

pytestmark = pytest.mark.django_db


def staff_pages() -> list[tuple[str, str]]:
    pages = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "app_name", "") != "backoffice":
            continue
        for entry in pattern.url_patterns:
            if not isinstance(entry, URLPattern):
                continue
            permission = getattr(entry.callback, "permission", None)
            if permission is None:
                continue
            route = str(entry.pattern)
            for name in ("<int:pk>", "<int:contract_pk>", "<int:user_pk>", "<int:tenant_pk>"):
                route = route.replace(name, "999999")
            route = route.replace("<slug:decision>", "goedkeuren").replace("<slug:action>", "notitie")
            route = route.replace("<slug:name>", "arrears").replace("<int:number>", "1")
            route = route.replace("<str:kind>", "pdf").replace("<uidb64>", "x").replace("<token>", "y")
            pages.append((f"/{route}", permission))
    return pages


PAGES = staff_pages()


def test_the_permission_table_covers_every_page():
    assert len(PAGES) > 40
    assert {permission for _, permission in PAGES} <= set(GRANTS)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_exactly_its_pages(role):
    membership = MembershipFactory(role=role)
    client = Client()
    client.force_login(membership.user)
    wrong = []
    for url, permission in PAGES:
        # POST: a require_POST view answers GET with 405 before it looks at the role.
        status = client.post(url).status_code
        allowed = role in GRANTS[permission]
        if (status == 403) == allowed:
            wrong.append((url, permission, status))
    assert not wrong, f"{role}: {wrong}"
