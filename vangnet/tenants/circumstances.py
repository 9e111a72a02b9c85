"""Circumstances (signaleringen): life events that call for attention before collection goes on.

A circumstance is a kind and dates, nothing more. Health stays out of the data: the kind "ziekte" is as far
as it goes, so there is no free text and no detail field a colleague could type a diagnosis into. Who may see
circumstances is a permission (the back office decides; dispute handlers do not), and every time the card
shows them the view is audited by the caller.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vangnet.core.audit import Actor, log_action
from vangnet.core.clock import today
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.tenants.models import (
    Circumstance,
    CircumstanceKind,
    CircumstanceSource,
    Tenant,
    circumstance_in_force_q,
)


@dataclass(frozen=True)
class DefaultKind:
    code: str
    name: Any  # a lazy translation


# The corporation may rename, switch off or add kinds; these are what every corporation starts with.
DEFAULT_KINDS = (
    DefaultKind("werkloos", _("Werkloos geworden")),
    DefaultKind("scheiding", _("Scheiding of uit elkaar")),
    DefaultKind("ziekte", _("Ziekte of ziekenhuisopname")),
    DefaultKind("overlijden-partner", _("Partner overleden")),
    DefaultKind("geboorte", _("Kind geboren")),
    DefaultKind("inkomensdaling", _("Minder inkomen")),
    DefaultKind("eerste-achterstand", _("Eerste achterstand na jaren op tijd betalen")),
)
DEFAULT_CODES = tuple(kind.code for kind in DEFAULT_KINDS)


def circumstance_kinds_install_defaults(*, corporation: Corporation) -> int:
    """The default kinds, added once; kinds the corporation renamed or switched off stay as they are."""
    existing = set(CircumstanceKind.objects.filter(corporation=corporation).values_list("code", flat=True))
    missing = [
        CircumstanceKind(corporation=corporation, code=kind.code, name=str(kind.name), position=position)
        for position, kind in enumerate(DEFAULT_KINDS)
        if kind.code not in existing
    ]
    CircumstanceKind.objects.bulk_create(missing)
    return len(missing)


def circumstance_record(
    *,
    tenant: Tenant,
    kind_code: str,
    starts_on: date,
    source: str,
    actor: Actor,
) -> Circumstance:
    """A circumstance from a colleague, a call or the tenant; the same kind still in force is not doubled."""
    kind = CircumstanceKind.objects.filter(
        corporation_id=tenant.corporation_id, code=kind_code, active=True
    ).first()
    if kind is None:
        raise ApplicationError(gettext("Kies een soort omstandigheid uit de lijst."))
    if starts_on > today():
        raise ApplicationError(gettext("De datum ligt in de toekomst; kies vandaag of een eerdere dag."))
    if source not in CircumstanceSource.values or source == CircumstanceSource.ERP:
        raise ApplicationError(gettext("Onbekende bron voor een omstandigheid."))
    with transaction.atomic():
        same = (
            Circumstance.objects.filter(tenant=tenant, kind=kind)
            .filter(circumstance_in_force_q(today()))
            .first()
        )
        if same is not None:
            return same
        circumstance = Circumstance.objects.create(
            corporation_id=tenant.corporation_id,
            tenant=tenant,
            kind=kind,
            starts_on=starts_on,
            source=source,
            recorded_by=str(actor),
        )
        log_action(
            corporation=tenant.corporation,
            actor=actor,
            action="tenants.circumstance_recorded",
            obj=circumstance,
            data={"kind": kind.code, "starts_on": starts_on.isoformat(), "source": source},
            tenant_id=tenant.pk,
        )
    return circumstance


def circumstance_end(*, circumstance: Circumstance, ends_on: date, actor: Actor) -> Circumstance:
    """The circumstance no longer holds after ends_on (a new job, the illness is over)."""
    if ends_on < circumstance.starts_on:
        raise ApplicationError(gettext("De einddatum ligt vóór de begindatum."))
    circumstance.ends_on = ends_on
    circumstance.save(update_fields=["ends_on"])
    log_action(
        corporation=circumstance.tenant.corporation,
        actor=actor,
        action="tenants.circumstance_ended",
        obj=circumstance,
        data={"kind": circumstance.kind.code, "ends_on": ends_on.isoformat()},
        tenant_id=circumstance.tenant_id,
    )
    return circumstance


def circumstances_in_force(tenant: Tenant, as_of: date) -> list[Circumstance]:
    return list(
        Circumstance.objects.filter(tenant=tenant)
        .filter(circumstance_in_force_q(as_of))
        .select_related("kind")
        .order_by("-starts_on", "-pk")
    )


@dataclass(frozen=True)
class CardCircumstances:
    in_force: list[Circumstance]
    ended: list[Circumstance]
    kinds: list[CircumstanceKind]


def circumstances_for_card(*, tenant: Tenant, as_of: date) -> CardCircumstances:
    """In force first, then the last few that ended; the kinds a colleague may record. Two queries."""
    rows = list(
        Circumstance.objects.filter(tenant=tenant, removed_from_source_at__isnull=True)
        .select_related("kind")
        .order_by("-starts_on", "-pk")[:20]
    )
    in_force = [row for row in rows if row.in_force(as_of)]
    ended = [row for row in rows if not row.in_force(as_of) and row.starts_on <= as_of][:5]
    kinds = list(CircumstanceKind.objects.filter(corporation_id=tenant.corporation_id, active=True))
    return CardCircumstances(in_force, ended, kinds)


def circumstance_kinds(*, corporation: Corporation) -> list[CircumstanceKind]:
    """The kinds a colleague or a tenant may choose, in the corporation's order."""
    return list(CircumstanceKind.objects.filter(corporation=corporation, active=True))
