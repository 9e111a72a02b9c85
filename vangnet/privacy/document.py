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
    "lettings": gettext_lazy("Verhuur en getekende huurcontracten"),
    "payment_method_changes": gettext_lazy("Wijzigingen van de betaalwijze"),
    "swaps": gettext_lazy("Woningruil"),
    "co_tenant_changes": gettext_lazy("Medehuurder toevoegen of verwijderen (tenaamstelling)"),
    "co_tenant_consents": gettext_lazy("Uw toestemming bij een tenaamstelling"),
    "service_subscriptions": gettext_lazy("Serviceabonnement"),
    "inspection_defects": gettext_lazy("Gebreken bij inspecties"),
    "appointments": gettext_lazy("Afspraken"),
    "payment_claims": gettext_lazy("Betalingen die u doorgaf"),
    "handovers": gettext_lazy("Overdrachten aan een incassobureau of deurwaarder"),
    "early_signals": gettext_lazy("Signalen aan de gemeente (vroegsignalering)"),
    "signal_objections": gettext_lazy("Bezwaar tegen signalen aan de gemeente"),
    "campaign_targets": gettext_lazy("Campagnes"),
    "survey_answers": gettext_lazy("Antwoorden op enquêtes"),
    "contact_changes": gettext_lazy("Gewijzigde contactgegevens"),
    "meter_readings": gettext_lazy("Meterstanden"),
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
    "service_cases": gettext_lazy("afgesloten zaken en afspraken"),
    "nuisance_reporters": gettext_lazy("wie overlast meldde"),
    "contract_records": gettext_lazy("getekende contracten, opzeggingen en eindafrekeningen"),
    "given_on": gettext_lazy("opgezegd op"),
    "reason": gettext_lazy("reden"),
    "forwarding_address": gettext_lazy("nieuw adres"),
    "co_tenant_name": gettext_lazy("medehuurder"),
    "deposit": gettext_lazy("waarborgsom"),
    "settled_on": gettext_lazy("afgerekend op"),
    "balance": gettext_lazy("saldo eindafrekening"),
    "change_name": gettext_lazy("aanpassing"),
    "decision": gettext_lazy("besluit"),
    "conditions": gettext_lazy("voorwaarden"),
    "decided_on": gettext_lazy("besloten op"),
    "completed_on": gettext_lazy("gereed op"),
    "reference": gettext_lazy("kenmerk"),
    "monthly_service_costs": gettext_lazy("servicekosten per maand"),
    "signed_name": gettext_lazy("getekend als"),
    "signed_at": gettext_lazy("getekend op"),
    "signed_contract": gettext_lazy("getekend contract in de ZIP"),
    "iban": gettext_lazy("IBAN"),
    "account_holder": gettext_lazy("naam rekeninghouder"),
    "collection_day": gettext_lazy("incassodag"),
    "confirmed_at": gettext_lazy("bevestigd op"),
    "new_street": gettext_lazy("straat nieuwe woning"),
    "new_house_number": gettext_lazy("huisnummer nieuwe woning"),
    "new_city": gettext_lazy("plaats nieuwe woning"),
    "room": gettext_lazy("ruimte"),
    "payer": gettext_lazy("wie betaalt"),
    "cost": gettext_lazy("kosten"),
    "photo": gettext_lazy("foto in de ZIP"),
    "inspection": gettext_lazy("inspectie"),
    "inspected_at": gettext_lazy("geïnspecteerd op"),
    "start": gettext_lazy("begin"),
    "end": gettext_lazy("einde"),
    "purpose": gettext_lazy("waarvoor"),
    "paid_on": gettext_lazy("betaald op"),
    "registered_on": gettext_lazy("gemeld op"),
    "proposed_on": gettext_lazy("voorgesteld op"),
    "handed_over_on": gettext_lazy("overgedragen op"),
    "agency": gettext_lazy("incassobureau of deurwaarder"),
    "signal_date": gettext_lazy("signaaldatum"),
    "arrears_since": gettext_lazy("achterstand sinds"),
    "repeat": gettext_lazy("herhaalmelding"),
    "answer": gettext_lazy("reactie gemeente"),
    "answered_on": gettext_lazy("beantwoord op"),
    "municipality": gettext_lazy("gemeente"),
    "withdrawn_on": gettext_lazy("ingetrokken op"),
    "sent_on": gettext_lazy("verstuurd op"),
    "reminded_on": gettext_lazy("herinnerd op"),
    "campaign": gettext_lazy("campagne"),
    "about": gettext_lazy("over"),
    "score": gettext_lazy("cijfer"),
    "comment": gettext_lazy("toelichting"),
    "field": gettext_lazy("gegeven"),
    "old_value": gettext_lazy("oud"),
    "new_value": gettext_lazy("nieuw"),
    "changed_on": gettext_lazy("gewijzigd op"),
    "value": gettext_lazy("meterstand"),
    "read_on": gettext_lazy("datum"),
    "problem": gettext_lazy("opmerking"),
    "meter": gettext_lazy("meter"),
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
