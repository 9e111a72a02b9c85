"""Holds (wachtcodes), the sink every domain uses to pause or resume a contract's flow: one thing written.

Derived holds follow their sources (arrangements, promises, disputes, "I already paid" claims and special
statuses), each kind synchronised with two statements: start what is missing, release what lost its source.
Then held and resumed enrollments change status together, with an event saying why. The daily run does this
for the whole portfolio (flows/engine/holds.py); `holds_sync` does it for a few contracts at once, so a
dispute opened or resolved during the day holds or resumes its contract's flow the same second. Manual holds
are set and released by a colleague (`hold_create`, `hold_release`).

It reads the models of the apps whose records hold a flow and calls none of their services (docs/development/
architecture.md).
"""

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from vangnet.arrangements.models import (
    Arrangement,
    ArrangementStatus,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
    PromiseStatus,
    live_arrangements_q,
)
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.core.sql import analyse_if_many, insert_from
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.flows.engine.context import RunContext, policy_for
from vangnet.flows.engine.events import record_events
from vangnet.flows.engine.report import RunReport
from vangnet.flows.models import Enrollment, EnrollmentStatus, EventKind, Hold, HoldKind
from vangnet.flows.withdrawals import planned_work_withdraw
from vangnet.ledger.models import Contract, ContractRole, ContractTenant
from vangnet.tenants.models import period_in_force_q

REASONS: dict[str, str] = {
    HoldKind.ARRANGEMENT: "Er loopt een betalingsregeling.",
    HoldKind.PROMISE: "De huurder heeft beloofd te betalen; we wachten tot de datum plus marge.",
    HoldKind.DISPUTE: "Er loopt een geschil over de vordering.",
    HoldKind.DEBT_COUNSELLING: "De huurder zit in de schuldhulpverlening.",
    HoldKind.WSNP: "WSNP: tijdens de schuldsanering wordt niet geïncasseerd.",
    HoldKind.DECEASED: "De huurder is overleden: niet meer aanschrijven, contact met de erven.",
    HoldKind.PAYMENT_CLAIM: "De huurder zegt al betaald te hebben; we zoeken de betaling.",
}


def _keyed(queryset: QuerySet, prefix: str, key_field: str, contract_field: str) -> QuerySet:
    return queryset.annotate(
        v_contract=F(contract_field),
        v_source=F(key_field),
        v_key=Concat(Value(prefix), Cast(key_field, output_field=CharField())),
    )


def status_parties(ctx: RunContext, condition: Q) -> QuerySet:
    parties = ContractTenant.objects.filter(
        corporation=ctx.corporation, role=ContractRole.MAIN, removed_from_source_at__isnull=True
    ).filter(condition)
    return _keyed(parties, "tenant:", "tenant_id", "contract_id")


def sources(ctx: RunContext) -> dict[str, QuerySet]:
    corporation, as_of = ctx.corporation, ctx.as_of
    grace = timedelta(days=ctx.policy.promise_grace_days)
    return {
        HoldKind.ARRANGEMENT: _keyed(
            Arrangement.objects.filter(corporation=corporation, status=ArrangementStatus.ACTIVE).filter(
                live_arrangements_q()
            ),
            "arrangement:",
            "pk",
            "contract_id",
        ),
        HoldKind.PROMISE: _keyed(
            Promise.objects.filter(
                corporation=corporation,
                status=PromiseStatus.OPEN,
                removed_from_source_at__isnull=True,
                promised_date__gte=as_of - grace,
            ),
            "promise:",
            "pk",
            "contract_id",
        ),
        # One hold per open pausing dispute, on the whole contract: the flows work per contract, and no
        # reminder may mention an item under dispute. Resolving releases it (disputes/services/handling.py).
        HoldKind.DISPUTE: _keyed(
            Dispute.objects.filter(
                corporation=corporation, status=DisputeStatus.OPEN, category__pauses_collection=True
            ),
            "dispute:",
            "pk",
            "contract_id",
        ),
        HoldKind.PAYMENT_CLAIM: _keyed(
            PaymentClaim.objects.filter(corporation=corporation, status=PaymentClaimStatus.OPEN),
            "payment-claim:",
            "pk",
            "contract_id",
        ),
        HoldKind.DEBT_COUNSELLING: status_parties(ctx, period_in_force_q("tenant__debt_counselling", as_of)),
        HoldKind.WSNP: status_parties(ctx, period_in_force_q("tenant__wsnp", as_of)),
        HoldKind.DECEASED: status_parties(ctx, Q(tenant__deceased_on__lte=as_of)),
    }


def holds_sync_contracts(
    ctx: RunContext, *, contract_ids: Sequence[int], created_by: str = "run_day"
) -> None:
    """Derived holds of these contracts follow their sources now, and their enrollments hold or resume.

    The day's other hold work (promises falling due, manual holds ending, review tasks) stays with the run.
    """
    if not contract_ids:
        return
    sync_derived(ctx, contract_ids=list(contract_ids), created_by=created_by)
    apply_holds(ctx, contract_ids=list(contract_ids))


def sync_derived(ctx: RunContext, *, contract_ids: list[int] | None, created_by: str = "run_day") -> None:
    corporation, as_of, report = ctx.corporation, ctx.as_of, ctx.report
    started_before = report.holds_started
    for kind, source in sources(ctx).items():
        if contract_ids is not None:
            source = source.filter(v_contract__in=contract_ids)
        existing = Hold.objects.filter(
            contract_id=OuterRef("v_contract"),
            kind=kind,
            source_key=OuterRef("v_key"),
            released_on__isnull=True,
        )
        report.holds_started += insert_from(
            Hold,
            {
                "corporation_id": "v_corporation",
                "contract_id": "v_contract",
                "kind": "v_kind",
                "source_key": "v_key",
                "source_id": "v_source",
                "reason": "v_reason",
                "starts_on": "v_starts",
                "release_reason": "v_blank",
                "created_by": "v_by",
            },
            source.filter(~Exists(existing)).annotate(
                v_corporation=Value(corporation.pk),
                v_kind=Value(kind),
                v_reason=Value(REASONS[kind]),
                v_starts=Value(as_of, output_field=DateField()),
                v_blank=Value(""),
                v_by=Value(created_by[:150]),
            ),
        )
        still_there = source.filter(v_contract=OuterRef("contract_id"), v_source=OuterRef("source_id"))
        held = Hold.objects.filter(corporation=corporation, kind=kind, released_on__isnull=True)
        if contract_ids is not None:
            held = held.filter(contract_id__in=contract_ids)
        report.holds_released += held.filter(~Exists(still_there)).update(
            released_on=as_of, release_reason="De reden voor de wachtcode is vervallen."
        )
    # Without it the engine's look-ups of active holds read every hold of the corporation once per dossier
    # (1 s for 1,721 at 100,000 tenancies).
    analyse_if_many(Hold, report.holds_started - started_before)


def apply_holds(ctx: RunContext, *, contract_ids: list[int] | None = None) -> None:
    corporation, as_of = ctx.corporation, ctx.as_of
    active_hold = Hold.objects.filter(
        contract=OuterRef("contract_id"), released_on__isnull=True, starts_on__lte=as_of
    )
    enrollments = Enrollment.objects.filter(corporation=corporation)
    if contract_ids is not None:
        enrollments = enrollments.filter(contract_id__in=contract_ids)
    to_hold = enrollments.filter(status=EnrollmentStatus.ACTIVE).filter(Exists(active_hold))
    # Before the hold: the calls, visits and reminders planned on the old facts, and the pay links asking
    # the old amount, are withdrawn (flows/withdrawals.py).
    planned_work_withdraw(
        corporation=corporation,
        contract_ids=to_hold.values_list("contract_id", flat=True),
        why="Het traject wacht: er is een wachtcode (bijvoorbeeld een regeling of geschil).",
        actor="holds",
    )
    first_reason = Subquery(active_hold.order_by("pk").values("reason")[:1])
    record_events(to_hold, kind=EventKind.HELD, on=as_of, reason=Concat(Value("Wachtcode: "), first_reason))
    ctx.report.held = to_hold.update(status=EnrollmentStatus.HELD)
    to_resume = enrollments.filter(status=EnrollmentStatus.HELD).filter(~Exists(active_hold))
    record_events(
        to_resume, kind=EventKind.RESUMED, on=as_of, reason="Geen wachtcode meer: het traject gaat verder."
    )
    ctx.report.resumed = to_resume.update(status=EnrollmentStatus.ACTIVE)


def _actor_label(actor: User | str | None) -> str:
    return actor.get_username() if isinstance(actor, User) else (actor or "system")


def hold_create(
    *,
    contract: Contract,
    reason: str,
    starts_on: date,
    review_on: date | None,
    ends_on: date | None,
    owner: User | None,
    actor: User | str | None,
) -> Hold:
    """A manual hold (wachtcode). In force today, it pauses the flow at once; it resumes when released."""
    if not reason.strip():
        raise ApplicationError("Geef een reden voor de wachtcode.")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError("De einddatum ligt vóór de begindatum.")
    if review_on is not None and review_on < starts_on:
        raise ApplicationError("De datum voor beoordelen ligt vóór de begindatum.")
    with transaction.atomic():
        hold = Hold.objects.create(
            corporation_id=contract.corporation_id,
            contract=contract,
            kind=HoldKind.MANUAL,
            source_key=f"manual:{uuid.uuid4().hex}",
            reason=reason.strip()[:300],
            owner=owner,
            starts_on=starts_on,
            review_on=review_on,
            ends_on=ends_on,
            created_by=_actor_label(actor),
        )
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="flows.hold_created",
            obj=hold,
            data={"reason": reason},
        )
        today = clock.today()
        if starts_on <= today:
            # In force now: the flow holds at once and the work planned on the old facts is withdrawn.
            corporation = contract.corporation
            report = RunReport(corporation=corporation.slug, as_of=today, dry_run=False)
            ctx = RunContext(
                corporation=corporation, as_of=today, policy=policy_for(corporation), report=report
            )
            apply_holds(ctx, contract_ids=[contract.pk])
    return hold


def hold_release(*, hold: Hold, as_of: date, reason: str, actor: User | str | None) -> Hold:
    if hold.released_on is not None:
        raise ApplicationError("Deze wachtcode is al opgeheven.")
    if hold.kind != HoldKind.MANUAL:
        raise ApplicationError("Deze wachtcode volgt haar bron (regeling, belofte, geschil of status).")
    with transaction.atomic():
        hold.released_on, hold.release_reason = as_of, (reason or "Handmatig opgeheven.")[:300]
        hold.save(update_fields=["released_on", "release_reason"])
        log_action(corporation=hold.corporation, actor=actor, action="flows.hold_released", obj=hold)
    return hold


def holds_sync(
    *, corporation: Corporation, contract_ids: Sequence[int], as_of: date, actor: User | str | None
) -> RunReport:
    """The derived holds (wachtcodes) of these contracts follow their sources now, not at tonight's run.

    For a dispute that opens or ends during the day: its contract's flow holds or resumes the same second.
    """
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=False)
    if not contract_ids:
        return report
    with transaction.atomic():
        ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
        holds_sync_contracts(ctx, contract_ids=contract_ids, created_by=_actor_label(actor))
        changes = {
            "holds_started": report.holds_started,
            "holds_released": report.holds_released,
            "held": report.held,
            "resumed": report.resumed,
        }
        if any(changes.values()):
            log_action(
                corporation=corporation,
                actor=actor,
                action="flows.holds_synced",
                data={"contracts": list(contract_ids)[:50], **changes},
            )
    return report


def _apply_now(*, corporation: Corporation, contract_ids: list[int], as_of: date) -> RunReport:
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=False)
    ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
    apply_holds(ctx, contract_ids=contract_ids)
    return report


def source_holds_start(
    *,
    corporation: Corporation,
    kind: str,
    sources: Sequence[tuple[int, int]],
    prefix: str,
    reason: str,
    as_of: date,
    actor: User | str | None,
) -> int:
    """Holds another domain owns (a hand-over: "overgedragen"), one per (contract id, source id); the flows
    of those contracts hold at once. The run's sync leaves them alone: only their owner releases them."""
    if not sources:
        return 0
    with transaction.atomic():
        Hold.objects.bulk_create(
            [
                Hold(
                    corporation=corporation,
                    contract_id=contract_id,
                    kind=kind,
                    source_key=f"{prefix}{source_id}",
                    source_id=source_id,
                    reason=reason[:300],
                    starts_on=as_of,
                    created_by=_actor_label(actor)[:150],
                )
                for contract_id, source_id in sources
            ],
            ignore_conflicts=True,
        )
        _apply_now(corporation=corporation, contract_ids=[c for c, _ in sources], as_of=as_of)
    return len(sources)


def source_holds_release(
    *,
    corporation: Corporation,
    kind: str,
    source_ids: Sequence[int],
    reason: str,
    as_of: date,
    actor: User | str | None,
) -> int:
    """Releases the holds `source_holds_start` made for these sources; their flows resume at once unless
    another hold remains."""
    if not source_ids:
        return 0
    with transaction.atomic():
        held = Hold.objects.filter(
            corporation=corporation, kind=kind, source_id__in=list(source_ids), released_on__isnull=True
        )
        contract_ids = list(held.values_list("contract_id", flat=True))
        released = held.update(released_on=as_of, release_reason=reason[:300])
        _apply_now(corporation=corporation, contract_ids=contract_ids, as_of=as_of)
    return released
