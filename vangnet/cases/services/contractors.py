"""Contractors (vakmensen) per corporation with their agenda, and the e-mails they get: the work order with
its PDF, and the appointment the tenant confirmed or moved. Sent with the mailer the outbox's e-mail channel uses, the corporation
as the sender; a contractor is not a tenant, so these are not outbox messages."""

import datetime as dt
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.validators import validate_email
from django.utils.translation import gettext

from vangnet.appointments.models import Resource, ResourceKind
from vangnet.appointments.services import availability_add, resource_create
from vangnet.cases.models import Contractor, WorkOrder
from vangnet.cases.orders import contractor_agenda
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation


def contractor_create(
    *, corporation: Corporation, name: str, email: str, actor: Actor, trades: str = "", phone: str = ""
) -> Contractor:
    name, email, trades, phone = (
        (name or "").strip(),
        (email or "").strip(),
        (trades or "").strip(),
        (phone or "").strip(),
    )
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = gettext("Vul de naam van de vakman of het bedrijf in.")
    elif len(name) > 200:
        problems["name"] = gettext("De naam is te lang (hoogstens 200 tekens).")
    elif Contractor.objects.filter(corporation=corporation, name__iexact=name).exists():
        problems["name"] = gettext("Er is al een vakman met deze naam.")
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = gettext("Vul een geldig e-mailadres in, bijvoorbeeld planning@bedrijf.nl.")
    if len(trades) > 200:
        problems["trades"] = gettext("De vakgebieden zijn te lang (hoogstens 200 tekens).")
    if len(phone) > 30:
        problems["phone"] = gettext("Het telefoonnummer is te lang.")
    if problems:
        raise ApplicationError(" ".join(problems.values()), extra={"fields": problems})
    contractor = Contractor.objects.create(
        corporation=corporation, name=name, email=email, trades=trades, phone=phone
    )
    log_action(
        corporation=corporation, actor=actor, action="contractor.created", obj=contractor, data={"name": name}
    )
    contractor_agenda_ensure(contractor=contractor, actor=actor)
    return contractor


# A new contractor's working hours until a colleague changes them on the agenda screen: weekdays 8-12, 13-17.
DEFAULT_WINDOWS = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))


def contractor_agenda_ensure(*, contractor: Contractor, actor: Actor) -> Resource:
    """The contractor's agenda (a `Resource` of kind contractor), made with the default hours when missing."""
    agenda = contractor_agenda(contractor)
    if agenda is not None:
        return agenda
    name = contractor.name
    if Resource.objects.filter(corporation_id=contractor.corporation_id, name=name).exists():
        name = f"{contractor.name} ({gettext('vakman')})"[:200]
    agenda = resource_create(
        corporation=contractor.corporation,
        name=name,
        kind=ResourceKind.CONTRACTOR,
        actor=actor,
        contractor=contractor,
    )
    for weekday in range(5):
        for start, end in DEFAULT_WINDOWS:
            availability_add(resource=agenda, weekday=weekday, start=start, end=end, actor=actor)
    return agenda


def _sender(corporation: Corporation) -> str:
    return formataddr(
        (corporation.sender_name or corporation.name, corporation.sender_email or settings.DEFAULT_FROM_EMAIL)
    )


def _send(email: EmailMessage) -> None:
    connection = mailers[settings.MESSAGING_MAILER]
    connection.send_messages([email])


def work_order_mail(work_order: WorkOrder, *, link: str, facts: dict[str, str], pdf: bytes) -> None:
    """The work order to the contractor: what, where, the link, and the PDF. Raises OSError on failure."""
    corporation = work_order.corporation
    body = gettext(
        "Beste %(contractor)s,\n\n"
        "%(corporation)s geeft u een opdracht: %(problem)s\n"
        "Adres: %(address)s\n"
        "Urgentie: %(urgency)s\n\n"
        "Kies via deze persoonlijke link een vrij moment uit uw agenda voor de afspraak. De huurder "
        "bevestigt het. "
        "Meld via dezelfde link dat het werk klaar is:\n%(link)s\n\n"
        "De werkopdracht staat in de bijlage.\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    ) % {
        "contractor": work_order.contractor.name,
        "corporation": corporation.name,
        "problem": facts["problem"],
        "address": facts["address"],
        "urgency": facts["urgency"],
        "link": link,
    }
    email = EmailMessage(
        subject=gettext("Werkopdracht %(number)s: %(problem)s")
        % {"number": work_order.number, "problem": facts["problem"]},
        body=body,
        from_email=_sender(corporation),
        to=[work_order.contractor.email],
        headers={"Auto-Submitted": "auto-generated", "X-Vangnet-Work-Order": work_order.number},
    )
    if corporation.sender_email:
        email.reply_to = [corporation.sender_email]
    email.attach(f"werkopdracht-{work_order.number}.pdf", pdf, "application/pdf")
    _send(email)


def appointment_mail(work_order: WorkOrder, *, when: str, link: str, moved: bool = False) -> None:
    """The tenant confirmed the contractor's moment, or moved it to another. Raises OSError on failure."""
    corporation = work_order.corporation
    said = (
        gettext("De huurder verzette de afspraak voor opdracht %(number)s naar: %(when)s.")
        if moved
        else gettext("De huurder bevestigde de afspraak voor opdracht %(number)s: %(when)s.")
    ) % {"number": work_order.number, "when": when}
    body = gettext(
        "Beste %(contractor)s,\n\n"
        "%(said)s\n"
        "Meld na afloop via uw persoonlijke link dat het werk klaar is:\n%(link)s\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    ) % {
        "contractor": work_order.contractor.name,
        "said": said,
        "link": link,
        "corporation": corporation.name,
    }
    email = EmailMessage(
        subject=gettext("Afspraak voor werkopdracht %(number)s: %(when)s")
        % {"number": work_order.number, "when": when},
        body=body,
        from_email=_sender(corporation),
        to=[work_order.contractor.email],
        headers={"Auto-Submitted": "auto-generated", "X-Vangnet-Work-Order": work_order.number},
    )
    _send(email)


def cancellation_mail(work_order: WorkOrder) -> None:
    """The contractor's work order no longer goes ahead (cancelled, or given to another contractor): no
    address or tenant in the mail, only the number. Raises OSError on failure."""
    corporation = work_order.corporation
    body = gettext(
        "Beste %(contractor)s,\n\n"
        "Werkopdracht %(number)s gaat niet meer door. U hoeft er niets meer voor te doen; "
        "uw persoonlijke link toont de opdracht niet meer.\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    ) % {
        "contractor": work_order.contractor.name,
        "number": work_order.number,
        "corporation": corporation.name,
    }
    email = EmailMessage(
        subject=gettext("Werkopdracht %(number)s vervalt") % {"number": work_order.number},
        body=body,
        from_email=_sender(corporation),
        to=[work_order.contractor.email],
        headers={"Auto-Submitted": "auto-generated", "X-Vangnet-Work-Order": work_order.number},
    )
    _send(email)
