"""A staff session ends after the idle time; no staff page or download is kept in a cache."""

import pytest
from django.urls import reverse

from vangnet.backoffice.middleware import LAST_SEEN_SESSION_KEY
from vangnet.core import clock

pytestmark = pytest.mark.django_db


def idle_for(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = clock.now().timestamp() - minutes * 60
    session.save()


def test_a_session_idle_past_the_limit_must_sign_in_again(staff_a, settings):
    settings.VANGNET_STAFF_IDLE_MINUTES = 30
    home = reverse("backoffice:home")
    idle_for(staff_a.client, 29)
    assert staff_a.client.get(home).status_code == 200
    idle_for(staff_a.client, 31)
    response = staff_a.client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))
    # Signed out for good, not only for that one page.
    assert staff_a.client.get(home).status_code == 302


def test_the_limit_is_configurable(staff_a, settings):
    settings.VANGNET_STAFF_IDLE_MINUTES = 5
    idle_for(staff_a.client, 6)
    assert staff_a.client.get(reverse("backoffice:home")).status_code == 302


def test_staff_pages_downloads_and_the_sign_in_page_are_never_cached(staff_a, client):
    for url in (reverse("backoffice:home"), reverse("backoffice:tenant_card", args=[staff_a.tenant.pk])):
        response = staff_a.client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    login = client.get(reverse("backoffice:login"))
    assert "no-store" in login["Cache-Control"]
