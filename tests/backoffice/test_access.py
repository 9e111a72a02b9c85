import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from vangnet.backoffice import access
from vangnet.backoffice.access import Permission
from vangnet.core.middleware import SESSION_KEY
from vangnet.core.models import Role

pytestmark = pytest.mark.django_db


def staff_urls(staff):
    return [
        reverse("backoffice:home"),
        reverse("backoffice:tenant_search"),
        reverse("backoffice:tenant_search") + "?q=Bakker",
        reverse("backoffice:tenant_card", args=[staff.tenant.pk]),
        reverse("backoffice:import_list"),
    ]


def test_every_page_requires_login(staff_a):
    client = Client()
    for url in staff_urls(staff_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("backoffice:login") + "?next=")


def test_expired_session_during_live_search_redirects_the_whole_page():
    response = Client().get(
        reverse("backoffice:tenant_search") + "?q=jan",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/huurders/?q=ja"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("backoffice:login") + "?next=")


def test_user_without_membership_sees_a_clear_page(db):
    client = Client()
    client.force_login(UserFactory(username="nieuw"))
    for url in [reverse("backoffice:home"), reverse("backoffice:tenant_search")]:
        response = client.get(url)
        assert response.status_code == 403
        assert "nog geen toegang tot een corporatie" in response.content.decode()
        # Logging out stays possible.
        assert reverse("backoffice:logout") in response.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_all_four_roles_may_search_and_view(staff_a, role):
    staff_a.membership.role = role
    staff_a.membership.save()
    # The ERP imports are credit management's (tests/backoffice/test_roles.py checks every page per role).
    for url in staff_urls(staff_a)[:4]:
        assert staff_a.client.get(url).status_code == 200, (role, url)


def test_a_permission_can_be_restricted_per_role(staff_a, monkeypatch):
    monkeypatch.setitem(access.GRANTS, Permission.VIEW_IMPORTS, frozenset({Role.ADMIN}))
    response = staff_a.client.get(reverse("backoffice:import_list"))
    assert response.status_code == 403
    assert "niet voor uw rol" in response.content.decode()
    # The navigation no longer offers the page.
    home = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:import_list") + '"' not in home.split("<main")[0]

    staff_a.membership.role = Role.ADMIN
    staff_a.membership.save()
    assert staff_a.client.get(reverse("backoffice:import_list")).status_code == 200


def test_switcher_only_shown_with_several_memberships(staff_a, staff_b):
    switch = reverse("backoffice:switch_corporation")
    assert switch not in staff_a.client.get(reverse("backoffice:home")).content.decode()

    MembershipFactory(user=staff_a.user, corporation=staff_b.corporation)
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert switch in page
    assert "Thuisbest" in page


def test_switching_corporation_sets_the_session_and_changes_what_is_visible(staff_a, staff_b):
    MembershipFactory(user=staff_a.user, corporation=staff_b.corporation)
    card_b = reverse("backoffice:tenant_card", args=[staff_b.tenant.pk])
    # Memberships are ordered by corporation name: Thuisbest comes first, so switch to Woonstad explicitly.
    staff_a.client.post(reverse("backoffice:switch_corporation"), {"corporation": staff_a.corporation.pk})
    assert staff_a.client.get(card_b).status_code == 404

    response = staff_a.client.post(
        reverse("backoffice:switch_corporation"), {"corporation": staff_b.corporation.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    assert staff_a.client.session[SESSION_KEY] == staff_b.corporation.pk
    assert staff_a.client.get(card_b).status_code == 200


def test_cannot_switch_to_a_corporation_without_membership(staff_a, staff_b):
    staff_a.client.post(reverse("backoffice:switch_corporation"), {"corporation": staff_b.corporation.pk})
    assert SESSION_KEY not in staff_a.client.session
    card_b = reverse("backoffice:tenant_card", args=[staff_b.tenant.pk])
    assert staff_a.client.get(card_b).status_code == 404


def test_switch_requires_post(staff_a):
    assert staff_a.client.get(reverse("backoffice:switch_corporation")).status_code == 405


def test_header_shows_product_and_corporation_and_skip_link(staff_a):
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert 'class="skip-link" href="#main"' in page
    assert "Vangnet" in page and "Woonstad Utrecht" in page
    assert '<main id="main"' in page
    assert 'aria-current="page"' in page


def test_language_switch_to_english(staff_a):
    response = staff_a.client.post(
        reverse("set_language"), {"language": "en", "next": reverse("backoffice:tenant_search")}
    )
    assert response.status_code == 302
    page = staff_a.client.get(reverse("backoffice:tenant_search")).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Search tenants" in page
    assert "Nederlands" in page  # the way back


def test_arabic_reads_right_to_left_and_every_language_offers_the_others(staff_a):
    staff_a.client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = staff_a.client.get(reverse("backoffice:tenant_search")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    # Each other language by its own name, so a reader finds theirs.
    for name in ("Nederlands", "English", "Türkçe", "Polski"):
        assert f">{name}</button>" in page
    assert 'value="ar"' not in page
    assert "Zoek huurders" not in page


def test_logout_is_a_post(staff_a):
    response = staff_a.client.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert staff_a.client.get(reverse("backoffice:home")).status_code == 302
