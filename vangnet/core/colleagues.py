"""Administrators manage their colleagues: invite one by e-mail, change a role, deactivate an account.

An invitation creates the account without a password and mails a link to set one. The link holds a
one-time token (Django's password-reset tokens with their own salt): it stops working once the password is
set, and after `VANGNET_INVITE_DAYS` days. A deactivated colleague can no longer sign in (Django refuses an
inactive user, and their open sessions end at their next request); their open tasks stay to be reassigned.
"""

import datetime as dt
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, Membership, Role, User


class InviteTokenGenerator(PasswordResetTokenGenerator):
    """A set-password token of its own kind (a reset link is no invitation), valid for
    `VANGNET_INVITE_DAYS` days on Vangnet's clock and only until the password is set (the password's hash
    is part of the token) or the account is deactivated."""

    key_salt = "vangnet.core.colleagues.InviteTokenGenerator"

    def _now(self) -> dt.datetime:
        return timezone.localtime(clock.now()).replace(tzinfo=None)

    def check_token(self, user, token) -> bool:  # type: ignore[no-untyped-def]
        if user is None or not user.is_active or not token:
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > settings.VANGNET_INVITE_DAYS * 24 * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invite_tokens = InviteTokenGenerator()


def invite_link(*, user: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("backoffice:invite_accept", args=[uid, invite_tokens.make_token(user)])
    return base_url.rstrip("/") + path


def _invite_mail(*, corporation: Corporation, user: User, link: str, inviter: User) -> None:
    body = _(
        "Beste %(name)s,\n\n"
        "%(inviter)s nodigt u uit om in Vangnet te werken voor %(corporation)s.\n"
        "Kies via deze link een wachtwoord. De link werkt één keer en is %(days)s dagen geldig:\n"
        "%(link)s\n\n"
        "Daarna logt u in met uw e-mailadres als gebruikersnaam: %(username)s\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    ) % {
        "name": user.get_full_name() or user.username,
        "inviter": inviter.get_full_name() or inviter.get_username(),
        "corporation": corporation.name,
        "days": settings.VANGNET_INVITE_DAYS,
        "link": link,
        "username": user.get_username(),
    }
    sender = formataddr(
        (corporation.sender_name or corporation.name, corporation.sender_email or settings.DEFAULT_FROM_EMAIL)
    )
    email = EmailMessage(
        subject=_("Uitnodiging voor Vangnet van %(corporation)s") % {"corporation": corporation.name},
        body=body,
        from_email=sender,
        to=[user.email],
    )
    try:
        mailers[settings.MESSAGING_MAILER].send_messages([email])
    except OSError as error:
        raise ApplicationError(
            _("De uitnodiging kon niet worden verstuurd (de mailserver antwoordde niet). Probeer het later.")
        ) from error


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ApplicationError(_("Kies een rol uit de lijst."), extra={"field": "role"})


@transaction.atomic
def colleague_invite(
    *,
    corporation: Corporation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    base_url: str,
    actor: User,
) -> User:
    """A new colleague with the role, and the mail with the set-password link; nothing is kept when the
    mail cannot be sent."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(_("Dit is geen geldig e-mailadres."), extra={"field": "email"}) from None
    _check_role(role)
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise ApplicationError(
            _(
                "Er is al een account met dit e-mailadres. Vraag de beheerder van Vangnet om het toe te voegen."
            ),
            extra={"field": "email"},
        )
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, corporation=corporation, role=role)
    log_action(
        corporation=corporation,
        actor=actor,
        action="staff.invited",
        obj=user,
        data={"email": email, "role": role},
    )
    _invite_mail(
        corporation=corporation, user=user, link=invite_link(user=user, base_url=base_url), inviter=actor
    )
    return user


def colleague_invite_resend(*, corporation: Corporation, user: User, base_url: str, actor: User) -> None:
    """A new link for a colleague who has not set a password yet (the old link keeps working until then)."""
    if user.has_usable_password():
        raise ApplicationError(_("Deze collega heeft al een wachtwoord gekozen."))
    if not user.is_active:
        raise ApplicationError(_("Dit account is gedeactiveerd. Activeer het eerst weer."))
    log_action(corporation=corporation, actor=actor, action="staff.invite_resent", obj=user)
    _invite_mail(
        corporation=corporation, user=user, link=invite_link(user=user, base_url=base_url), inviter=actor
    )


def _membership(corporation: Corporation, user: User) -> Membership:
    membership = Membership.objects.select_for_update().filter(corporation=corporation, user=user).first()
    if membership is None:
        raise ApplicationError(_("Deze collega werkt niet voor deze corporatie."))
    return membership


def _keeps_an_administrator(corporation: Corporation, leaving: Membership) -> None:
    others = Membership.objects.filter(
        corporation=corporation, role=Role.ADMIN, user__is_active=True
    ).exclude(pk=leaving.pk)
    if leaving.role == Role.ADMIN and not others.exists():
        raise ApplicationError(
            _("Er moet altijd een actieve beheerder blijven. Maak eerst een collega beheerder.")
        )


@transaction.atomic
def colleague_role_change(*, corporation: Corporation, user: User, role: str, actor: User) -> Membership:
    _check_role(role)
    if user.pk == actor.pk:
        raise ApplicationError(_("U kunt uw eigen rol niet wijzigen. Vraag een andere beheerder."))
    membership = _membership(corporation, user)
    if role != Role.ADMIN:
        _keeps_an_administrator(corporation, membership)
    old = membership.role
    if old == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        corporation=corporation,
        actor=actor,
        action="staff.role_changed",
        obj=user,
        data={"from": old, "to": role},
    )
    return membership


@transaction.atomic
def colleague_deactivate(*, corporation: Corporation, user: User, actor: User) -> User:
    """The colleague can no longer sign in; their open work is listed for reassignment, not moved."""
    if user.pk == actor.pk:
        raise ApplicationError(_("U kunt uw eigen account niet deactiveren."))
    membership = _membership(corporation, user)
    if Membership.objects.filter(user=user).exclude(corporation=corporation).exists():
        raise ApplicationError(
            _(
                "Deze collega werkt ook voor een andere corporatie. Vraag de beheerder van Vangnet om het "
                "account te deactiveren."
            )
        )
    _keeps_an_administrator(corporation, membership)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    log_action(corporation=corporation, actor=actor, action="staff.deactivated", obj=user)
    return user


@transaction.atomic
def colleague_reactivate(*, corporation: Corporation, user: User, actor: User) -> User:
    _membership(corporation, user)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    log_action(corporation=corporation, actor=actor, action="staff.reactivated", obj=user)
    return user
