"""Getting in: signed links, letter codes with the address, lockouts, the second check, and the audit log."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.payments.factories import PaymentSettingsFactory
from tests.portal.conftest import pass_check
from tests.world import portal_client
from vangnet.core.models import AccessThrottle, AuditEntry
from vangnet.core.throttle import Limit, throttle_fail, throttle_locked_until, throttle_reset
from vangnet.messaging import links

NEUTRAL = "Wij konden u niet aanmelden. Kijk of de code en het adres goed zijn, of bel ons."


def _code_login(client, code, postcode, house_number, **extra):
    return client.post(
        "/portaal/inloggen/", {"code": code, "postcode": postcode, "house_number": house_number}, **extra
    )


def test_a_signed_link_opens_the_portal_and_is_logged(fatima, in_woonstad):
    client = portal_client(fatima)
    page = client.get("/portaal/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Welkom, Fatima El Amrani" in html and "€ 1.043,25" in html
    assert page["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="portal.opened")
    assert entry.object_id == str(fatima.tenant.pk) and entry.data == {"method": "link"}
    assert entry.corporation == fatima.corporation


@pytest.mark.parametrize("token", ["nonsense", "1.1:abc:def", "x" * 150])
def test_a_wrong_token_shows_the_neutral_page(fatima, token, in_woonstad):
    page = Client().get(f"/portaal/link/{token}/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Deze link werkt niet (meer)" in html and "Fatima" not in html
    assert Client().get("/portaal/").status_code == 302
    # A token that names no corporation is logged without one: read across corporations, as the operator does.
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="portal.access_refused", corporation=None).exists()


def test_an_expired_or_tampered_token_shows_the_neutral_page(fatima, monkeypatch):
    token = links.portal_token(corporation_id=fatima.corporation.pk, tenant_id=fatima.tenant.pk)
    assert links.portal_token_target(token) == links.PortalLinkTarget(fatima.corporation.pk, fatima.tenant.pk)
    assert links.portal_token_target(token, max_age=dt.timedelta(seconds=-1)) is None
    _value, stamp, signature = token.split(":")
    other = f"{fatima.corporation.pk}.{fatima.tenant.pk + 1}:{stamp}:{signature}"
    assert links.portal_token_target(other) is None
    assert Client().get(f"/portaal/link/{other}/").status_code == 404
    # Thirty-one days later the same link is refused.
    real = links.signing.TimestampSigner.unsign

    def later(self, value, max_age=None):
        return real(self, value, max_age=None if max_age is None else dt.timedelta(days=-1))

    monkeypatch.setattr(links.signing.TimestampSigner, "unsign", later)
    page = Client().get(f"/portaal/link/{token}/")
    html = page.content.decode()
    # A genuine but expired link: the neutral page with the corporation's phone number, nothing else.
    assert page.status_code == 404 and "030-1234567" in html and "Fatima" not in html
    forged = Client().get(f"/portaal/link/{other}/").content.decode()
    assert "030-1234567" not in forged


def test_on_a_corporations_own_domain_another_corporations_link_is_not_found(fatima, piet, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portaal.woonstad.example"]
    PaymentSettingsFactory(corporation=fatima.corporation, portal_host="portaal.woonstad.example")
    token = links.portal_token(corporation_id=piet.corporation.pk, tenant_id=piet.tenant.pk)
    page = Client().get(f"/portaal/link/{token}/", HTTP_HOST="portaal.woonstad.example")
    assert page.status_code == 404
    assert "030-1234567" in page.content.decode()  # the phone number of the domain's own corporation
    # A session made on the shared domain does not work on another corporation's domain either.
    client = portal_client(piet)
    assert client.get("/portaal/", HTTP_HOST="portaal.woonstad.example").status_code == 302


def test_the_letter_code_with_the_address_opens_the_portal(fatima, in_woonstad):
    client = Client()
    code = links.access_code(fatima.tenant.pk).lower().replace("-", " ")
    response = _code_login(client, code, "3511ab", "12")
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    assert client.get("/portaal/").status_code == 200
    assert AuditEntry.objects.get(action="portal.opened").data == {"method": "code"}
    # The code form asked the address already: the second check is passed for this session.
    assert client.get("/portaal/gegevens/").status_code == 200


def test_a_wrong_code_and_a_wrong_address_get_the_same_answer(fatima, jan):
    wrong_code = _code_login(Client(), "AAAA-BBBB", "3511 AB", "12")
    wrong_address = _code_login(Client(), links.access_code(fatima.tenant.pk), "3511 CD", "3")
    for response in (wrong_code, wrong_address):
        assert response.status_code == 400
        assert NEUTRAL in response.content.decode()
    assert "Visser" not in wrong_address.content.decode()


def test_five_failures_lock_the_code_from_that_address_only(fatima, in_woonstad):
    code = links.access_code(fatima.tenant.pk)
    stranger = {"REMOTE_ADDR": "203.0.113.9"}
    for i in range(4):
        assert _code_login(Client(), code, f"1234 Z{'ABCD'[i]}", "1", **stranger).status_code == 400
    assert _code_login(Client(), code, "1234 ZZ", "1", **stranger).status_code == 429  # the fifth locks
    locked = _code_login(Client(), code, "3511 AB", "12", **stranger)
    assert locked.status_code == 429
    assert "te vaak geprobeerd" in locked.content.decode()
    with scopes_disabled():  # the code is counted before anyone knows the corporation behind it
        assert AccessThrottle.objects.filter(locked_until__gt=timezone.now()).exists()
    # Someone who saw the letter cannot lock Fatima out of her own code.
    at_home = _code_login(Client(), code, "3511 AB", "12", REMOTE_ADDR="198.51.100.7")
    assert at_home.status_code == 302


def test_guessing_codes_for_an_address_says_nothing_about_who_lives_there(fatima, in_woonstad):
    stranger = {"REMOTE_ADDR": "203.0.113.9"}
    answers = {}
    for address in (("3511 AB", "12"), ("3511 AB", "14")):  # Fatima's address, and one where nobody lives
        answers[address] = [
            _code_login(Client(), f"AAAA-BBB{i}", *address, **stranger).status_code for i in range(6)
        ]
    assert answers[("3511 AB", "12")] == [400, 400, 400, 400, 429, 429]
    assert answers[("3511 AB", "14")] == answers[("3511 AB", "12")]
    refused = AuditEntry.objects.filter(action="portal.access_refused", object_id=str(fatima.tenant.pk))
    assert refused.count() == 5  # the staff card shows the attempts
    # The stranger's guessing locked only the stranger: Fatima's letter still opens her portal.
    code = links.access_code(fatima.tenant.pk)
    assert _code_login(Client(), code, "3511 AB", "12", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_one_address_trying_many_codes_is_locked(fatima):
    for i in range(20):
        _code_login(Client(), f"CCCC-DD{i:02d}", f"10{i:02d} AA", "1", REMOTE_ADDR="203.0.113.9")
    response = _code_login(
        Client(), links.access_code(fatima.tenant.pk), "3511 AB", "12", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    other_ip = _code_login(
        Client(), links.access_code(fatima.tenant.pk), "3511 AB", "12", REMOTE_ADDR="198.51.100.1"
    )
    assert other_ip.status_code == 302


def test_sensitive_pages_ask_the_second_check_once(fatima_client, fatima, in_woonstad):
    response = fatima_client.get("/portaal/gegevens/")
    assert response.status_code == 302 and response["Location"].startswith("/portaal/controle/?next=")
    wrong = fatima_client.post("/portaal/controle/", {"birth_date": "01-01-1990"})
    assert wrong.status_code == 400 and "kloppen niet" in wrong.content.decode()
    by_birth = fatima_client.post(
        "/portaal/controle/", {"birth_date": "31-12-1980", "next": "/portaal/gegevens/"}
    )
    assert by_birth.status_code == 302 and by_birth["Location"] == "/portaal/gegevens/"
    assert fatima_client.get("/portaal/gegevens/").status_code == 200
    assert AuditEntry.objects.filter(action="portal.check_passed", object_id=str(fatima.tenant.pk)).exists()


def test_the_second_check_never_redirects_off_the_portal(fatima_client, fatima):
    response = fatima_client.post(
        "/portaal/controle/", {"birth_date": "31-12-1980", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/portaal/"


def test_the_second_check_locks_after_five_failures(fatima_client, fatima):
    for _ in range(5):
        fatima_client.post("/portaal/controle/", {"birth_date": "01-01-1990"})
    response = fatima_client.post("/portaal/controle/", {"birth_date": "31-12-1980"})
    assert response.status_code == 429


def test_logout_ends_the_session(fatima_client):
    assert fatima_client.post("/portaal/uitloggen/").status_code == 200
    assert fatima_client.get("/portaal/").status_code == 302


def test_the_language_of_the_tenant_is_set_at_login(fatima):
    fatima.tenant.language = "en"
    fatima.tenant.save()
    client = portal_client(fatima)
    assert client.cookies["django_language"].value == "en"


def test_throttle_counts_locks_and_resets(db):
    now = timezone.now()
    limit = Limit("test:key", max_failures=3)
    assert throttle_fail(limits=[limit], now=now) is None
    assert throttle_fail(limits=[limit], now=now) is None
    until = throttle_fail(limits=[limit], now=now)
    assert until == now + limit.lockout
    assert throttle_locked_until(limits=[limit], now=now) == until
    assert throttle_locked_until(limits=[limit], now=until + dt.timedelta(seconds=1)) is None
    # Failures outside the window start a new count.
    later = until + dt.timedelta(hours=1)
    throttle_fail(limits=[limit], now=later)
    with scopes_disabled():  # counts by IP address belong to no corporation
        assert AccessThrottle.objects.get(key="test:key").failures == 1
        throttle_reset(keys=["test:key"])
        assert not AccessThrottle.objects.filter(key="test:key").exists()


def test_signed_link_goes_in_email_and_sms_and_the_plain_address_in_letters(fatima, settings, in_woonstad):
    from vangnet.messaging.context import message_data_bulk
    from vangnet.messaging.models import OutgoingMessage
    from vangnet.messaging.services import manual_batch_get

    batch = manual_batch_get(corporation=fatima.corporation, day=dt.date(2025, 3, 20))
    made = {
        channel: OutgoingMessage.objects.create(
            corporation=fatima.corporation, batch=batch, tenant=fatima.tenant, contract=fatima.contract,
            channel=channel, recipient="tenant", template_code="herinnering-vriendelijk",
        )
        for channel in ("email", "sms", "letter")
    }  # fmt: skip
    data = message_data_bulk(made.values(), corporation=fatima.corporation, as_of=dt.date(2025, 3, 20))
    for channel in ("email", "sms"):
        link = data[made[channel].pk].values["portaallink"]
        token = link.removeprefix(f"{settings.VANGNET_PUBLIC_URL}/portaal/link/").rstrip("/")
        assert links.portal_token_target(token).tenant_id == fatima.tenant.pk
    assert data[made["letter"].pk].values["portaallink"] == f"{settings.VANGNET_PUBLIC_URL}/portaal/"
    assert data[made["letter"].pk].values["toegangscode"] == links.access_code(fatima.tenant.pk)


def test_the_portal_timeline_for_the_staff_card(fatima, jan, in_woonstad):
    from vangnet.portal.selectors import tenant_portal_timeline

    portal_client(fatima)
    portal_client(jan)
    client = portal_client(fatima)
    pass_check(client, fatima)
    actions = [entry.action for entry in tenant_portal_timeline(tenant=fatima.tenant)]
    assert actions == ["portal.check_passed", "portal.opened", "portal.opened"]


@pytest.mark.parametrize(
    ("language", "direction", "overview"),
    [("tr", "ltr", "Özet"), ("ar", "rtl", "الملخص"), ("pl", "ltr", "Przegląd")],
)
def test_a_tenant_reads_the_portal_in_their_own_language(fatima, language, direction, overview):
    fatima.tenant.language = language
    fatima.tenant.save()
    client = portal_client(fatima)
    page = client.get("/portaal/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert overview in page
    assert ">Nederlands</button>" in page  # the way back
