"""What the termination and modification services share: the type, the letter kept on the timeline."""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case, CaseEntry, CaseType, EntryKind
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.inspections.documents import letter_pdf, letter_text
from vangnet.tenants.models import Tenant


def refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, extra={"field": field, "fields": {field: message}})


def kind_type(corporation: Corporation, kind: str) -> CaseType:
    case_type = CaseType.objects.filter(corporation=corporation, kind=kind, active=True).first()
    if case_type is None:
        raise refuse(gettext("Dit kan nu niet in het portaal. Bel ons, dan helpen wij u."), "case_type")
    return case_type


def letter_keep(case: Case, data: dict, *, file_name: str, actor: Actor) -> CaseEntry:
    """The letter as sent: the PDF and its text on the party's timeline, both kept unchanged."""
    pdf = letter_pdf(data)
    entry = CaseEntry(
        corporation_id=case.corporation_id,
        case=case,
        kind=EntryKind.DOCUMENT,
        audience=Audience.PARTY,
        text=letter_text(data),
        file_name=file_name,
        content_type="application/pdf",
        author=actor_label(actor),
        at=clock.now(),
    )
    entry.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    entry.save()
    return entry


def letter_base(case: Case, tenant: Tenant, *, title: str, as_of: dt.date) -> dict:
    unit = case.unit
    address = [str(tenant)]
    if unit is not None:
        address += [unit.address_line, f"{unit.postcode} {unit.city}"]
    corporation = case.corporation
    return {
        "title": title,
        "corporation": corporation.name,
        "address": address,
        "place_date": f"{as_of:%d-%m-%Y}",
        "reference": gettext("Zaak %(number)s") % {"number": case.number},
        "greeting": gettext("Beste %(name)s,") % {"name": str(tenant)},
        "signature": gettext("Met vriendelijke groet,\n%(corporation)s") % {"corporation": corporation.name},
    }
