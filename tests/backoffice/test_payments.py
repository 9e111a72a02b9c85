"""Back-office payment pages: requests and attempts per corporation, and the admins' webhook settings."""

import pytest
from django.urls import reverse

from tests.payments.factories import PaymentFactory, PaymentRequestFactory
from vangnet.core.models import Role
from vangnet.events.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_requests_and_attempts_of_the_own_corporation_only(staff_a, staff_b):
    PaymentFactory(request=PaymentRequestFactory(contract=staff_a.contract), provider_id="tr_ours123")
    PaymentFactory(request=PaymentRequestFactory(contract=staff_b.contract), provider_id="tr_theirs456")
    for name in ("backoffice:payment_requests", "backoffice:payments"):
        page = staff_a.client.get(reverse(name)).content.decode()
        assert "HO-1001" in page and "HO-2002" not in page
    assert "tr_ours123" in staff_a.client.get(reverse("backoffice:payments")).content.decode()
    assert "tr_theirs456" not in staff_a.client.get(reverse("backoffice:payments")).content.decode()


def test_the_status_filter(staff_a):
    PaymentRequestFactory(contract=staff_a.contract, status="paid", amount="11.00")
    PaymentRequestFactory(contract=staff_a.contract, status="open", amount="22.00")
    page = staff_a.client.get(reverse("backoffice:payment_requests"), {"status": "paid"}).content.decode()
    assert "€ 11,00" in page and "€ 22,00" not in page
    # An unknown status is ignored, not an error.
    assert staff_a.client.get(reverse("backoffice:payment_requests"), {"status": "rich"}).status_code == 200


def test_webhooks_are_for_admins_only(staff_a):
    for name in ("backoffice:webhook_endpoints", "backoffice:event_deliveries"):
        assert staff_a.client.get(reverse(name)).status_code == 403
    assert (
        staff_a.client.post(
            reverse("backoffice:webhook_endpoints"), {"url": "https://erp.example/h"}
        ).status_code
        == 403
    )
    assert not WebhookEndpoint.objects.exists()


@pytest.fixture
def admin_a(staff_a):
    staff_a.membership.role = Role.ADMIN
    staff_a.membership.save()
    return staff_a


def test_an_admin_adds_an_endpoint_and_sees_the_secret_once(admin_a):
    url = reverse("backoffice:webhook_endpoints")
    response = admin_a.client.post(url, {"url": "https://erp.woonstad.example/vangnet", "description": "ERP"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.corporation == admin_a.corporation
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in admin_a.client.get(url).content.decode()


def test_an_endpoint_with_a_secret_from_the_environment(admin_a):
    response = admin_a.client.post(
        reverse("backoffice:webhook_endpoints"),
        {"url": "https://erp.woonstad.example/vangnet", "secret_env": "VANGNET_WEBHOOK_SECRET_WOONSTAD"},
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.secret, endpoint.secret_env) == ("", "VANGNET_WEBHOOK_SECRET_WOONSTAD")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "http://erp.example/hook"}, "https://"),
        ({"url": "geen adres"}, "geldige URL"),
        ({"url": "https://erp.example/h", "secret_env": "lower case"}, "hoofdletters"),
    ],
)
def test_bad_endpoint_input_gets_a_clear_error_and_changes_nothing(admin_a, data, message):
    response = admin_a.client.post(reverse("backoffice:webhook_endpoints"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_switches_an_endpoint_off_and_cannot_touch_another_corporations(admin_a, staff_b):
    ours = WebhookEndpoint.objects.create(
        corporation=admin_a.corporation, url="https://a.example/h", secret="s"
    )
    theirs = WebhookEndpoint.objects.create(
        corporation=staff_b.corporation, url="https://b.example/h", secret="s"
    )
    toggle = "backoffice:webhook_endpoint_toggle"
    assert admin_a.client.post(reverse(toggle, args=[ours.pk]), {"active": "0"}).status_code == 302
    assert admin_a.client.post(reverse(toggle, args=[theirs.pk]), {"active": "0"}).status_code == 404
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.active, theirs.active) == (False, True)
    assert "a.example" in admin_a.client.get(reverse("backoffice:webhook_endpoints")).content.decode()
    assert "b.example" not in admin_a.client.get(reverse("backoffice:webhook_endpoints")).content.decode()
    assert admin_a.client.get(reverse("backoffice:event_deliveries")).status_code == 200
