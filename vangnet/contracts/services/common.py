"""What the contract processes share: the case type of a kind, the identity step's code message, money text."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case, CaseType, EntryKind
from vangnet.cases.services.common import entry_add
from vangnet.cases.services.contractors import _send, _sender
from vangnet.cases.services.types import case_types_install_defaults
from vangnet.contracts.models import SigningCode
from vangnet.contracts.signing import CODE_VALID, code_issue
from vangnet.core.audit import Actor
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.money import format_euro
from vangnet.messaging.channels.registry import restriction_for
from vangnet.messaging.models import MessageTemplate, OutgoingMessage
from vangnet.messaging.outbox import message_manual_create
from vangnet.messaging.template_services import templates_install_defaults
from vangnet.tenants.models import Tenant


def case_type_of_kind(corporation: Corporation, kind: str) -> CaseType:
    found = CaseType.objects.filter(corporation=corporation, kind=kind, active=True).first()
    if found is None:
        case_types_install_defaults(corporation=corporation)
        found = CaseType.objects.filter(corporation=corporation, kind=kind, active=True).first()
    if found is None:
        raise ApplicationError(
            gettext("Dit proces staat uit bij deze corporatie."), extra={"field": "case_type"}
        )
    return found


def euro(amount: Decimal) -> str:
    return format_euro(amount)


def document_add(case: Case, *, name: str, pdf: bytes, text: str, actor: Actor) -> None:
    """A PDF on the timeline as it was shown or sent, readable by the party."""
    entry = entry_add(
        case,
        EntryKind.DOCUMENT,
        Audience.PARTY,
        text,
        actor=actor,
        file_name=name,
        content_type="application/pdf",
    )
    entry.file.save(name, ContentFile(pdf), save=True)


SIGNING_CODE_TEMPLATE = "handtekening-code"


def code_channels(tenant: Tenant) -> list[str]:
    """How a code can reach the tenant: "sms" when they have a mobile number and take SMS, "email" likewise."""
    found = []
    if tenant.email and not tenant.no_email:
        found.append("email")
    if tenant.phone_mobile and not restriction_for(tenant, "sms"):
        found.append("sms")
    return found


def signing_code_send(
    *,
    case: Case | None,
    tenant: Tenant,
    purpose: str,
    subject_id: int,
    what: str,
    now: dt.datetime,
    actor: Actor,
    channel: str = "email",
) -> str:
    """Send a one-time code by e-mail (the tenant's address) or by SMS (their mobile number, through the
    outbox's SMS channel, template `handtekening-code`) and keep the message as sent: an e-mail on the case's
    timeline and on the code; an SMS in the outbox, linked from the code, whose text as sent goes on the
    timeline when the code is used. Returns where it went (for the page). Raises ApplicationError when the
    tenant cannot be reached that way."""
    if channel == "sms":
        return _code_by_sms(
            case=case, tenant=tenant, purpose=purpose, subject_id=subject_id, now=now, actor=actor
        )
    if not tenant.email or tenant.no_email:
        raise ApplicationError(
            gettext(
                "Wij hebben geen e-mailadres van u om een code naar te sturen. Bel ons, dan helpen we u."
            ),
            extra={"field": "code"},
        )
    row, code = code_issue(tenant=tenant, purpose=purpose, subject_id=subject_id, channel="email", now=now)
    minutes = int(CODE_VALID.total_seconds() // 60)
    subject = gettext("Uw code om te tekenen")
    body = gettext(
        "Beste %(name)s,\n\nU wilt %(what)s tekenen. Uw code is: %(code)s\n\n"
        "De code werkt %(minutes)s minuten en maar één keer. Heeft u dit niet zelf gevraagd? Bel ons dan.\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    ) % {
        "name": tenant.display_name,
        "what": what,
        "code": code,
        "minutes": minutes,
        "corporation": tenant.corporation.name,
    }
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=_sender(tenant.corporation),
        to=[tenant.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    _send(email)
    row.message = f"{subject}\n\n{body}"
    row.save(update_fields=["message"])
    if case is not None:
        entry_add(case, EntryKind.MESSAGE, Audience.PARTY, row.message, actor=actor)
    return tenant.email


def _code_by_sms(
    *, case: Case | None, tenant: Tenant, purpose: str, subject_id: int, now: dt.datetime, actor: Actor
) -> str:
    if "sms" not in code_channels(tenant):
        raise ApplicationError(
            gettext("Wij kunnen u geen SMS sturen. Kies voor e-mail, of bel ons."), extra={"field": "code"}
        )
    row, code = code_issue(tenant=tenant, purpose=purpose, subject_id=subject_id, channel="sms", now=now)
    templates = MessageTemplate.objects.filter(corporation=tenant.corporation, code=SIGNING_CODE_TEMPLATE)
    if not templates.exists():
        # A corporation set up before this template existed gets it (its own texts are never overwritten).
        templates_install_defaults(corporation=tenant.corporation)
    message = message_manual_create(
        tenant=tenant,
        contract=None,
        template_code=SIGNING_CODE_TEMPLATE,
        channel="sms",
        as_of=timezone.localdate(now),
        actor=actor or "portal",
        values={"eenmalige_code": code},
        pay_link=False,
    )
    row.outgoing = message
    row.save(update_fields=["outgoing"])
    if case is not None:
        entry_add(
            case,
            EntryKind.MESSAGE,
            Audience.PARTY,
            gettext("Code om te tekenen per SMS gestuurd naar %(number)s.") % {"number": message.address},
            actor=actor,
        )
    return message.address


def code_message_as_sent(code: SigningCode) -> str:
    """The text of the message that carried a used code, as it was sent (for the timeline)."""
    if code.message:
        return code.message
    if code.outgoing_id is None:
        return ""
    sent = OutgoingMessage.objects.filter(pk=code.outgoing_id).values_list("body_text", "address").first()
    if not sent or not sent[0]:
        return ""
    return gettext("SMS naar %(number)s:\n\n%(text)s") % {"number": sent[1], "text": sent[0]}
