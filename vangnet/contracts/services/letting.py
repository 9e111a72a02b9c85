"""Letting (verhuren): the candidate from the allocation system, the contract composed and signed in the
portal after the identity step, sealed, the first payment by pay link, and the ERP told."""

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case
from vangnet.cases.models import EntryKind as CaseEntryKind
from vangnet.cases.services.common import entry_add
from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.opening import case_open
from vangnet.contracts.documents import contract_pdf
from vangnet.contracts.models import CodePurpose, Letting, LettingStatus
from vangnet.contracts.rules import first_payment
from vangnet.contracts.services.common import (
    case_type_of_kind,
    code_message_as_sent,
    document_add,
    euro,
    signing_code_send,
)
from vangnet.contracts.services.mandate import (
    MandateDetails,
    mandate_check,
    mandate_id_for,
    mandate_payload,
    mandate_record,
)
from vangnet.contracts.signing import code_check, pdf_seal
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.events.services import event_publish
from vangnet.ledger.importing.schema import LETTING_PREFIX
from vangnet.ledger.models import Contract, ContractRole, ContractTenant, PaymentMethod, Unit
from vangnet.payments.models import PaymentPurpose, PaymentRequest
from vangnet.tenants.models import Tenant

PERSON_FIELDS = ("id", "first_name", "name_prefix", "last_name", "email", "phone_mobile", "birth_date")


def _amount(value: object, field: str, problems: dict[str, str]) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        problems[field] = gettext("Vul een bedrag in, bijvoorbeeld 725.50.")
        return Decimal(0)
    if amount < 0 or amount > Decimal("100000"):
        problems[field] = gettext("Het bedrag moet tussen 0 en 100000 liggen.")
    return amount


def letting_problems(
    *,
    corporation: Corporation,
    reference: str,
    person: dict,
    unit_id: str,
    start_date: object,
    rent: object,
    service_costs: object,
    deposit: object,
    as_of: dt.date,
) -> tuple[dict[str, str], dict]:
    """Every problem of a candidate (field → reason) and the cleaned values; used by the API and the import."""
    problems: dict[str, str] = {}
    clean: dict = {"reference": (reference or "").strip()}
    if not clean["reference"] or len(clean["reference"]) > 64:
        problems["reference"] = gettext("Vul het kenmerk van de toewijzing in (hoogstens 64 tekens).")
    elif Letting.objects.filter(corporation=corporation, reference=clean["reference"]).exists():
        problems["reference"] = gettext("Deze toewijzing is al ontvangen.")
    if not str(person.get("id") or "").strip():
        problems["person.id"] = gettext("Vul het nummer van de kandidaat in.")
    if not str(person.get("last_name") or "").strip():
        problems["person.last_name"] = gettext("Vul de achternaam van de kandidaat in.")
    if not str(person.get("email") or "").strip() or "@" not in str(person.get("email")):
        problems["person.email"] = gettext(
            "Vul een geldig e-mailadres in: daar gaat de code om te tekenen heen."
        )
    clean["unit"] = Unit.objects.filter(corporation=corporation, source_id=(unit_id or "").strip()).first()
    if clean["unit"] is None:
        problems["unit_id"] = gettext("Deze woning kennen wij niet.")
    try:
        clean["start_date"] = (
            start_date if isinstance(start_date, dt.date) else dt.date.fromisoformat(str(start_date).strip())
        )
        if clean["start_date"] < as_of:
            problems["start_date"] = gettext("De ingangsdatum ligt in het verleden.")
    except ValueError:
        problems["start_date"] = gettext("Vul de ingangsdatum in als JJJJ-MM-DD.")
    clean["rent"] = _amount(rent, "rent", problems)
    clean["service_costs"] = _amount(service_costs or 0, "service_costs", problems)
    clean["deposit"] = _amount(deposit or 0, "deposit", problems)
    if "rent" not in problems and clean["rent"] <= 0:
        problems["rent"] = gettext("De huur moet meer dan 0 zijn.")
    birth = person.get("birth_date")
    clean["birth_date"] = None
    if birth:
        try:
            clean["birth_date"] = dt.date.fromisoformat(str(birth))
        except ValueError:
            problems["person.birth_date"] = gettext("Vul de geboortedatum in als JJJJ-MM-DD.")
    return problems, clean


def _contract_data(letting: Letting, *, signature: str) -> dict:
    settings = letting.case.case_type.settings if letting.case else {}
    total = letting.monthly_rent + letting.monthly_service_costs
    first = first_payment(start=letting.start_date, monthly_total=total, deposit=letting.deposit)
    return {
        "title": gettext("Huurovereenkomst"),
        "corporation": letting.corporation.name,
        "reference": letting.reference,
        "tenant": letting.tenant.display_name,
        "address": str(letting.unit),
        "start_date": letting.start_date.strftime("%d-%m-%Y"),
        "rent": euro(letting.monthly_rent),
        "service_costs": euro(letting.monthly_service_costs),
        "total": euro(total),
        "deposit": euro(letting.deposit),
        "first_payment": euro(first.total),
        "clauses": [str(c) for c in settings.get("clauses", [])],
        "conditions": [str(c) for c in settings.get("general_conditions", [])],
        "signature": signature,
    }


def letting_pdf(letting: Letting) -> bytes:
    return contract_pdf(_contract_data(letting, signature=gettext("Nog niet getekend.")))


def letting_document_file(letting: Letting) -> tuple[bytes, str]:
    """The contract as a PDF and its file name: the signed and sealed one once signed, else the one to sign."""
    if not letting.signed_pdf:
        return letting_pdf(letting), f"huurcontract-{letting.reference}.pdf"
    with letting.signed_pdf.open("rb") as handle:
        return handle.read(), f"huurcontract-{letting.reference}-getekend.pdf"


def candidate_tenant(corporation: Corporation, person: dict, clean: dict) -> Tenant:
    """The tenant of the allocation's person id (prefixed until the ERP registers them), made when new."""
    tenant, _created = Tenant.objects.get_or_create(
        corporation=corporation,
        source_id=f"{LETTING_PREFIX}{str(person['id']).strip()}"[:64],
        defaults={
            "first_name": str(person.get("first_name") or "")[:100],
            "name_prefix": str(person.get("name_prefix") or "")[:20],
            "last_name": str(person.get("last_name") or "")[:100],
            "email": str(person.get("email") or "")[:254],
            "phone_mobile": str(person.get("phone_mobile") or "")[:20],
            "birth_date": clean["birth_date"],
        },
    )
    return tenant


def letting_create(
    *,
    corporation: Corporation,
    reference: str,
    person: dict,
    unit_id: str,
    start_date: object,
    rent: object,
    service_costs: object = 0,
    deposit: object = 0,
    as_of: dt.date,
    actor: Actor,
    channel: str = "api",
    tenant: Tenant | None = None,
) -> Letting:
    """A candidate offered a home: the tenant (by the allocation system's person id, or `tenant` when they
    rent from the corporation already, as in a swap), the case, the contract to sign as a PDF on the
    timeline, and `letting.offered` for the ERP. Every problem is named; nothing is written on one."""
    problems, clean = letting_problems(
        corporation=corporation,
        reference=reference,
        person=person,
        unit_id=unit_id,
        start_date=start_date,
        rent=rent,
        service_costs=service_costs,
        deposit=deposit,
        as_of=as_of,
    )
    if problems:
        errors = [{"field": field, "reason_nl": reason} for field, reason in problems.items()]
        raise ApplicationError(" ".join(problems.values()), extra={"fields": problems, "errors": errors})
    with transaction.atomic():
        if tenant is None:
            tenant = candidate_tenant(corporation, person, clean)
        case = case_open(
            case_type=case_type_of_kind(corporation, "letting"),
            as_of=as_of,
            actor=actor,
            channel=channel,
            answers={},
            tenant=tenant,
            unit=clean["unit"],
            subject=gettext("Huurcontract %(address)s") % {"address": clean["unit"].address_line},
        )
        letting = Letting.objects.create(
            corporation=corporation,
            reference=clean["reference"],
            tenant=tenant,
            unit=clean["unit"],
            case=case,
            start_date=clean["start_date"],
            monthly_rent=clean["rent"],
            monthly_service_costs=clean["service_costs"],
            deposit=clean["deposit"],
        )
        document_add(
            case,
            name=f"huurcontract-{letting.reference}.pdf",
            pdf=letting_pdf(letting),
            text=gettext("Het huurcontract om te tekenen."),
            actor=actor,
        )
        log_action(corporation=corporation, actor=actor, action="letting.offered", obj=letting, data={})
        event_publish(corporation=corporation, type="letting.offered", payload=letting_payload(letting))
    return letting


def letting_payload(letting: Letting) -> dict:
    return {
        "reference": letting.reference,
        "status": letting.status,
        "tenant_id": letting.tenant.source_id,
        "unit_id": letting.unit.source_id,
        "start_date": letting.start_date.isoformat(),
        "monthly_rent": str(letting.monthly_rent),
        "monthly_service_costs": str(letting.monthly_service_costs),
        "deposit": str(letting.deposit),
        "contract_id": letting.contract.source_id if letting.contract else None,
        "signed_at": letting.signed_at.isoformat() if letting.signed_at else None,
    }


def letting_code_send(*, letting: Letting, tenant: Tenant, now: dt.datetime, channel: str = "email") -> str:
    if letting.tenant_id != tenant.pk or letting.status != LettingStatus.WAITING or letting.case is None:
        raise ApplicationError(gettext("Dit contract kunt u niet (meer) tekenen."), extra={"field": "code"})
    with transaction.atomic():
        return signing_code_send(
            case=letting.case,
            tenant=tenant,
            purpose=CodePurpose.LETTING,
            subject_id=letting.pk,
            what=gettext("het huurcontract voor %(address)s") % {"address": str(letting.unit)},
            now=now,
            actor="portal",
            channel=channel,
        )


def name_matches(typed: str, tenant: Tenant) -> bool:
    """The typed name must hold the tenant's last name (upper/lower case and extra spaces do not matter)."""
    words = " ".join(typed.lower().split())
    last = " ".join(tenant.last_name.lower().split())
    return bool(last) and len(words) >= len(last) and last in words


def letting_sign(
    *,
    letting: Letting,
    tenant: Tenant,
    code: str,
    name: str,
    now: dt.datetime,
    method: str = PaymentMethod.TRANSFER,
    iban: str = "",
    account_holder: str = "",
    collection_day: int | None = None,
) -> Letting:
    """Sign with the code and the typed name: the sealed PDF, the contract, the first pay link, the ERP
    event, the case to "getekend". With `method` direct debit the same code and name sign the mandate
    (IBAN, holder, a collection day the corporation allows): recorded as a change of payment method, so
    the first pain.008 on that day from the start date collects the rent. A wrong code, name or mandate
    changes nothing but the failure count."""
    name = " ".join((name or "").split())
    if letting.tenant_id != tenant.pk or letting.status != LettingStatus.WAITING or letting.case is None:
        raise ApplicationError(gettext("Dit contract kunt u niet (meer) tekenen."), extra={"field": "code"})
    if method not in (PaymentMethod.DIRECT_DEBIT, PaymentMethod.TRANSFER):
        raise ApplicationError(gettext("Kies hoe u de huur wilt betalen."), extra={"field": "method"})
    details: MandateDetails | None = None
    if method == PaymentMethod.DIRECT_DEBIT:
        details = mandate_check(
            iban=iban,
            account_holder=account_holder,
            collection_day=collection_day,
            settings=case_type_of_kind(letting.corporation, "payment_method").settings or {},
        )
    if not name_matches(name, tenant):
        raise ApplicationError(
            gettext("Typ uw volledige naam, zoals die in het contract staat."), extra={"field": "name"}
        )
    as_of = now.date()
    with transaction.atomic():
        used = code_check(
            tenant=tenant, purpose=CodePurpose.LETTING, subject_id=letting.pk, code=code, now=now
        )
    with transaction.atomic():
        letting = Letting.objects.select_for_update().get(pk=letting.pk)
        if letting.status != LettingStatus.WAITING:
            raise ApplicationError(gettext("Dit contract is al getekend."), extra={"field": "code"})
        if used.channel == "sms":
            signature = gettext(
                "Digitaal getekend door %(name)s op %(when)s, na controle met een eenmalige code per SMS."
            )
        else:
            signature = gettext(
                "Digitaal getekend door %(name)s op %(when)s, na controle met een eenmalige code per e-mail."
            )
        signature = signature % {"name": name, "when": now.strftime("%d-%m-%Y %H:%M")}
        sent = code_message_as_sent(used) if used.outgoing_id is not None else ""
        if sent and letting.case is not None:
            entry_add(letting.case, CaseEntryKind.MESSAGE, Audience.PARTY, sent, actor="portal")
        pdf = pdf_seal(
            contract_pdf(_contract_data(letting, signature=signature)),
            reason=gettext("Huurovereenkomst getekend"),
            name=name,
        )
        contract = Contract.objects.create(
            corporation=letting.corporation,
            source_id=f"{LETTING_PREFIX}{letting.reference}"[:64],
            unit=letting.unit,
            start_date=letting.start_date,
            monthly_rent=letting.monthly_rent,
            monthly_service_costs=letting.monthly_service_costs,
            payment_method=PaymentMethod.TRANSFER,
            payment_reference="",
        )
        ContractTenant.objects.create(
            corporation=letting.corporation, contract=contract, tenant=tenant, role=ContractRole.MAIN
        )
        first = first_payment(
            start=letting.start_date, monthly_total=contract.monthly_total, deposit=letting.deposit
        )
        request = PaymentRequest.objects.create(
            corporation=letting.corporation,
            contract=contract,
            amount=first.total,
            purpose=PaymentPurpose.OPEN_BALANCE,
            description=gettext("Eerste huur en waarborgsom")[:100],
            token=secrets.token_urlsafe(24),
            expires_at=now + dt.timedelta(days=30),
        )
        letting.status = LettingStatus.SIGNED
        letting.signed_name = name[:200]
        letting.signed_at = now
        letting.contract = contract
        letting.payment_request = request
        letting.signed_pdf.save(
            f"huurcontract-{letting.reference}-getekend.pdf", ContentFile(pdf), save=False
        )
        letting.save()
        case: Case = letting.case  # type: ignore[assignment]
        document_add(
            case,
            name=f"huurcontract-{letting.reference}-getekend.pdf",
            pdf=pdf,
            text=signature,
            actor=f"portal:{tenant.pk}",
        )
        payment: dict = {"method": PaymentMethod.TRANSFER}
        if details is not None:
            mandate = mandate_record(
                contract=contract,
                tenant=tenant,
                case=case,
                details=details,
                mandate_id=mandate_id_for(contract, now),
                signed_name=name,
                now=now,
            )
            payment = mandate_payload(contract, mandate, as_of=as_of, not_before=letting.start_date)
            payment.pop("contract_id")
        case_transition(case=case, to="getekend", as_of=as_of, actor=f"portal:{tenant.pk}")
        log_action(
            corporation=letting.corporation,
            actor=f"portal:{tenant.pk}",
            action="letting.signed",
            obj=letting,
            data={"contract": contract.pk},
        )
        event_publish(
            corporation=letting.corporation,
            type="letting.signed",
            payload={**letting_payload(letting), "payment": payment},
        )
    return letting
