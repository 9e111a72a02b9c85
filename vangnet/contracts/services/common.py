"""What the contract processes share: the case type of a kind, the identity step's code message, money text."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case, CaseType, EntryKind
from vangnet.cases.services.common import entry_add
from vangnet.cases.services.contractors import _send, _sender
from vangnet.cases.services.types import case_types_install_defaults
from vangnet.contracts.signing import CODE_VALID, code_issue
from vangnet.core.audit import Actor
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.money import format_euro
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


def signing_code_send(
    *,
    case: Case | None,
    tenant: Tenant,
    purpose: str,
    subject_id: int,
    what: str,
    now: dt.datetime,
    actor: Actor,
) -> str:
    """Send a one-time code by e-mail (the tenant's address) and keep the message as sent: on the case's
    timeline, and on the code (for a case the signature opens). Returns where it went (for the page). Raises ApplicationError when the tenant has no e-mail address."""
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
