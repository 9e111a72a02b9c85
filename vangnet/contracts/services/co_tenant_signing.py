"""The new co-tenant of a tenaamstelling signs the amended contract: their tenant record is made the way a
letting's candidate's is, they get a personal link to the portal by e-mail, and sign there after the same
identity step as a letting (a one-time code by SMS or e-mail and the typed name); the amended contract,
naming every tenant, is sealed with the same PDF signature. The colleague's decision waits for the
signature as it waits for the consents."""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import Audience
from vangnet.cases.models import EntryKind as CaseEntryKind
from vangnet.cases.services.common import entry_add
from vangnet.cases.services.contractors import _send, _sender
from vangnet.contracts.documents import contract_pdf
from vangnet.contracts.models import CodePurpose, CoTenantChange, CoTenantConsent, CoTenantStatus
from vangnet.contracts.services.common import (
    case_type_of_kind,
    code_message_as_sent,
    document_add,
    euro,
    signing_code_send,
)
from vangnet.contracts.services.letting import candidate_tenant, name_matches
from vangnet.contracts.services.notices import decision_task
from vangnet.contracts.signing import code_check, pdf_seal
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.messaging.links import portal_personal_link
from vangnet.tenants.models import Tenant

# The portal link's `naar` that lands the new co-tenant on the page to sign.
SIGN_TARGET = "tekenen"
LINK_AS_KEPT = "[persoonlijke link]"


def co_tenant_settle(change: CoTenantChange, *, as_of: dt.date, actor: Actor) -> None:
    """Once nobody is waited for (every consent answered and, when a co-tenant joins, their signature in)
    the team gets its task to decide; with every consent given and the signature in, the change is ready."""
    answers = set(CoTenantConsent.objects.filter(change=change).values_list("agreed", flat=True))
    signed = change.change != "add" or change.signed_at is not None
    if signed and answers <= {True} and change.status == CoTenantStatus.CONSENT:
        change.status = CoTenantStatus.READY
        change.save(update_fields=["status"])
    if signed and None not in answers:
        # Everyone answered (a refusal too is for the colleague to decide on).
        decision_task(case=change.case, what=gettext("Tenaamstelling"), as_of=as_of, actor=actor)


def _all_tenants(change: CoTenantChange) -> list[Tenant]:
    parties = ContractTenant.objects.filter(contract=change.contract, removed_from_source_at__isnull=True)
    ordered = sorted(parties.select_related("tenant"), key=lambda p: (p.role != ContractRole.MAIN, p.pk))
    tenants = [party.tenant for party in ordered]
    return (
        [*tenants, change.new_tenant] if change.new_tenant and change.new_tenant not in tenants else tenants
    )


def _amended_data(change: CoTenantChange, *, signature: str) -> dict:
    contract = change.contract
    settings = case_type_of_kind(change.corporation, "letting").settings or {}
    joining = change.new_tenant.display_name if change.new_tenant else change.person_name
    return {
        "title": gettext("Huurovereenkomst, aangepast"),
        "corporation": change.corporation.name,
        "reference": contract.source_id,
        "tenant_label": gettext("Huurders"),
        "tenant": ", ".join(t.display_name for t in _all_tenants(change)),
        "address": str(contract.unit),
        "start_date": contract.start_date.strftime("%d-%m-%Y"),
        "rent": euro(contract.monthly_rent),
        "service_costs": euro(contract.monthly_service_costs),
        "total": euro(contract.monthly_total),
        "clauses": [
            gettext(
                "%(name)s wordt medehuurder. Alle huurders samen zijn verantwoordelijk voor de huur en voor "
                "de afspraken in dit contract."
            )
            % {"name": joining},
            *(str(c) for c in settings.get("clauses", [])),
        ],
        "conditions": [str(c) for c in settings.get("general_conditions", [])],
        "signature": signature,
    }


def amended_contract_file(change: CoTenantChange) -> tuple[bytes, str]:
    """The amended contract as a PDF and its file name: signed and sealed once signed, else the one to sign."""
    if not change.signed_pdf:
        pdf = contract_pdf(_amended_data(change, signature=gettext("Nog niet getekend.")))
        return pdf, f"huurcontract-{change.contract.source_id}-aangepast.pdf"
    with change.signed_pdf.open("rb") as handle:
        return handle.read(), f"huurcontract-{change.contract.source_id}-aangepast-getekend.pdf"


def co_tenant_newcomer(
    change: CoTenantChange, *, email: str, phone_mobile: str, as_of: dt.date, actor: Actor
) -> Tenant:
    """The new co-tenant's record (prefixed until the ERP registers them, like a letting's candidate), the
    amended contract to sign on the timeline, and the e-mail with their personal link to the portal (kept
    on the timeline for colleagues, without the link). Call inside the request's transaction."""
    first, _, last = change.person_name.partition(" ")
    tenant = candidate_tenant(
        change.corporation,
        {
            "id": f"tenaamstelling-{change.pk}",
            "first_name": first if last else "",
            "last_name": last or first,
            "email": email,
            "phone_mobile": phone_mobile,
        },
        {"birth_date": change.birth_date},
    )
    change.new_tenant = tenant
    change.save(update_fields=["new_tenant"])
    pdf, name = amended_contract_file(change)
    document_add(
        change.case,
        name=name,
        pdf=pdf,
        text=gettext("Het aangepaste huurcontract om te tekenen, met alle huurders."),
        actor=actor,
    )
    link = portal_personal_link(corporation_id=change.corporation_id, tenant_id=tenant.pk)
    subject = gettext("Teken het huurcontract als medehuurder")
    body = gettext(
        "Beste %(name)s,\n\n%(requester)s vraagt of u medehuurder wordt van %(address)s. Lees en teken het "
        "aangepaste huurcontract in ons portaal:\n%(link)s\n\nU tekent met een code die wij u sturen en met "
        "uw naam. Daarna beslissen wij over de aanvraag. Heeft u vragen? Bel ons.\n\n"
        "Met vriendelijke groet,\n%(corporation)s"
    )
    values = {
        "name": tenant.display_name,
        "requester": change.requester.display_name,
        "address": str(change.contract.unit),
        "corporation": change.corporation.name,
    }
    message = EmailMessage(
        subject=subject,
        body=body % {**values, "link": f"{link}?naar={SIGN_TARGET}"},
        from_email=_sender(change.corporation),
        to=[tenant.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    transaction.on_commit(lambda: _send(message))
    kept = f"{subject}\n\n{body % {**values, 'link': LINK_AS_KEPT}}"
    entry_add(change.case, CaseEntryKind.MESSAGE, Audience.INTERNAL, kept, actor=actor)
    return tenant


def _signable(change: CoTenantChange, tenant: Tenant) -> None:
    if (
        change.new_tenant_id != tenant.pk
        or change.status not in (CoTenantStatus.CONSENT, CoTenantStatus.READY)
        or change.signed_at is not None
    ):
        raise ApplicationError(gettext("Dit contract kunt u niet (meer) tekenen."), extra={"field": "code"})


def co_tenant_code_send(
    *, change: CoTenantChange, tenant: Tenant, now: dt.datetime, channel: str = "email"
) -> str:
    """The one-time code to the new co-tenant. Not on the case's timeline while it can be used: the case is
    the requester's; the message as sent goes there once the code is used."""
    _signable(change, tenant)
    with transaction.atomic():
        return signing_code_send(
            case=None,
            tenant=tenant,
            purpose=CodePurpose.CO_TENANT,
            subject_id=change.pk,
            what=gettext("het huurcontract voor %(address)s") % {"address": str(change.contract.unit)},
            now=now,
            actor=f"portal:{tenant.pk}",
            channel=channel,
        )


def co_tenant_sign(
    *, change: CoTenantChange, tenant: Tenant, code: str, name: str, now: dt.datetime
) -> CoTenantChange:
    """Sign the amended contract with the code and the typed name: sealed, kept on the timeline as sent; the
    decision task follows once nobody else is waited for. A wrong code or name changes nothing but the
    failure count."""
    name = " ".join((name or "").split())
    _signable(change, tenant)
    if not name_matches(name, tenant):
        raise ApplicationError(
            gettext("Typ uw volledige naam, zoals die in het contract staat."), extra={"field": "name"}
        )
    with transaction.atomic():
        used = code_check(
            tenant=tenant, purpose=CodePurpose.CO_TENANT, subject_id=change.pk, code=code, now=now
        )
    actor = f"portal:{tenant.pk}"
    with transaction.atomic():
        change = CoTenantChange.objects.select_for_update().get(pk=change.pk)
        _signable(change, tenant)
        if used.channel == "sms":
            signature = gettext(
                "Digitaal getekend door %(name)s op %(when)s, na controle met een eenmalige code per SMS."
            )
        else:
            signature = gettext(
                "Digitaal getekend door %(name)s op %(when)s, na controle met een eenmalige code per e-mail."
            )
        signature = signature % {"name": name, "when": now.strftime("%d-%m-%Y %H:%M")}
        sent = code_message_as_sent(used)
        if sent:
            entry_add(change.case, CaseEntryKind.MESSAGE, Audience.INTERNAL, sent, actor=actor)
        pdf = pdf_seal(
            contract_pdf(_amended_data(change, signature=signature)),
            reason=gettext("Aangepaste huurovereenkomst getekend"),
            name=name,
        )
        file_name = f"huurcontract-{change.contract.source_id}-aangepast-getekend.pdf"
        change.signed_name, change.signed_at = name[:200], now
        change.signed_pdf.save(file_name, ContentFile(pdf), save=False)
        change.save(update_fields=["signed_name", "signed_at", "signed_pdf"])
        document_add(change.case, name=file_name, pdf=pdf, text=signature, actor=actor)
        co_tenant_settle(change, as_of=now.date(), actor=actor)
        log_action(
            corporation=change.corporation,
            actor=actor,
            action="contract.co_tenant_signed",
            obj=change,
            data={},
        )
    return change
