"""Staff sign-in: a TOTP app as second step (django-otp), and lifting a lockout (django-axes).

A staff member gets one TOTP device. It stays unconfirmed until they type a code from their app, so a
half-finished setup never locks anyone out; an administrator can remove it when a phone is lost.
"""

from base64 import b32encode

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User

DEVICE_NAME = "Authenticator-app"


def two_factor_required() -> bool:
    return settings.VANGNET_STAFF_2FA == "required"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device to scan; reloading the page shows the same secret until it is confirmed."""
    if confirmed_device(user) is not None:
        raise ApplicationError("U hebt tweestapsverificatie al ingesteld.")
    with transaction.atomic():
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return pending or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_setup_qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR-code voor uw app")


def totp_secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app without a camera."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _second_factor_changed(user: User) -> None:
    """Ends every session that signed in before the change: one that passed only the password must not
    keep its access once the user has an app (the session that enrolled signs itself in again)."""
    User.objects.filter(pk=user.pk).update(second_factor_epoch=F("second_factor_epoch") + 1)
    user.refresh_from_db(fields=["second_factor_epoch"])


def totp_device_confirm(*, user: User, token: str, corporation: Corporation | None) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError("Begin opnieuw met het instellen: er is geen code om te bevestigen.")
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ApplicationError("Deze code klopt niet. Typ de zes cijfers die de app nu laat zien.")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _second_factor_changed(user)
    log_action(corporation=corporation, actor=user, action="two_factor.enabled", obj=user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    device = confirmed_device(user)
    if device is None:
        raise ApplicationError("Voor deze gebruiker is geen tweestapsverificatie ingesteld.")
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ApplicationError("Te veel verkeerde codes. Wacht even en probeer het dan opnieuw.")
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ApplicationError(
            "Deze code klopt niet of is verlopen. Probeer de code die de app nu laat zien."
        )
    return device


def two_factor_reset(*, user: User, actor: User, corporation: Corporation) -> int:
    """An administrator removes a colleague's devices (a lost phone); they set up a new one at next login."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        _second_factor_changed(user)
    log_action(corporation=corporation, actor=actor, action="two_factor.reset", obj=user)
    return removed


def login_lockout_lift(*, user: User, actor: User, corporation: Corporation) -> int:
    """An administrator lets a colleague try again before the 15 minutes are over."""
    lifted = axes_reset(username=user.get_username())
    log_action(corporation=corporation, actor=actor, action="staff.lockout_lifted", obj=user)
    return lifted
