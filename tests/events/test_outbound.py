"""Outbound webhooks cannot be pointed inside (SSRF): internal addresses are refused when an endpoint is
saved and again when it is called (after the name is resolved), redirects are never followed, and a secret
comes only from the corporation's own environment variable."""

import socket

import pytest
from django.test import override_settings

from vangnet.core.errors import ApplicationError
from vangnet.events.models import DeliveryStatus, EventDelivery, WebhookEndpoint
from vangnet.events.services import event_publish, webhook_endpoint_create

pytestmark = pytest.mark.django_db
production_rules = override_settings(VANGNET_WEBHOOKS_TO_LOCAL_TEST_SERVER=False)
INTERNAL = "Dit adres wijst naar een intern netwerk"


def _resolving_to(monkeypatch, address: str) -> None:
    """The DNS answer for every name (a rebinding attacker's, or a typo that lands inside)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, port))],
    )


def _publish(corporation, django_capture_on_commit_callbacks) -> EventDelivery:
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(corporation=corporation, type="payment.received", payload={"amount": "10.00"})
    return EventDelivery.objects.get(attempt=1)


@production_rules
@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.5/hook",
        "https://192.168.1.20:8443/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://[::ffff:172.16.0.1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_an_internal_address_is_refused_when_saved(corporation, url):
    with pytest.raises(ApplicationError, match=INTERNAL):
        webhook_endpoint_create(corporation=corporation, url=url, actor="test")
    assert not WebhookEndpoint.objects.exists()


@production_rules
def test_a_name_that_resolves_inside_is_refused_when_saved(corporation, monkeypatch):
    _resolving_to(monkeypatch, "10.1.2.3")
    with pytest.raises(ApplicationError, match=r"intern netwerk \(10\.1\.2\.3\)"):
        webhook_endpoint_create(
            corporation=corporation, url="https://erp.woonstad.example/hook", actor="test"
        )


@production_rules
def test_outside_the_tests_even_the_local_receiver_needs_https(corporation, receiver):
    with pytest.raises(ApplicationError, match=r"Het adres moet met https:// beginnen\."):
        webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")


def test_a_password_in_the_address_is_refused(corporation):
    with pytest.raises(ApplicationError, match="Zet geen gebruikersnaam of wachtwoord"):
        webhook_endpoint_create(corporation=corporation, url="https://erp:geheim@erp.example/h", actor="test")


@production_rules
def test_a_name_that_resolves_inside_at_send_time_gets_nothing(
    corporation, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    # Saved while the name pointed to the internet; now it points to the receiver on this machine.
    WebhookEndpoint.objects.create(
        corporation=corporation, url="https://erp.woonstad.example/hook", secret="s"
    )
    _resolving_to(monkeypatch, "127.0.0.1")
    delivery = _publish(corporation, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.FAILED and delivery.response_code is None
    assert INTERNAL in delivery.error and "127.0.0.1" in delivery.error
    assert receiver.received == []


def test_a_redirect_is_not_followed(corporation, receiver, django_capture_on_commit_callbacks):
    receiver.responses = [302]
    receiver.redirect_to = "http://169.254.169.254/latest/meta-data/"
    webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")
    delivery = _publish(corporation, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.FAILED, 302)
    assert delivery.error == "De ontvanger verwees naar een ander adres; dat volgen we niet."
    assert len(receiver.received) == 1


@pytest.mark.parametrize("name", ["VANGNET_SECRET_KEY", "MOLLIE_API_KEY", "VANGNET_WEBHOOK_SECRET_THUISBEST"])
def test_a_secret_only_from_the_corporations_own_variable(corporation, name):
    with pytest.raises(ApplicationError, match="die met VANGNET_WEBHOOK_SECRET_WOONSTAD begint"):
        webhook_endpoint_create(
            corporation=corporation, url="https://erp.example/h", secret_env=name, actor="test"
        )
    assert not WebhookEndpoint.objects.exists()


def test_an_endpoint_saved_earlier_with_another_variable_signs_nothing(
    corporation, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("VANGNET_SECRET_KEY", "the-installations-key")
    WebhookEndpoint.objects.create(corporation=corporation, url=receiver.url, secret_env="VANGNET_SECRET_KEY")
    delivery = _publish(corporation, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.FAILED
    assert "VANGNET_WEBHOOK_SECRET_WOONSTAD" in delivery.error
    assert receiver.received == []
