"""Writes about the tenant and the municipalities: objections, contact attempts, municipality settings."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.earlysignal import delivery
from vangnet.earlysignal.models import (
    ContactAttempt,
    ContactMethod,
    Delivery,
    FileFormat,
    Municipality,
    Objection,
    ObjectionSource,
    SignalPolicy,
)
from vangnet.tenants.models import Tenant


def objection_register(
    *, tenant: Tenant, source: str, as_of: date, actor: Actor, note: str = ""
) -> Objection:
    """The tenant does not want their data shared with the municipality. A second one keeps the first."""
    if source not in ObjectionSource.values:
        raise ApplicationError("Kies hoe het bezwaar binnenkwam.")
    standing = Objection.objects.filter(tenant=tenant, withdrawn_on__isnull=True).first()
    if standing is not None:
        return standing
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                corporation_id=tenant.corporation_id,
                tenant=tenant,
                registered_on=as_of,
                source=source,
                note=note.strip()[:500],
                registered_by=actor_label(actor),
            )
            log_action(
                corporation=tenant.corporation,
                actor=actor,
                action="earlysignal.objection_registered",
                obj=objection,
                data={"source": source},
                tenant_id=tenant.pk,
            )
    except IntegrityError:
        # Two clicks raced: the other one's objection stands.
        return Objection.objects.get(tenant=tenant, withdrawn_on__isnull=True)
    return objection


def objection_withdraw(*, objection: Objection, as_of: date, actor: Actor) -> Objection:
    """The tenant took the objection back (a colleague records it); signals may go again."""
    if objection.withdrawn_on is not None:
        raise ApplicationError("Dit bezwaar is al ingetrokken.")
    with transaction.atomic():
        objection.withdrawn_on, objection.withdrawn_by = as_of, actor_label(actor)
        objection.save(update_fields=["withdrawn_on", "withdrawn_by"])
        log_action(
            corporation=objection.corporation,
            actor=actor,
            action="earlysignal.objection_withdrawn",
            obj=objection,
            tenant_id=objection.tenant_id,
        )
    return objection


def contact_attempt_register(
    *, tenant: Tenant, method: str, happened_on: date, reached: bool, note: str, as_of: date, actor: Actor
) -> ContactAttempt:
    """A colleague notes that personal contact was sought (a visit, a talk at the counter, a call)."""
    if method not in ContactMethod.values:
        raise ApplicationError("Kies hoe u contact zocht.")
    if happened_on > as_of:
        raise ApplicationError("De datum van het contact ligt in de toekomst.")
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            corporation_id=tenant.corporation_id,
            tenant=tenant,
            method=method,
            happened_on=happened_on,
            reached=reached,
            note=note.strip()[:500],
            author=actor_label(actor),
        )
        log_action(
            corporation=tenant.corporation,
            actor=actor,
            action="earlysignal.contact_attempt_registered",
            obj=attempt,
            data={"method": method, "on": happened_on.isoformat()},
            tenant_id=tenant.pk,
        )
    return attempt


def municipality_save(
    *,
    corporation: Corporation,
    name: str,
    agreed: bool,
    agreed_on: date | None,
    delivery_kind: str,
    file_format: str,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    endpoint_url: str = "",
    endpoint_token: str = "",
    actor: Actor,
) -> Municipality:
    """Create or change a municipality's agreement; one that agrees must be reachable the way it chose."""
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Vul de naam van de gemeente in.")
    if delivery_kind not in Delivery.values:
        raise ApplicationError("Kies hoe de gemeente de signalen ontvangt.")
    if file_format not in FileFormat.values:
        raise ApplicationError("Kies het bestandsformaat.")
    municipality = Municipality.objects.filter(
        corporation=corporation, name__iexact=name
    ).first() or Municipality(corporation=corporation, name=name)
    municipality.agreed = agreed
    municipality.agreed_on = agreed_on if agreed else None
    municipality.delivery = delivery_kind
    municipality.file_format = file_format
    municipality.contact_name = contact_name.strip()
    municipality.contact_email = contact_email.strip()
    municipality.contact_phone = contact_phone.strip()
    municipality.endpoint_url = endpoint_url.strip()
    municipality.endpoint_token = endpoint_token.strip()
    if agreed:
        if agreed_on is None:
            raise ApplicationError("Vul de datum in waarop de gemeente heeft ingestemd.")
        missing = delivery.get(delivery_kind).missing(municipality)
        if missing:
            raise ApplicationError(missing)
    with transaction.atomic():
        municipality.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="earlysignal.municipality_saved",
            obj=municipality,
            data={"name": name, "agreed": agreed, "delivery": delivery_kind},
        )
    return municipality


def policy_save(
    *,
    corporation: Corporation,
    min_days: int,
    min_amount: Decimal,
    objection_days: int,
    resignal_monthly: bool,
    actor: Actor,
) -> SignalPolicy:
    if min_days < 0 or objection_days < 0 or min_amount < 0:
        raise ApplicationError("Dagen en bedragen kunnen niet negatief zijn.")
    with transaction.atomic():
        policy, _ = SignalPolicy.objects.get_or_create(corporation=corporation)
        policy.min_days, policy.min_amount = min_days, min_amount
        policy.objection_days, policy.resignal_monthly = objection_days, resignal_monthly
        policy.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="earlysignal.policy_saved",
            obj=policy,
            data={"min_days": min_days, "min_amount": str(min_amount), "resignal_monthly": resignal_monthly},
        )
    return policy
