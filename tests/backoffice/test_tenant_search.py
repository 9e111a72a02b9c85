import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import TenantFactory, tenant_with_contract
from tests.world import owing
from vangnet.tenants.models import TenantKind
from vangnet.tenants.selectors import SearchTerms, parse_query, tenant_search

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:tenant_search")


def search(staff, query: str, **headers) -> str:
    response = staff.client.get(URL, {"q": query}, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def card_link(tenant) -> str:
    return reverse("backoffice:tenant_card", args=[tenant.pk])


@pytest.mark.parametrize(
    "query",
    [
        "Bakker",
        "bakk",
        "3511 AB",
        "3511AB",
        "3511ab",
        "3511 ab 12",
        "3511AB12",
        "HO-1001",
        "ho-1001",
        "1000000000000012",
        "1000 0000 0000 0012",
        "Dorpsstraat 12",
        "Bakker Utrecht",
    ],
)
def test_finds_tenant_by(staff_a, query):
    assert card_link(staff_a.tenant) in search(staff_a, query)


def test_postcode_stored_without_space_is_found_with_space(staff_a):
    tenant = TenantFactory(
        corporation=staff_a.corporation, last_name="Smit", postcode="1234AB", house_number="5"
    )
    assert card_link(tenant) in search(staff_a, "1234 ab")
    assert card_link(tenant) in search(staff_a, "1234 AB 5")
    assert card_link(tenant) not in search(staff_a, "1234 AB 6")


def test_finds_tenant_by_the_address_of_the_rented_unit(staff_a):
    party = tenant_with_contract(
        corporation=staff_a.corporation,
        tenant_kwargs={
            "last_name": "Mulder",
            "street": "Postbus",
            "house_number": "99",
            "postcode": "9999ZZ",
        },
        unit__street="Lindelaan",
        unit__house_number="7",
        unit__postcode="2000 CC",
    )
    assert card_link(party.tenant) in search(staff_a, "2000CC 7")
    assert card_link(party.tenant) in search(staff_a, "Lindelaan")


def test_every_word_must_match(staff_a):
    TenantFactory(corporation=staff_a.corporation, last_name="Bakker", city="Zwolle", postcode="8000 AA")
    page = search(staff_a, "Bakker Utrecht")
    assert len(re.findall(r'href="/huurders/\d+/"', page)) == 1


def test_name_with_prefix(staff_a):
    tenant = TenantFactory(corporation=staff_a.corporation, name_prefix="van der", last_name="Berg")
    assert card_link(tenant) in search(staff_a, "van der Berg")
    assert card_link(tenant) in search(staff_a, "berg")


def test_organisation_found_by_name(staff_a):
    org = TenantFactory(
        corporation=staff_a.corporation,
        kind=TenantKind.ORGANISATION,
        organisation_name="Bakkerij De Korenschoof",
    )
    assert "Bakkerij De Korenschoof" in search(staff_a, "korenschoof")
    assert card_link(org) in search(staff_a, "korenschoof")


def test_results_are_a_table_with_header_cells(staff_a):
    page = search(staff_a, "Bakker")
    assert "<caption" in page
    assert page.count('<th scope="col"') == 3
    assert '<th scope="row">' in page
    assert "1 huurder gevonden" in page


def test_overdue_amount_in_results(staff_a):
    owing(staff_a.contract, Decimal("1234.50"))
    assert "€ 1.234,50" in search(staff_a, "Bakker")


def test_no_results_and_empty_query(staff_a):
    assert "Geen huurders gevonden" in search(staff_a, "Zzyzx")
    page = search(staff_a, "")
    assert "Geen huurders gevonden" not in page
    assert "<table" not in page


def test_htmx_request_gets_only_the_results_fragment(staff_a):
    page = search(staff_a, "Bakker", **{"HX-Request": "true"})
    assert "<html" not in page
    assert "<table" in page
    assert card_link(staff_a.tenant) in page
    assert 'hx-swap-oob="innerHTML"' in page and "1 huurder gevonden" in page


def test_full_page_has_a_working_form_without_javascript(staff_a):
    page = search(staff_a, "Bakker")
    assert '<form class="search-form" method="get" action="/huurders/"' in page
    assert 'hx-get="/huurders/"' in page
    assert 'value="Bakker"' in page
    assert "<html" in page


def test_history_restore_gets_the_full_page(staff_a):
    page = search(staff_a, "Bakker", **{"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in page


def test_paginated(staff_a):
    for i in range(30):
        TenantFactory(corporation=staff_a.corporation, last_name=f"Veenstra{i:02d}")
    page = search(staff_a, "veenstra")
    assert "30 huurders gevonden" in page
    assert page.count('<th scope="row">') == 25
    assert "Pagina 1 van 2" in page
    second = staff_a.client.get(URL, {"q": "veenstra", "page": 2}).content.decode()
    assert second.count('<th scope="row">') == 5
    assert "Veenstra29" in second


def test_never_finds_a_tenant_of_another_corporation(staff_a, staff_b):
    for query in ["Visser", "9711 CD", "HO-2002", "2000000000000023"]:
        page = search(staff_a, query)
        assert card_link(staff_b.tenant) not in page
        assert "Geen huurders gevonden" in page
    assert card_link(staff_b.tenant) in search(staff_b, "Visser")


@pytest.mark.parametrize("size", [3, 40])
def test_search_query_count_is_bounded(staff_a, django_assert_max_num_queries, size):
    for i in range(size):
        party = tenant_with_contract(
            corporation=staff_a.corporation, tenant_kwargs={"last_name": f"Dijkstra{i}"}
        )
        owing(party.contract, Decimal("10.00"))
    # session, user, memberships (middleware); ids by the tenant's own and by contract fields, count, page,
    # contracts of the page.
    with django_assert_max_num_queries(9):
        page = search(staff_a, "dijkstra")
    assert f"{size} huurders gevonden" in page


def test_parse_query():
    assert parse_query("  ") == SearchTerms()
    assert parse_query("1234 ab") == SearchTerms(postcode="1234AB")
    assert parse_query("1234AB 12-a") == SearchTerms(
        postcode="1234AB", house_number="12", house_number_suffix="a"
    )
    assert parse_query("1234 5678 9012 3456") == SearchTerms(digits="1234567890123456")
    assert parse_query("Jansen 1234 AB") == SearchTerms(words=("Jansen", "1234AB"))
    assert parse_query("Dorpsstraat 12") == SearchTerms(words=("Dorpsstraat", "12"))


def test_tenant_search_is_scoped(staff_a, staff_b):
    from django_scopes import scope

    with scope(corporation=staff_a.corporation):
        assert list(tenant_search(query="Visser")) == []
        assert list(tenant_search(query="Bakker")) == [staff_a.tenant]
