"""House swap (woningruil): tenants start it together (each party with their contract and household),
each confirms for themselves, a colleague decides by the rules (`rules.swap_problems`); on approval every
party gets a letting of the home they move into, which follows the letting process (sign in the portal)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext

from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.opening import case_open
from vangnet.contracts.models import Swap, SwapParty, SwapStatus
from vangnet.contracts.rules import SwapParty as RuleParty
from vangnet.contracts.rules import swap_problems
from vangnet.contracts.services.common import case_type_of_kind
from vangnet.contracts.services.letting import letting_create
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.tenants.models import Tenant


def swap_start(*, parties: Sequence[tuple[Tenant, Contract, int]], as_of: dt.date, actor: Actor) -> Swap:
    """`parties`: (tenant, their contract, household size), in moving order: each moves into the next
    party's home, the last into the first's. Every party still confirms for themselves (swap_confirm)."""
    if len(parties) < 2:
        raise ApplicationError(
            gettext("Een woningruil heeft minstens twee huurders."), extra={"field": "parties"}
        )
    if len({contract.pk for _t, contract, _h in parties}) != len(parties):
        raise ApplicationError(gettext("Elke huurder ruilt een andere woning."), extra={"field": "parties"})
    first_tenant, first_contract, first_household = parties[0]
    corporation = first_contract.corporation
    with transaction.atomic():
        second = parties[1]
        case = case_open(
            case_type=case_type_of_kind(corporation, "swap"),
            as_of=as_of,
            actor=actor,
            channel="staff",
            answers={
                "ruilpartner": second[0].display_name,
                "adres_ruilpartner": str(second[1].unit),
                "huishouden": str(first_household),
            },
            tenant=first_tenant,
            unit=first_contract.unit,
        )
        swap = Swap.objects.create(corporation=corporation, case=case)
        for index, (tenant, contract, household) in enumerate(parties):
            next_contract = parties[(index + 1) % len(parties)][1]
            SwapParty.objects.create(
                corporation=corporation,
                swap=swap,
                tenant=tenant,
                contract=contract,
                new_unit=next_contract.unit,
                household=household,
                confirmed_at=None,
            )
        log_action(corporation=corporation, actor=actor, action="swap.started", obj=swap, data={})
    return swap


def swap_confirm(*, swap: Swap, tenant: Tenant, now: dt.datetime) -> SwapParty:
    party = SwapParty.objects.filter(swap=swap, tenant=tenant).first()
    if party is None or swap.status != SwapStatus.OPEN:
        raise ApplicationError(gettext("U kunt deze ruil niet (meer) bevestigen."), extra={"field": "swap"})
    if party.confirmed_at is None:
        party.confirmed_at = now
        party.save(update_fields=["confirmed_at"])
        log_action(
            corporation=swap.corporation, actor=f"portal:{tenant.pk}", action="swap.confirmed", obj=swap
        )
    return party


def swap_check(*, swap: Swap, as_of: dt.date) -> list[str]:
    """The rules' problems; the balances in one query, whatever the number of parties."""
    parties = list(SwapParty.objects.select_related("tenant", "contract").filter(swap=swap).order_by("pk"))
    balances = dict(
        LedgerEntry.objects.filter(contract_id__in=[p.contract_id for p in parties])
        .values("contract_id")
        .annotate(total=Sum("amount"))
        .values_list("contract_id", "total")
    )
    settings = swap.case.case_type.settings or {}
    capacity = int(settings.get("max_persons", 6))
    return swap_problems(
        [
            RuleParty(
                name=party.tenant.display_name,
                balance=Decimal(balances.get(party.contract_id) or 0),
                tenancy_start=party.contract.start_date,
                household=party.household,
                new_home_capacity=capacity,
                confirmed=party.confirmed_at is not None,
            )
            for party in parties
        ],
        as_of=as_of,
        minimum_months=int(settings.get("minimum_months", 12)),
    )


def swap_decide(*, swap: Swap, approve: bool, as_of: dt.date, actor: Actor, reason: str = "") -> Swap:
    """Approve (only when no rule is broken: otherwise every problem is named and nothing changes) or
    refuse; an approval starts a letting per party for the home they move into, from the next month."""
    if swap.status != SwapStatus.OPEN:
        raise ApplicationError(gettext("Over deze ruil is al besloten."), extra={"field": "swap"})
    problems = swap_check(swap=swap, as_of=as_of) if approve else []
    if problems:
        raise ApplicationError(" ".join(problems), extra={"field": "swap", "problems": problems})
    start = dt.date(as_of.year + (as_of.month == 12), as_of.month % 12 + 1, 1)
    with transaction.atomic():
        swap.status = SwapStatus.APPROVED if approve else SwapStatus.REFUSED
        swap.decided_by, swap.decided_on, swap.reason = str(actor)[:150], as_of, reason
        swap.save(update_fields=["status", "decided_by", "decided_on", "reason"])
        case_transition(
            case=swap.case,
            to="goedgekeurd" if approve else "afgewezen",
            as_of=as_of,
            actor=actor,
            note=reason,
        )
        if approve:
            parties = list(
                SwapParty.objects.select_related("tenant", "new_unit").filter(swap=swap).order_by("pk")
            )
            rents = {
                c.unit_id: c
                for c in Contract.objects.filter(pk__in=[p.contract_id for p in parties]).select_related(
                    "unit"
                )
            }
            for number, party in enumerate(parties, start=1):
                old = rents[party.new_unit_id]
                tenant = party.tenant
                party.letting = letting_create(
                    corporation=swap.corporation,
                    reference=f"RUIL-{swap.pk}-{number}",
                    person={
                        "id": tenant.source_id,
                        "first_name": tenant.first_name,
                        "name_prefix": tenant.name_prefix,
                        "last_name": tenant.last_name,
                        "email": tenant.email,
                    },
                    unit_id=party.new_unit.source_id,
                    start_date=start,
                    rent=old.monthly_rent,
                    service_costs=old.monthly_service_costs,
                    deposit=Decimal(0),
                    as_of=as_of,
                    actor=actor,
                    channel="staff",
                )
                party.save(update_fields=["letting"])
        log_action(
            corporation=swap.corporation,
            actor=actor,
            action="swap.decided",
            obj=swap,
            data={"approve": approve},
        )
    return swap
