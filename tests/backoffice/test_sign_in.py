"""Two-factor sign-in (TOTP), the lockout after wrong passwords, and the administrators' pages."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, MembershipFactory
from vangnet.core.models import AuditEntry, Role

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def required(settings):
    settings.VANGNET_STAFF_2FA = "required"
    # django-otp makes each try after a wrong code wait longer; these tests retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_wrong_codes_slow_down_further_tries():
    petra = MembershipFactory(user__username="petra")
    device = TOTPDevice.objects.create(user=petra.user, name="app", confirmed=True)
    client = Client()
    step = sign_in(client)["Location"]
    client.post(step, {"code": "000000"})
    slowed = client.post(step, {"code": code_for(device)})
    assert "Te veel verkeerde codes" in slowed.content.decode()


def sign_in(client: Client, username: str = "petra", password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("backoffice:login"), data)


def test_first_login_sets_up_the_app_and_the_next_login_asks_for_a_code(required):
    membership = MembershipFactory(user__username="petra")
    client = Client()
    response = sign_in(client, next_url="/huurders/")
    assert response["Location"].startswith(reverse("backoffice:two_factor_setup"))
    # Without the second step no staff page opens.
    assert client.get("/huurders/")["Location"].startswith(reverse("backoffice:two_factor_setup"))

    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert "<svg" in html and "Scan deze QR-code" in html
    device = TOTPDevice.objects.get(user=membership.user, confirmed=False)

    wrong = client.post(response["Location"], {"code": "000000", "next": "/huurders/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    confirmed = client.post(response["Location"], {"code": code_for(device), "next": "/huurders/"})
    assert confirmed["Location"] == "/huurders/"
    assert client.get("/huurders/").status_code == 200
    assert AuditEntry.objects.filter(action="two_factor.enabled", object_id=str(membership.user.pk)).exists()

    client.post(reverse("backoffice:logout"))
    again = sign_in(client)
    assert again["Location"].startswith(reverse("backoffice:two_factor_verify"))
    assert client.get(reverse("backoffice:home"))["Location"].startswith(
        reverse("backoffice:two_factor_verify")
    )
    refused = client.post(again["Location"], {"code": "123456"})
    assert "klopt niet" in refused.content.decode()
    device.refresh_from_db()
    accepted = client.post(again["Location"], {"code": code_for(device, steps_ahead=1)})
    assert accepted["Location"] == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_optional_mode_asks_only_those_who_set_up_the_app():
    with_app = MembershipFactory(user__username="petra")
    TOTPDevice.objects.create(user=with_app.user, name="app", confirmed=True)
    MembershipFactory(user__username="karel")
    assert sign_in(Client())["Location"].startswith(reverse("backoffice:two_factor_verify"))
    assert sign_in(Client(), "karel")["Location"] == reverse("backoffice:home")


def test_a_code_from_the_wrong_user_or_a_reused_code_is_refused(required):
    petra = MembershipFactory(user__username="petra")
    karel = MembershipFactory(user__username="karel")
    petra_device = TOTPDevice.objects.create(user=petra.user, name="app", confirmed=True)
    TOTPDevice.objects.create(user=karel.user, name="app", confirmed=True)
    client = Client()
    step = sign_in(client, "karel")["Location"]
    assert "klopt niet" in client.post(step, {"code": code_for(petra_device)}).content.decode()

    first = Client()
    step = sign_in(first)["Location"]
    code = code_for(petra_device)
    assert first.post(step, {"code": code}).status_code == 302
    second = Client()
    step = sign_in(second)["Location"]
    assert "klopt niet" in second.post(step, {"code": code}).content.decode()


def test_five_wrong_passwords_lock_the_username_until_an_admin_lifts_it():
    MembershipFactory(user__username="petra")
    client = Client()
    for _ in range(5):
        sign_in(client, password="niet-goed")
    locked = sign_in(client)
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    # Another colleague on the same office address is not affected.
    MembershipFactory(user__username="karel")
    assert sign_in(Client(), "karel").status_code == 302


def test_a_stranger_guessing_a_known_username_does_not_lock_its_owner_out():
    MembershipFactory(user__username="petra")
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(6):
        stranger.post(reverse("backoffice:login"), {"username": "petra", "password": "niet-goed"})
    assert "Tijdelijk geblokkeerd" in sign_in(stranger).content.decode()
    at_the_office = Client(REMOTE_ADDR="198.51.100.10")
    assert at_the_office.post(reverse("backoffice:login"), {"username": "petra", "password": PASSWORD})[
        "Location"
    ] == reverse("backoffice:home")


def test_admin_sees_the_team_and_lifts_a_lockout_and_resets_the_app():
    admin = MembershipFactory(user__username="anna", role=Role.ADMIN)
    petra = MembershipFactory(user__username="petra", corporation=admin.corporation)
    TOTPDevice.objects.create(user=petra.user, name="app", confirmed=True)
    for _ in range(5):
        sign_in(Client(), password="niet-goed")
    client = Client()
    client.force_login(admin.user)
    page = client.get(reverse("backoffice:staff_list")).content.decode()
    assert "petra" in page and "Geblokkeerd" in page and "App opnieuw instellen" in page

    client.post(reverse("backoffice:staff_unlock", args=[petra.user.pk]))
    assert sign_in(Client())["Location"].startswith(reverse("backoffice:two_factor_verify"))
    client.post(reverse("backoffice:staff_two_factor_reset", args=[petra.user.pk]))
    assert not TOTPDevice.objects.filter(user=petra.user).exists()
    actions = set(AuditEntry.objects.filter(actor=admin.user).values_list("action", flat=True))
    assert {"staff.lockout_lifted", "two_factor.reset"} <= actions


def test_admin_pages_are_for_admins_only_and_never_reach_another_corporation():
    credit_manager = MembershipFactory(user__username="petra", role=Role.CREDIT_MANAGER)
    admin = MembershipFactory(user__username="anna", role=Role.ADMIN)
    elsewhere = MembershipFactory(user__username="bob")
    client = Client()
    client.force_login(credit_manager.user)
    assert client.get(reverse("backoffice:staff_list")).status_code == 403
    assert client.get(reverse("backoffice:audit_log")).status_code == 403
    client.force_login(admin.user)
    assert client.post(reverse("backoffice:staff_unlock", args=[elsewhere.user.pk])).status_code == 404
    assert "bob" not in client.get(reverse("backoffice:staff_list")).content.decode()


def test_audit_log_shows_who_viewed_which_tenant(staff_a, staff_b):
    admin = MembershipFactory(user__username="anna", role=Role.ADMIN, corporation=staff_a.corporation)
    staff_a.client.get(reverse("backoffice:tenant_card", args=[staff_a.tenant.pk]))
    staff_b.client.get(reverse("backoffice:tenant_card", args=[staff_b.tenant.pk]))
    client = Client()
    client.force_login(admin.user)
    page = client.get(reverse("backoffice:audit_log"), {"huurder": staff_a.tenant.pk}).content.decode()
    # The entry reads as a sentence, never as its code.
    assert "Huurderskaart bekeken" in page
    viewer, other_viewer = (s.user.get_full_name() or s.user.username for s in (staff_a, staff_b))
    assert viewer in page
    assert "tenant.viewed" not in page
    assert other_viewer not in page
    other = client.get(reverse("backoffice:audit_log"), {"huurder": staff_b.tenant.pk}).content.decode()
    assert "Huurderskaart bekeken" not in other


def test_a_password_only_session_loses_access_when_the_user_enrols_an_app_elsewhere():
    MembershipFactory(user__username="petra")
    old_session = Client()
    assert sign_in(old_session)["Location"] == reverse("backoffice:home")
    assert old_session.get(reverse("backoffice:home")).status_code == 200

    enrolling = Client()
    sign_in(enrolling)
    setup = reverse("backoffice:two_factor_setup")
    enrolling.get(setup)
    device = TOTPDevice.objects.get(user__username="petra", confirmed=False)
    assert enrolling.post(setup, {"code": code_for(device), "next": "/huurders/"})["Location"] == "/huurders/"
    # The session that enrolled stays signed in; the one that passed only the password is signed out.
    assert enrolling.get("/huurders/").status_code == 200
    assert old_session.get("/huurders/")["Location"].startswith(reverse("backoffice:login"))


def test_a_password_only_session_loses_access_when_two_factor_becomes_required(settings):
    MembershipFactory(user__username="petra")
    client = Client()
    assert sign_in(client)["Location"] == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).status_code == 200
    settings.VANGNET_STAFF_2FA = "required"
    assert client.get(reverse("backoffice:home"))["Location"].startswith(
        reverse("backoffice:two_factor_setup")
    )
