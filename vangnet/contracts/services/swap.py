"""House swap (woningruil): tenants start it together (each party with their contract and household),
each confirms for themselves, a colleague decides by the rules (`rules.swap_problems`); on approval every
party gets a letting of the home they move into, which follows the letting process (sign in the portal)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext

from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.opening import case_open
from vangnet.contracts.models import Swap, SwapParty, SwapStatus
from vangnet.contracts.rules import SwapParty as RuleParty
from vangnet.contracts.rules import swap_problems
from vangnet.contracts.services.common import case_type_of_kind
from vangnet.contracts.services.letting import letting_create
from vangnet.contracts.services.notices import (
    SWAP_CONFIRM_TEMPLATE,
    decision_task,
    decision_task_done,
    waiting_notice,
)
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import Contract, ContractRole, ContractTenant, LedgerEntry
from vangnet.tenants.models import Tenant


def swap_start(
    *,
    parties: Sequence[tuple[Tenant, Contract, int | None]],
    as_of: dt.date,
    actor: Actor,
    started_by: Tenant | None = None,
) -> Swap:
    """`parties`: (tenant, their contract, household size or None when that party gives it on confirming),
    in moving order: each moves into the next party's home, the last into the first's. Every party still
    confirms for themselves (swap_confirm); each but `started_by` (who confirms at once) is sent a message
    that the swap waits for them."""
    if len(parties) < 2:
        raise ApplicationError(
            gettext("Een woningruil heeft minstens twee huurders."), extra={"field": "parties"}
        )
    if len({contract.pk for _t, contract, _h in parties}) != len(parties):
        raise ApplicationError(gettext("Elke huurder ruilt een andere woning."), extra={"field": "parties"})
    running = SwapParty.objects.filter(
        contract__in=[contract for _t, contract, _h in parties], swap__status=SwapStatus.OPEN
    )
    if running.exists():
        raise ApplicationError(
            gettext("Voor een van deze woningen loopt al een aanvraag voor woningruil."),
            extra={"field": "parties"},
        )
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
                "huishouden": str(first_household or ""),
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
        for tenant, _contract, _household in parties:
            if started_by is None or tenant.pk != started_by.pk:
                waiting_notice(
                    case=case, tenant=tenant, template_code=SWAP_CONFIRM_TEMPLATE, as_of=as_of, actor=actor
                )
        log_action(corporation=corporation, actor=actor, action="swap.started", obj=swap, data={})
    return swap


def swap_confirm(*, swap: Swap, tenant: Tenant, now: dt.datetime, household: int | None = None) -> SwapParty:
    """One party's confirmation, with the size of their household when they had not given it yet."""
    party = SwapParty.objects.filter(swap=swap, tenant=tenant).first()
    if party is None or swap.status != SwapStatus.OPEN:
        raise ApplicationError(gettext("U kunt deze ruil niet (meer) bevestigen."), extra={"field": "swap"})
    if household is not None and not 1 <= household <= 20:
        raise ApplicationError(
            gettext("Vul in met hoeveel personen u woont: een getal van 1 tot 20."),
            extra={"field": "household"},
        )
    if party.household is None and household is None:
        raise ApplicationError(gettext("Vul in met hoeveel personen u woont."), extra={"field": "household"})
    if party.confirmed_at is None:
        with transaction.atomic():
            party.confirmed_at = now
            party.household = household or party.household
            party.save(update_fields=["confirmed_at", "household"])
            log_action(
                corporation=swap.corporation, actor=f"portal:{tenant.pk}", action="swap.confirmed", obj=swap
            )
            if not SwapParty.objects.filter(swap=swap, confirmed_at__isnull=True).exists():
                decision_task(
                    case=swap.case, what=gettext("Woningruil"), as_of=now.date(), actor=f"portal:{tenant.pk}"
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
                household=party.household or 0,
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
        swap.decided_by, swap.decided_on, swap.reason = actor_label(actor), as_of, reason
        swap.save(update_fields=["status", "decided_by", "decided_on", "reason"])
        decision_task_done(case=swap.case, outcome=swap.get_status_display(), now=clock.now())
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
                    tenant=tenant,
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


@dataclass(frozen=True)
class OtherHome:
    """A home in the swap as the tenant who starts names it: postcode, house number, its tenant's last name."""

    postcode: str
    house_number: str
    last_name: str


def _others_found(contract: Contract, homes: Sequence[OtherHome]) -> list[ContractTenant]:
    """The tenant on the running contract of each named home, in the order named (one query). A home we
    cannot match, the tenant's own home or a home named twice is refused naming its field (`postcode`, then
    `postcode_2`, ...)."""
    wanted = ["".join(home.postcode.split()).upper() for home in homes]
    where = Q(pk__in=[])
    for code, home in zip(wanted, homes, strict=True):
        where |= Q(
            contract__unit__postcode__in={code, f"{code[:4]} {code[4:]}"},
            contract__unit__house_number=home.house_number.strip(),
        )
    candidates = list(
        ContractTenant.objects.filter(
            where,
            corporation_id=contract.corporation_id,
            contract__end_date__isnull=True,
            contract__removed_from_source_at__isnull=True,
            removed_from_source_at__isnull=True,
        )
        .select_related("tenant", "contract__unit")
        .order_by("pk")
    )
    found: list[ContractTenant] = []
    for index, (code, home) in enumerate(zip(wanted, homes, strict=True)):
        field = "postcode" if index == 0 else f"postcode_{index + 1}"
        unit_codes = {code, f"{code[:4]} {code[4:]}"}
        # The main tenant when both on the contract have that last name.
        matches = [
            party
            for party in candidates
            if party.contract.unit.postcode in unit_codes
            and party.contract.unit.house_number == home.house_number.strip()
            and party.tenant.last_name.casefold() == home.last_name.strip().casefold()
        ]
        other = min(matches, key=lambda party: party.role != ContractRole.MAIN, default=None)
        if other is None:
            raise ApplicationError(
                gettext("Wij vinden geen huurder met deze achternaam op dit adres. Kijk de gegevens na."),
                extra={"field": field},
            )
        if other.contract_id == contract.pk:
            raise ApplicationError(
                gettext("Dit is uw eigen woning. Vul het adres van de andere woning in."),
                extra={"field": field},
            )
        if any(other.contract_id == earlier.contract_id for earlier in found):
            raise ApplicationError(
                gettext("Deze woning staat al in de ruil. Vul een andere woning in."), extra={"field": field}
            )
        found.append(other)
    return found


def swap_request(
    *,
    tenant: Tenant,
    contract: Contract,
    household: int,
    homes: Sequence[OtherHome],
    as_of: dt.date,
    now: dt.datetime,
) -> Swap:
    """A tenant starts a swap in the portal by naming the other home (postcode and house number) and the
    last name of its tenant; or, for a ring swap, more homes: the tenant moves into the first home named, its
    tenant into the next, and the last one into the tenant's own home. The tenant who starts confirms at
    once; the others confirm in their own portal."""
    if not 1 <= household <= 20:
        raise ApplicationError(
            gettext("Vul in met hoeveel personen u woont: een getal van 1 tot 20."),
            extra={"field": "household"},
        )
    if not homes:
        raise ApplicationError(gettext("Vul de andere woning in."), extra={"field": "postcode"})
    others = _others_found(contract, homes)
    actor = f"portal:{tenant.pk}"
    with transaction.atomic():
        swap = swap_start(
            parties=[(tenant, contract, household), *((o.tenant, o.contract, None) for o in others)],
            as_of=as_of,
            actor=actor,
            started_by=tenant,
        )
        swap_confirm(swap=swap, tenant=tenant, now=now)
    return swap
