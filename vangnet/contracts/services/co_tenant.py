"""Tenaamstelling: a tenant asks to add a co-tenant (marriage, partnership, living together) or to remove
one (divorce, death) with the documents the reason needs (one upload per kind of document, checked per
reason); the other tenants of the contract consent in their own portal; a colleague decides, and the ERP
gets `contract.co_tenant_changed`. The ERP stays the system of record: it changes the contract's parties."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import Audience, CaseType
from vangnet.cases.models import EntryKind as CaseEntryKind
from vangnet.cases.services.common import checked_photos, entry_add, files_remove, photo_store
from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.opening import case_open
from vangnet.contracts.kinds.name_change import DOCUMENTS, REASONS
from vangnet.contracts.models import CoTenantChange, CoTenantConsent, CoTenantStatus
from vangnet.contracts.services.co_tenant_signing import co_tenant_newcomer, co_tenant_settle
from vangnet.contracts.services.common import case_type_of_kind
from vangnet.contracts.services.notices import CONSENT_TEMPLATE, decision_task_done, waiting_notice
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract, ContractRole, ContractTenant
from vangnet.tenants.models import Tenant

OPEN = (CoTenantStatus.CONSENT, CoTenantStatus.READY)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Reason:
    code: str
    name: str
    change: str
    answer: str
    documents: tuple[str, ...]
    consent: bool


def co_tenant_rules(case_type: CaseType) -> tuple[list[Reason], dict[str, str]]:
    """The reasons and the documents (code → name) of the `tenaamstelling` type's settings, or the defaults."""
    settings = case_type.settings or {}
    reasons = [
        Reason(
            code=str(row["code"]),
            name=str(row.get("name", row["code"])),
            change="add" if row.get("change") == "add" else "remove",
            answer=str(row.get("answer", "")),
            documents=tuple(row.get("documents") or ()),
            consent=bool(row.get("consent", True)),
        )
        for row in settings.get("reasons") or REASONS
    ]
    documents = {str(row["code"]): str(row["name"]) for row in settings.get("documents") or DOCUMENTS}
    return reasons, documents


def contract_tenants(contract: Contract) -> list[Tenant]:
    """The tenants the ERP lists on the contract now, main tenant first."""
    parties = ContractTenant.objects.filter(contract=contract, removed_from_source_at__isnull=True)
    ordered = sorted(parties.select_related("tenant"), key=lambda p: (p.role != ContractRole.MAIN, p.pk))
    return [party.tenant for party in ordered]


def co_tenant_request(
    *,
    tenant: Tenant,
    contract: Contract,
    reason: str,
    documents: dict[str, UploadedFile],
    as_of: dt.date,
    person_name: str = "",
    birth_date: dt.date | None = None,
    leaving: Tenant | None = None,
    email: str = "",
    phone_mobile: str = "",
) -> CoTenantChange:
    """Every problem is named (per field) before anything is written; the documents the reason needs must
    each be attached. A new co-tenant (name, birth date, e-mail address for the link to sign) gets a tenant
    record and is asked to sign the amended contract (co_tenant_signing)."""
    case_type = case_type_of_kind(contract.corporation, "name_change")
    reasons, names = co_tenant_rules(case_type)
    chosen = next((r for r in reasons if r.code == reason), None)
    tenants = contract_tenants(contract)
    if tenant not in tenants:
        raise ApplicationError(gettext("Dit contract hoort niet bij u."), extra={"field": "reason"})
    problems: dict[str, str] = {}
    if chosen is None:
        problems["reason"] = gettext("Kies waarom u het huurcontract wilt aanpassen.")
    elif chosen.change == "add":
        if not " ".join(person_name.split()):
            problems["person_name"] = gettext("Vul de naam van de nieuwe medehuurder in.")
        if birth_date is None or birth_date >= as_of:
            problems["birth_date"] = gettext("Vul de geboortedatum van de nieuwe medehuurder in.")
        email = email.strip()
        if not EMAIL.match(email) or len(email) > 254:
            problems["email"] = gettext(
                "Vul het e-mailadres van de nieuwe medehuurder in. Daar sturen wij de link om te tekenen heen."
            )
    elif leaving is None or leaving not in tenants:
        problems["leaving"] = gettext("Kies wie van het huurcontract af gaat.")
    elif len(tenants) < 2:
        problems["leaving"] = gettext("Op het huurcontract moet iemand overblijven.")
    for code in chosen.documents if chosen else ():
        if code not in documents:
            problems[f"document_{code}"] = gettext("Stuur dit document mee: %(name)s.") % {
                "name": names.get(code, code)
            }
    if problems:
        raise ApplicationError(" ".join(problems.values()), extra={"fields": problems})
    assert chosen is not None
    if CoTenantChange.objects.filter(contract=contract, status__in=OPEN).exists():
        raise ApplicationError(
            gettext("Voor dit huurcontract loopt al een aanvraag. Wacht op ons besluit."),
            extra={"field": "reason"},
        )
    uploads = {code: documents[code] for code in chosen.documents}
    checked = dict(zip(uploads, checked_photos(list(uploads.values()), images_only=False), strict=True))
    consenters = [t for t in tenants if t != tenant and (chosen.consent or t != leaving)]
    name = " ".join(person_name.split())[:200] if chosen.change == "add" else str(leaving)
    actor = f"portal:{tenant.pk}"
    stored: list[str] = []
    try:
        with transaction.atomic():
            case = case_open(
                case_type=case_type,
                as_of=as_of,
                actor=actor,
                channel="portal",
                answers={
                    "wijziging": "Medehuurder toevoegen"
                    if chosen.change == "add"
                    else "Medehuurder verwijderen",
                    "reden": chosen.answer,
                    "naam": name,
                    "toestemming": "nee" if consenters else "ja",
                },
                tenant=tenant,
                unit=contract.unit,
                subject=(
                    gettext("Medehuurder erbij: %(name)s")
                    if chosen.change == "add"
                    else gettext("Medehuurder eraf: %(name)s")
                )
                % {"name": name},
            )
            for code, (upload, content_type) in checked.items():
                entry = photo_store(
                    case, upload, content_type, audience=Audience.PARTY, actor=actor, stored=stored
                )
                entry.text = names.get(code, code)
                entry.save()
            change = CoTenantChange.objects.create(
                corporation=contract.corporation,
                contract=contract,
                requester=tenant,
                case=case,
                change=chosen.change,
                reason=chosen.code,
                person_name=name,
                birth_date=birth_date if chosen.change == "add" else None,
                leaving=leaving if chosen.change == "remove" else None,
                status=CoTenantStatus.CONSENT,
            )
            CoTenantConsent.objects.bulk_create(
                [
                    CoTenantConsent(corporation=contract.corporation, change=change, tenant=t)
                    for t in consenters
                ]
            )
            for consenter in consenters:
                waiting_notice(
                    case=case, tenant=consenter, template_code=CONSENT_TEMPLATE, as_of=as_of, actor=actor
                )
            if chosen.change == "add":
                co_tenant_newcomer(
                    change, email=email, phone_mobile=phone_mobile.strip()[:20], as_of=as_of, actor=actor
                )
            co_tenant_settle(change, as_of=as_of, actor=actor)
            log_action(
                corporation=contract.corporation,
                actor=actor,
                action="contract.co_tenant_requested",
                obj=change,
                data={"change": chosen.change, "reason": chosen.code, "consents": len(consenters)},
            )
    except BaseException:
        files_remove(stored)
        raise
    return change


def co_tenant_consent(
    *, change: CoTenantChange, tenant: Tenant, agreed: bool, now: dt.datetime
) -> CoTenantConsent:
    """One other tenant's answer, in their own portal; once all agreed the change is ready for a decision."""
    consent = CoTenantConsent.objects.filter(change=change, tenant=tenant, agreed__isnull=True).first()
    if consent is None or change.status not in OPEN:
        raise ApplicationError(gettext("U kunt hier niet (meer) op antwoorden."), extra={"field": "agreed"})
    with transaction.atomic():
        consent.agreed, consent.answered_at = agreed, now
        consent.save(update_fields=["agreed", "answered_at"])
        text = (
            gettext("%(name)s geeft toestemming.") if agreed else gettext("%(name)s geeft geen toestemming.")
        ) % {"name": tenant.display_name}
        entry_add(change.case, CaseEntryKind.NOTE, Audience.PARTY, text, actor=f"portal:{tenant.pk}")
        co_tenant_settle(change, as_of=now.date(), actor=f"portal:{tenant.pk}")
        log_action(
            corporation=change.corporation,
            actor=f"portal:{tenant.pk}",
            action="contract.co_tenant_consent",
            obj=change,
            data={"agreed": agreed},
        )
    return consent


def co_tenant_problems(change: CoTenantChange) -> list[str]:
    """Why the change cannot be approved yet: the new co-tenant's signature not in, a consent not given or
    refused (one query)."""
    problems = []
    if change.change == "add" and change.signed_at is None:
        problems.append(
            gettext("%(name)s heeft het aangepaste huurcontract nog niet getekend.")
            % {"name": change.person_name}
        )
    for consent in CoTenantConsent.objects.filter(change=change).select_related("tenant").order_by("pk"):
        if consent.agreed is None:
            problems.append(
                gettext("%(name)s heeft nog geen toestemming gegeven.")
                % {"name": consent.tenant.display_name}
            )
        elif not consent.agreed:
            problems.append(
                gettext("%(name)s geeft geen toestemming.") % {"name": consent.tenant.display_name}
            )
    return problems


def co_tenant_decide(
    *, change: CoTenantChange, approve: bool, as_of: dt.date, actor: Actor, note: str = ""
) -> CoTenantChange:
    """Approve (only with every consent given; otherwise every problem is named and nothing changes) or
    refuse; an approval tells the ERP (`contract.co_tenant_changed`), which changes the contract's parties."""
    if change.status not in OPEN:
        raise ApplicationError(gettext("Over deze aanvraag is al besloten."), extra={"field": "decision"})
    problems = co_tenant_problems(change) if approve else []
    if problems:
        raise ApplicationError(" ".join(problems), extra={"field": "decision", "problems": problems})
    with transaction.atomic():
        change.status = CoTenantStatus.APPROVED if approve else CoTenantStatus.REFUSED
        change.decided_by, change.decided_on, change.decision_note = actor_label(actor), as_of, note.strip()
        change.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
        decision_task_done(case=change.case, outcome=change.get_status_display(), now=clock.now())
        case_transition(
            case=change.case,
            to="goedgekeurd" if approve else "afgewezen",
            as_of=as_of,
            actor=actor,
            note=note,
        )
        log_action(
            corporation=change.corporation,
            actor=actor,
            action="contract.co_tenant_decided",
            obj=change,
            data={"approve": approve},
        )
        if approve:
            contract = change.contract
            party = change.leaving or change.new_tenant
            if change.new_tenant is not None:
                # The new co-tenant sees the contract in the portal from now on (the ERP confirms it).
                ContractTenant.objects.get_or_create(
                    corporation=change.corporation,
                    contract=contract,
                    tenant=change.new_tenant,
                    defaults={"role": ContractRole.CO},
                )
            event_publish(
                corporation=change.corporation,
                type="contract.co_tenant_changed",
                payload={
                    "contract_id": contract.source_id,
                    "change": change.change,
                    "reason": change.reason,
                    "requested_by": change.requester.source_id,
                    "co_tenant": {
                        "tenant_id": party.source_id if party else None,
                        "name": change.person_name,
                        "birth_date": change.birth_date.isoformat() if change.birth_date else None,
                        "email": change.new_tenant.email if change.new_tenant else None,
                        "phone_mobile": change.new_tenant.phone_mobile if change.new_tenant else None,
                        "signed_at": change.signed_at.isoformat() if change.signed_at else None,
                    },
                    "effective_date": as_of.isoformat(),
                    "case_number": change.case.number,
                    "consents": [
                        {"tenant_id": source_id, "answered_at": answered.isoformat() if answered else None}
                        for source_id, answered in CoTenantConsent.objects.filter(change=change)
                        .order_by("pk")
                        .values_list("tenant__source_id", "answered_at")
                    ],
                },
            )
    return change
