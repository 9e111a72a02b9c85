"""The names a corporation's messages go out under: the sender name and e-mail address, the SMS sender."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation

# An alphanumeric SMS sender: at most 11 letters, digits or spaces (what the networks show as the sender).
SMS_SENDER = re.compile(r"^[A-Za-z0-9 ]{1,11}$")


@transaction.atomic
def corporation_senders_update(
    *, corporation: Corporation, sender_name: str, sender_email: str, sms_sender: str, actor: Actor
) -> Corporation:
    sender_name, sender_email, sms_sender = (
        sender_name.strip(),
        sender_email.strip().lower(),
        sms_sender.strip(),
    )
    problems = {}
    if len(sender_name) > 200:
        problems["sender_name"] = _("De afzendernaam is te lang (hoogstens 200 tekens).")
    if sender_email:
        try:
            validate_email(sender_email)
        except ValidationError:
            problems["sender_email"] = _("Dit is geen geldig e-mailadres.")
    if sms_sender and not SMS_SENDER.match(sms_sender):
        problems["sms_sender"] = _("Een SMS-afzender heeft hoogstens 11 letters, cijfers of spaties.")
    if problems:
        raise ApplicationError(" ".join(problems.values()), extra={"fields": problems})
    corporation.sender_name, corporation.sender_email, corporation.sms_sender = (
        sender_name,
        sender_email,
        sms_sender,
    )
    corporation.save(update_fields=["sender_name", "sender_email", "sms_sender"])
    log_action(
        corporation=corporation,
        actor=actor,
        action="corporation.senders_changed",
        obj=corporation,
        data={"sender_name": sender_name, "sender_email": sender_email, "sms_sender": sms_sender},
    )
    return corporation
