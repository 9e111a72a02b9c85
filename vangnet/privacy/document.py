"""The art. 15 export as a document to read: typst (`tenant_data.typ`) lays out the data of
`privacy.export.tenant_data`, one block per record with Dutch labels. Text reaches typst as strings only."""

import json
import threading
from pathlib import Path
from typing import Any

import typst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vangnet.tenants.models import Tenant

TEMPLATE = Path(__file__).parent / "tenant_data.typ"
_local = threading.local()

# The PDF's section titles and labels; the JSON keeps its keys (docs/privacy.md).
SECTIONS = {
    "contracts": gettext_lazy("Huurcontracten"),
    "ledger": gettext_lazy("Boekingen"),
    "messages": gettext_lazy("Berichten en brieven"),
    "notes": gettext_lazy("Notities"),
    "documents": gettext_lazy("Documenten"),
    "circumstances": gettext_lazy("Omstandigheden"),
    "disputes": gettext_lazy("Geschillen"),
    "dispute_attachments": gettext_lazy("Bijlagen bij geschillen"),
    "arrangements": gettext_lazy("Betalingsregelingen"),
    "budget_checks": gettext_lazy("Budgetchecks bij betalingsregelingen"),
    "cases": gettext_lazy("Zaken (meldingen en verzoeken)"),
    "case_entries": gettext_lazy("Verloop van de zaken"),
    "promises": gettext_lazy("Betalingsbeloften"),
    "contacts": gettext_lazy("Klantcontacten"),
    "terminations": gettext_lazy("Opzeggingen"),
    "home_modifications": gettext_lazy("Woningaanpassingen"),
    "contact_attempts": gettext_lazy("Contactpogingen"),
    "tasks": gettext_lazy("Taken en gesprekken"),
    "access_log": gettext_lazy("Wie uw gegevens bekeek of wijzigde"),
}
LABELS = {
    field.name: field.verbose_name for field in Tenant._meta.get_fields() if hasattr(field, "verbose_name")
} | {
    "source_id": gettext_lazy("huurdernummer"),
    "contract_id": gettext_lazy("contract"),
    "entry_id": gettext_lazy("boeking"),
    "role": gettext_lazy("rol"),
    "start_date": gettext_lazy("ingangsdatum"),
    "end_date": gettext_lazy("einddatum"),
    "monthly_rent": gettext_lazy("huur per maand"),
    "payment_method": gettext_lazy("betaalwijze"),
    "debit_iban": gettext_lazy("IBAN incasso"),
    "mandate_id": gettext_lazy("machtigingskenmerk"),
    "payment_reference": gettext_lazy("betalingskenmerk"),
    "kind": gettext_lazy("soort"),
    "category": gettext_lazy("categorie"),
    "booking_date": gettext_lazy("boekdatum"),
    "due_date": gettext_lazy("vervaldatum"),
    "amount": gettext_lazy("bedrag"),
    "description": gettext_lazy("omschrijving"),
    "channel": gettext_lazy("kanaal"),
    "recipient_name": gettext_lazy("naam ontvanger"),
    "address": gettext_lazy("adres"),
    "subject": gettext_lazy("onderwerp"),
    "status": gettext_lazy("status"),
    "body_text": gettext_lazy("tekst"),
    "template": gettext_lazy("soort bericht"),
    "created_at": gettext_lazy("gemaakt op"),
    "sent_at": gettext_lazy("verstuurd op"),
    "text": gettext_lazy("notitie"),
    "author": gettext_lazy("door"),
    "shareable": gettext_lazy("delen met incassopartner"),
    "title": gettext_lazy("titel"),
    "content_type": gettext_lazy("soort bestand"),
    "size": gettext_lazy("grootte (bytes)"),
    "uploaded_by": gettext_lazy("toegevoegd door"),
    "file_name": gettext_lazy("bestandsnaam"),
    "starts_on": gettext_lazy("sinds"),
    "ends_on": gettext_lazy("tot en met"),
    "source": gettext_lazy("bron"),
    "opened_on": gettext_lazy("geopend op"),
    "resolved_on": gettext_lazy("opgelost op"),
    "solution": gettext_lazy("oplossing"),
    "dispute_opened_on": gettext_lazy("geschil geopend op"),
    "agreed_on": gettext_lazy("afgesproken op"),
    "total_amount": gettext_lazy("totaalbedrag"),
    "broken_on": gettext_lazy("niet nagekomen op"),
    "made_on": gettext_lazy("toegezegd op"),
    "promised_date": gettext_lazy("betaaldatum"),
    "at": gettext_lazy("moment"),
    "outcome": gettext_lazy("uitkomst"),
    "notes": gettext_lazy("toelichting"),
    "handled_by": gettext_lazy("door"),
    "happened_on": gettext_lazy("datum"),
    "method": gettext_lazy("manier"),
    "reached": gettext_lazy("huurder gesproken"),
    "note": gettext_lazy("notitie"),
    "completed_at": gettext_lazy("afgerond op"),
    "action": gettext_lazy("handeling"),
    "actor": gettext_lazy("door"),
    "closed_dossiers": gettext_lazy("afgesloten dossiers met berichten en brieven"),
    "contact_notes": gettext_lazy("contactpogingen en gespreksnotities"),
    "portal_access_log": gettext_lazy("toegangslog van het portaal"),
    "access_throttle": gettext_lazy("tellers van blokkades"),
    "dispute_uploads": gettext_lazy("bijlagen van afgehandelde geschillen"),
    "departed_tenants": gettext_lazy("vertrokken huurders zonder schuld"),
    "circumstances": gettext_lazy("beëindigde omstandigheden"),
    "campaigns": gettext_lazy("antwoorden op campagnes en oude contactgegevens"),
    "payment_requests": gettext_lazy("afgehandelde betaalverzoeken"),
    "handover_exports": gettext_lazy("bestanden van overdrachten"),
    "household": gettext_lazy("huishouden"),
    "children": gettext_lazy("aantal kinderen"),
    "income": gettext_lazy("netto inkomen per maand"),
    "rent": gettext_lazy("huur na huurtoeslag"),
    "energy": gettext_lazy("energie"),
    "insurance": gettext_lazy("verzekeringen"),
    "care": gettext_lazy("zorgkosten"),
    "debts": gettext_lazy("andere schulden"),
    "allowance": gettext_lazy("leefgeld"),
    "affordable": gettext_lazy("betaalbaar per maand"),
    "entered_on": gettext_lazy("ingevuld op"),
    "corrected_on": gettext_lazy("verbeterd op"),
    "arrangement_agreed_on": gettext_lazy("regeling afgesproken op"),
    "number": gettext_lazy("zaaknummer"),
    "case_type": gettext_lazy("soort zaak"),
    "case_number": gettext_lazy("zaak"),
    "answers": gettext_lazy("antwoorden"),
    "urgency": gettext_lazy("urgentie"),
    "stage": gettext_lazy("fase"),
    "closed_on": gettext_lazy("afgesloten op"),
    "satisfaction": gettext_lazy("tevredenheid (1-5)"),
    "about_you": gettext_lazy("melding over u"),
}


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _local.compiler = compiler
    return compiler


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, dict):
        return ", ".join(f"{LABELS.get(key, key)}: {_text(item)}" for key, item in value.items())
    return str(value)


def _record(row: dict[str, Any]) -> list[list[str]]:
    return [[str(LABELS.get(key, key)), _text(value)] for key, value in row.items()]


def tenant_data_pdf(data: dict[str, Any]) -> bytes:
    """The same data as a document to read: one block per record, labels in Dutch."""
    sections = [{"title": str(_("Gegevens")), "records": [_record(data["tenant"])]}]
    sections += [
        {"title": str(title), "records": [_record(row) for row in data[key]]}
        for key, title in SECTIONS.items()
    ]
    sections.append(
        {"title": str(_("Bewaartermijnen (dagen)")), "records": [_record(data["export"]["retention_days"])]}
    )
    layout = {
        "title": str(_("Uw gegevens bij %(corporation)s") % {"corporation": data["export"]["corporation"]}),
        "corporation": data["export"]["corporation"],
        "intro": str(
            _("Alle gegevens die wij over u bewaren, gemaakt op %(made_at)s (AVG artikel 15).")
            % {"made_at": data["export"]["made_at"]}
        ),
        "nothing": str(_("Niets bewaard.")),
        "sections": sections,
    }
    pdf = _compiler().compile(sys_inputs={"data": json.dumps(layout, ensure_ascii=False)})
    assert isinstance(pdf, bytes)
    return pdf
