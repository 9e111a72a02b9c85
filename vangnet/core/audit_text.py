"""The audit log in words: each action as a sentence, the process that acted by its name, and an entry's data
as the facts a person can read (counts, amounts, dates, yes/no, texts), never as a stored dict.

The stored entry stays as it was written (codes and all, for the export and the command line); only what a
screen shows goes through here. tests/backoffice/test_audit_log.py checks that every action the code writes has
a sentence.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vangnet.core.money import format_euro

ACTIONS: dict[str, Promise] = {
    "api_key.created": _("API-sleutel gemaakt"),
    "api_key.revoked": _("API-sleutel ingetrokken"),
    "appointments.availability_added": _("Beschikbare tijden aan een agenda toegevoegd"),
    "appointments.availability_removed": _("Beschikbare tijden uit een agenda gehaald"),
    "appointments.resource_created": _("Agenda gemaakt"),
    "arrangement.approved": _("Betalingsregeling goedgekeurd"),
    "arrangement.broken": _("Betalingsregeling niet nagekomen"),
    "arrangement.budget_checked": _("Budgetcheck gedaan"),
    "arrangement.budget_corrected": _("Budgetcheck gecorrigeerd"),
    "arrangement.cancelled": _("Betalingsregeling gestopt"),
    "arrangement.completed": _("Betalingsregeling afgerond"),
    "arrangement.counter_accepted": _("Tegenvoorstel aangenomen"),
    "arrangement.counter_offered": _("Tegenvoorstel gedaan"),
    "arrangement.registered": _("Betalingsregeling vastgelegd"),
    "arrangement.rejected": _("Betalingsregeling afgewezen"),
    "arrangement.requested": _("Betalingsregeling aangevraagd"),
    "arrangement_policy.changed": _("Regels voor betalingsregelingen gewijzigd"),
    "arrangement_policy.installed": _("Standaardregels voor betalingsregelingen ingesteld"),
    "arrangements.breach_notices_sent": _("Berichten over niet-nagekomen regelingen klaargezet"),
    "arrangements.monitored": _("Betalingsregelingen en beloftes nagekeken"),
    "article.created": _("Kennisbankartikel toegevoegd"),
    "article.deleted": _("Kennisbankartikel verwijderd"),
    "article.updated": _("Kennisbankartikel gewijzigd"),
    "bank_account.added": _("Bankrekening toegevoegd"),
    "bank_account.removed": _("Bankrekening verwijderd"),
    "bank_import.applied": _("Bankafschrift ingelezen"),
    "bank_import.rejected": _("Bankafschrift geweigerd"),
    "bank_transaction.assigned": _("Bankbetaling gekoppeld"),
    "calls.circumstances_viewed": _("Omstandigheden bekeken voor een belgesprek"),
    "campaign.answered": _("Antwoord op een campagne gegeven"),
    "campaign.contact_updated": _("Contactgegevens gewijzigd via een campagne"),
    "campaign.created": _("Campagne gemaakt"),
    "campaign.finished": _("Campagne afgesloten"),
    "campaign.reading_entered": _("Meterstand doorgegeven"),
    "campaign.sent": _("Campagne verstuurd"),
    "campaign.started": _("Campagne gestart"),
    "case.appointment_proposed": _("Afspraak voorgesteld"),
    "case.appointment_rescheduled": _("Afspraak verzet"),
    "case.assigned": _("Zaak toegewezen"),
    "case.escalated": _("Zaak geëscaleerd"),
    "case.note_added": _("Notitie bij zaak"),
    "case.opened": _("Zaak geopend"),
    "case.photos_added": _("Foto's bij zaak toegevoegd"),
    "case.rated": _("Zaak beoordeeld"),
    "case.stage_changed": _("Zaak naar een volgende stap"),
    "case.type_updated": _("Soort zaak gewijzigd"),
    "case.types_installed": _("Standaardsoorten zaken ingesteld"),
    "case.work_order_cancelled": _("Werkopdracht ingetrokken"),
    "case.work_order_issued": _("Werkopdracht gegeven"),
    "contact.registered": _("Klantcontact vastgelegd"),
    "contract.co_tenant_consent": _("Toestemming voor een tenaamstelling beantwoord"),
    "contract.co_tenant_decided": _("Besluit over een tenaamstelling"),
    "contract.co_tenant_requested": _("Tenaamstelling aangevraagd"),
    "contract.co_tenant_signed": _("Aangepaste huurovereenkomst getekend"),
    "contract.payment_method_changed": _("Betaalwijze van de huur gewijzigd"),
    "contract.payment_method_checked": _("Betaalwijze na een levering van het ERP nagekeken"),
    "contract.service_subscription_changed": _("Serviceabonnement genomen, gewijzigd of gestopt"),
    "contractor.created": _("Vakman toegevoegd"),
    "contractor.key_created": _("Sleutel voor het systeem van een vakman gemaakt"),
    "contractor.key_revoked": _("Sleutel van een vakman ingetrokken"),
    "corporation.data_purged": _("Gegevens van de corporatie gewist"),
    "corporation.senders_changed": _("Afzender van de berichten gewijzigd"),
    "demo.corporation_created": _("Democorporatie gemaakt"),
    "demo.staff_created": _("Demomedewerkers gemaakt"),
    "direct_debit.exported": _("Incassobestand gemaakt"),
    "dispute.assigned": _("Geschil toegewezen"),
    "dispute.attachment_added": _("Bijlage bij geschil"),
    "dispute.categories_installed": _("Standaardsoorten geschillen ingesteld"),
    "dispute.note_added": _("Notitie bij geschil"),
    "dispute.opened": _("Geschil geopend"),
    "dispute.overdue_tasks_created": _("Taken gemaakt voor geschillen over hun termijn"),
    "dispute.rejected": _("Geschil afgewezen"),
    "dispute.resolved": _("Geschil opgelost"),
    "earlysignal.answer_registered": _("Reactie van de gemeente vastgelegd"),
    "earlysignal.batch_prepared": _("Vroegsignalen klaargezet"),
    "earlysignal.batch_released": _("Vroegsignalen verstuurd"),
    "earlysignal.contact_attempt_registered": _("Contactpoging vastgelegd"),
    "earlysignal.file_downloaded": _("Bestand met vroegsignalen gedownload"),
    "earlysignal.municipality_saved": _("Gemeente opgeslagen"),
    "earlysignal.objection_registered": _("Bezwaar tegen delen met de gemeente vastgelegd"),
    "earlysignal.objection_withdrawn": _("Bezwaar tegen delen met de gemeente ingetrokken"),
    "earlysignal.policy_saved": _("Instellingen vroegsignalering opgeslagen"),
    "flows.capacity_changed": _("Aantal belgesprekken en bezoeken per dag gewijzigd"),
    "flows.day_run": _("Dagelijkse run gedaan"),
    "flows.defaults_installed": _("Standaardtrajecten ingesteld"),
    "flows.enrollment_moved": _("Dossier naar ander traject"),
    "flows.enrollments_closed_by_payment": _("Dossiers gesloten na betaling"),
    "flows.enrollments_moved": _("Dossiers naar ander traject"),
    "flows.enrollments_rerouted": _("Dossiers naar het traject van hun segment"),
    "flows.hold_created": _("Wachtcode gezet"),
    "flows.hold_released": _("Wachtcode opgeheven"),
    "flows.holds_synced": _("Wachtcodes bijgewerkt"),
    "flows.interest_rate_added": _("Wettelijke rente toegevoegd"),
    "flows.planned_work_withdrawn": _("Gepland werk ingetrokken"),
    "flows.reversal_rules_installed": _("Regels voor storno's ingesteld"),
    "flows.reversals_followed_up": _("Storno's opgevolgd"),
    "flows.segment_approved": _("Segment goedgekeurd"),
    "flows.segment_order_proposed": _("Nieuwe volgorde van de segmenten voorgesteld"),
    "flows.segment_proposed": _("Segment voorgesteld"),
    "flows.segment_rejected": _("Voorgesteld segment afgewezen"),
    "flows.segment_saved": _("Segment opgeslagen"),
    "flows.segment_withdrawn": _("Voorgesteld segment ingetrokken"),
    "flows.segments_reordered": _("Volgorde van de segmenten gewijzigd"),
    "flows.version_approved": _("Versie van een traject goedgekeurd"),
    "flows.version_created": _("Nieuwe versie van een traject"),
    "flows.version_proposed": _("Versie van een traject voorgesteld"),
    "flows.version_rejected": _("Voorgestelde versie van een traject afgewezen"),
    "flows.version_withdrawn": _("Voorgestelde versie van een traject ingetrokken"),
    "handovers.agency_saved": _("Incassopartner opgeslagen"),
    "handovers.approved": _("Overdracht goedgekeurd"),
    "handovers.closed": _("Overdracht afgesloten"),
    "handovers.exported": _("Overdrachten geleverd"),
    "handovers.feedback_applied": _("Terugkoppeling van de partner verwerkt"),
    "handovers.feedback_rejected": _("Terugkoppeling van de partner geweigerd"),
    "handovers.proposed": _("Overdracht voorgesteld"),
    "handovers.recalled": _("Overdracht teruggehaald"),
    "handovers.rejected": _("Overdracht afgewezen"),
    "handovers.wki_checked": _("Wki-registratie van de partner gecontroleerd"),
    "import.applied": _("Levering uit het ERP verwerkt"),
    "import.rejected": _("Levering uit het ERP geweigerd"),
    "letting.offered": _("Huurcontract aangeboden om te tekenen"),
    "letting.signed": _("Huurcontract getekend"),
    "messaging.batch_approved": _("Batch goedgekeurd"),
    "messaging.delivery_exceptions": _("Berichten die niet verstuurd konden worden"),
    "messaging.delivery_report": _("Afleverbericht van de aanbieder"),
    "messaging.letters_posted": _("Brieven op de post gedaan"),
    "messaging.manual_message_created": _("Bericht verstuurd"),
    "messaging.message_cancelled": _("Bericht uit de batch gehaald"),
    "messaging.outbox_planned": _("Berichten klaargezet"),
    "messaging.settings_changed": _("Instellingen voor berichten gewijzigd"),
    "messaging.template_updated": _("Berichtsjabloon gewijzigd"),
    "messaging.templates_installed": _("Standaardsjablonen ingesteld"),
    "messaging.voice_choice": _("Keuze in een spraakbericht"),
    "modification.decided": _("Besluit over een woningaanpassing genomen"),
    "modification.requested": _("Woningaanpassing aangevraagd"),
    "payment.confirmed": _("Betaling ontvangen"),
    "payment.created": _("Betaling gestart"),
    "payment.status_changed": _("Stand van een betaling gewijzigd"),
    "payment.verification_failed": _("Betaling kon niet gecontroleerd worden"),
    "payment_claim.registered": _("Meldde een betaling"),
    "payment_claims.checked": _("Gemelde betalingen nagekeken"),
    "payment_request.created": _("Betaallink gemaakt"),
    "payment_requests.created_for_messages": _("Betaallinks voor berichten gemaakt"),
    "payment_requests.superseded": _("Oudere betaallinks vervangen"),
    "payment_settings.changed": _("Betaalinstellingen gewijzigd"),
    "payment_settings.created": _("Betaalinstellingen gemaakt"),
    "portal.access_locked": _("Portaal: tijdelijk geblokkeerd na te veel pogingen"),
    "portal.access_refused": _("Portaal: verkeerde code of link"),
    "portal.arrangement_proposed": _("Portaal: vroeg een betalingsregeling aan"),
    "portal.budget_corrected": _("Portaal: paste de budgetcheck aan"),
    "portal.check_failed": _("Portaal: extra controle mislukt"),
    "portal.check_passed": _("Portaal: extra controle geslaagd"),
    "portal.contact_updated": _("Portaal: contactgegevens gewijzigd"),
    "portal.counter_offer_accepted": _("Portaal: nam het tegenvoorstel aan"),
    "portal.debit_account_changed": _("Portaal: gaf een nieuw rekeningnummer voor de incasso"),
    "portal.dispute_opened": _("Portaal: maakte bezwaar"),
    "portal.help_requested": _("Portaal: vroeg om hulp"),
    "portal.invoice_copy_requested": _("Portaal: vroeg een kopie van een factuur"),
    "portal.opened": _("Opende het huurdersportaal"),
    "portal.pay_requested": _("Portaal: wilde betalen"),
    "portal.payment_claimed": _("Portaal: meldde dat er betaald is"),
    "portal.promise_registered": _("Portaal: beloofde te betalen"),
    "portal.situation_reported": _("Portaal: meldde dat de situatie veranderd is"),
    "promise.registered": _("Betaalbelofte vastgelegd"),
    "promises.settled": _("Betaalbeloftes nagekeken"),
    "report.deleted": _("Eigen rapport verwijderd"),
    "report.mailed": _("Rapport gemaild"),
    "report.saved": _("Eigen rapport opgeslagen"),
    "report.tile_added": _("Rapport op het startscherm gezet"),
    "report.tile_removed": _("Rapport van het startscherm gehaald"),
    "retention.applied": _("Bewaartermijnen toegepast"),
    "retention.policy_updated": _("Bewaartermijnen gewijzigd"),
    "staff.deactivated": _("Account van een collega gedeactiveerd"),
    "staff.invite_resent": _("Uitnodiging opnieuw verstuurd"),
    "staff.invited": _("Collega uitgenodigd"),
    "staff.lockout_lifted": _("Blokkade van een medewerker opgeheven"),
    "staff.reactivated": _("Account van een collega weer geactiveerd"),
    "staff.role_changed": _("Rol van een collega gewijzigd"),
    "staff.team_created": _("Team gemaakt"),
    "staff.team_members_set": _("Leden van een team gewijzigd"),
    "staff.team_renamed": _("Naam van een team gewijzigd"),
    "swap.confirmed": _("Woningruil bevestigd"),
    "swap.decided": _("Besluit over een woningruil genomen"),
    "swap.started": _("Woningruil gestart"),
    "task.assigned": _("Taak toegewezen"),
    "task.completed": _("Taak afgerond"),
    "task.created": _("Taak gemaakt"),
    "tenant.circumstances_viewed": _("Omstandigheden bekeken"),
    "tenant.contact_changed": _("Contactgegevens gewijzigd"),
    "tenant.contact_updated": _("Contactgegevens gewijzigd"),
    "tenant.data_exported": _("Gegevens van de huurder opgevraagd"),
    "tenant.document_added": _("Document toegevoegd"),
    "tenant.note_added": _("Notitie toegevoegd"),
    "tenant.phone_reported_wrong": _("Telefoonnummer gemeld als onjuist"),
    "tenant.viewed": _("Huurderskaart bekeken"),
    "tenants.circumstance_ended": _("Omstandigheid beëindigd"),
    "tenants.circumstance_recorded": _("Omstandigheid vastgelegd"),
    "termination.notice_given": _("Huur opgezegd"),
    "termination.settled": _("Eindafrekening na opzegging gemaakt"),
    "two_factor.enabled": _("Tweestapsverificatie ingesteld"),
    "two_factor.reset": _("Tweestapsverificatie opnieuw ingesteld"),
    "webhook_endpoint.activated": _("Webhookadres aan- of uitgezet"),
    "webhook_endpoint.created": _("Webhookadres toegevoegd"),
    "webhook_endpoint.deactivated": _("Webhookadres uitgezet"),
}

# The processes that act without a person, by the name they write on a row.
PROCESSES: dict[str, Promise] = {
    "system": _("het systeem"),
    "run_day": _("de dagelijkse run"),
    "seed_demo": _("de demo-opbouw"),
    "demo": _("de demo-opbouw"),
    "portal": _("de huurder in het portaal"),
    "api": _("de koppeling (API)"),
    "bench": _("een meting"),
    "two_factor": _("de tweestapsverificatie"),
    "scheduler": _("de dagelijkse run"),
    "outbox_plan": _("de dagelijkse run"),
    "tenant": _("de huurder"),
    "voice": _("de huurder in een spraakbericht"),
    "vangnet": _("het systeem"),
    "retention": _("het opruimen na de bewaartermijn"),
    "provider": _("de aanbieder"),
    "holds": _("de wachtcodes"),
    "disputes_monitor": _("de bewaking van geschillen"),
    "dispatch": _("het versturen van berichten"),
}
# Processes named with what started them: "cli:ingest", "api:erp-koppeling", "webhook:mollie".
PREFIXES: dict[str, Promise] = {
    "cli": _("een opdracht op de server"),
    "api": _("de koppeling %(name)s"),
    "webhook": _("een melding van %(name)s"),
    "portal": _("de huurder in het portaal"),
}

GROUPS: dict[str, Promise] = {
    "tenant": _("Huurders"),
    "portal": _("Huurdersportaal"),
    "messaging": _("Berichten"),
    "task": _("Taken"),
    "hold": _("Wachtcodes"),
    "flows": _("Trajecten"),
    "arrangement": _("Betalingsregelingen"),
    "promise": _("Betaalbeloftes"),
    "dispute": _("Geschillen"),
    "payment": _("Betalingen"),
    "bank": _("Bank"),
    "import": _("Leveringen uit het ERP"),
    "two_factor": _("Tweestapsverificatie"),
    "staff": _("Medewerkers"),
}

CODE = re.compile(r"^[a-z0-9]+(?:[_.:-][a-z0-9]+)+$|^[a-z_]+$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_sentence(action: str) -> str:
    """The action in words; an action without a sentence is named by its part of Vangnet, never by code."""
    label = ACTIONS.get(action)
    if label is not None:
        return str(label)
    return gettext("Handeling in %(part)s") % {"part": group_label(action.split(".")[0])}


def group_label(group: str) -> str:
    label = GROUPS.get(group)
    return str(label) if label is not None else gettext("een ander onderdeel")


def actor_name(label: str) -> str:
    """A process by what it is ("de dagelijkse run"); a person's username stays as it is."""
    name = PROCESSES.get(label)
    if name is not None:
        return str(name)
    prefix, _colon, rest = label.partition(":")
    template = PREFIXES.get(prefix) if rest else None
    if template is not None:
        return str(template) % {"name": rest} if "%(name)s" in str(template) else str(template)
    return label


def readable_value(value: Any) -> str | None:
    """A stored value as a person reads it, or None for what only a program reads (codes, ids, lists)."""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=2, force_grouping=True)
    if isinstance(value, str):
        text = value.strip()
        if DECIMAL.match(text):
            try:
                return format_euro(Decimal(text))
            except InvalidOperation:
                return None
        if ISO_DAY.match(text):
            try:
                return dt.date.fromisoformat(text).strftime("%d-%m-%Y")
            except ValueError:
                return None
        return None if not text or CODE.match(text) else text
    return None


# Data keys a screen shows with their label; any other key shows only when its value is a person's text.
FACT_LABELS: dict[str, Promise] = {
    "total": _("totaal"),
    "amount": _("bedrag"),
    "installments": _("termijnen"),
    "affordable": _("betaalbaar per maand"),
    "as_of": _("dag"),
    "created": _("gemaakt"),
    "moved": _("verplaatst"),
    "sent": _("verstuurd"),
    "targeted": _("aangeschreven"),
    "messages_planned": _("berichten klaargezet"),
    "tasks_created": _("taken gemaakt"),
    "costs_total": _("incassokosten"),
    "interest_total": _("rente"),
    "end_date": _("einddatum"),
    "calls_per_day": _("belgesprekken per dag"),
    "visits_per_day": _("bezoeken per dag"),
    "open_tasks": _("open taken"),
    "review_batches": _("batches eerst nakijken"),
    "sandbox": _("testomgeving"),
    "approve": _("goedgekeurd"),
    "new": _("nieuw segment"),
    "segment": _("segment"),
    "email": _("e-mailadres"),
    "sender_name": _("naam afzender"),
    "sender_email": _("e-mailadres afzender"),
    "sms_sender": _("afzender sms"),
    "iban_end": _("rekening eindigt op"),
    "from": _("van"),
    "to": _("naar"),
}


def data_facts(data: dict[str, Any]) -> list[str]:
    """What a person can read of an entry's data: the labelled facts, and texts written by a person."""
    facts: list[str] = []
    for key, value in (data or {}).items():
        readable = readable_value(value)
        if readable is None:
            continue
        label = FACT_LABELS.get(key)
        if label is not None:
            facts.append(f"{label}: {readable}")
        elif isinstance(value, str) and " " in value.strip():
            facts.append(readable)
    return facts
