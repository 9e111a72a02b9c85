"""Continuing a contract's standing from the state the full recompute kept (services/continuation.py).

Pure: takes the kept state, the entries appended since and the debits from the kept positions on, and
returns the standing's new columns, or None when the appended entries are not a pure append (the caller
then recomputes the contract whole). The same rules as the SQL in services/standing.py, step for step.

A standing of an earlier day continues to a later one: what the day changes is read from the open debits
(overdue, days late of the unpaid), the kept list of the window's paid invoices (those whose due date the
window leaves behind drop out) and the debits due since the standing's day that were paid by then (they
enter the window paid on time: their payment came on or before that day, so before their due date).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

TOLERANCE = Decimal("0.005")  # an item counts as open above half a cent (SQLite sums money as floats)
EPOCH = date(1970, 1, 1)
KEY_DAY = 10**12  # entry ids stay below it
KEY_RANK = 10**17
CLAIM_RANK = {"collection_costs": 0, "interest": 1}
NOT_BEHAVIOUR = ("collection_costs", "interest")


def alloc_key(category: str, due_date: date, entry_id: int) -> int:
    return CLAIM_RANK.get(category, 2) * KEY_RANK + (due_date - EPOCH).days * KEY_DAY + entry_id


def sweep_key(due_date: date, entry_id: int) -> int:
    return (due_date - EPOCH).days * KEY_DAY + entry_id


@dataclass
class Row:
    id: int
    contract_id: int
    kind: str
    category: str
    amount: Decimal
    due_date: date
    booking_date: date = EPOCH
    applied: Decimal = Decimal("0")

    @property
    def is_debit(self) -> bool:
        return self.amount > 0 and self.kind != "reversal"


@dataclass
class State:
    contract_id: int
    as_of: date
    window_start: date
    balance: Decimal
    reversals: int
    mark: int
    entries: int
    alloc_from: int
    alloc_settled: Decimal
    sweep_from: int
    sweep_level: Decimal
    sweep_reached: Decimal | None
    credit_total: Decimal
    last_credit_date: date | None
    window_paid: list[tuple[int, int]] = field(default_factory=list)  # (days since 1970 due, days late)
    next_booking: date | None = None
    reversals_leaving: int = 0  # the window's reversals booked before its new start
    new: list[Row] = field(default_factory=list)
    tail: list[Row] = field(default_factory=list)


def continued(state: State, as_of: date, window_start: date, mark: int) -> list | None:
    """The standing's new columns, or None when the entries since are not a pure append."""
    if state.next_booking is not None and state.next_booking <= as_of:
        return None  # a credit booked after the standing's day counts from this day on
    credits = sorted(
        (e for e in state.new if not e.is_debit and e.booking_date <= as_of),
        key=lambda e: (e.booking_date, e.id),
    )
    if credits and state.last_credit_date is not None and credits[0].booking_date < state.last_credit_date:
        return None  # booked before a payment already swept
    for entry in state.new:
        if entry.id >= KEY_DAY:
            return None
        if entry.is_debit and (
            alloc_key(entry.category, entry.due_date, entry.id) < state.alloc_from
            or sweep_key(entry.due_date, entry.id) < state.sweep_from
        ):
            return None  # a debit inserted before a kept position
    balance = state.balance + sum((e.amount for e in state.new), Decimal("0"))
    allocation = _allocation(state, balance, as_of)
    sweep = _sweep(state, credits, as_of, window_start)
    if allocation is None or sweep is None:
        return None
    reversals = (
        state.reversals
        - state.reversals_leaving
        + sum(1 for e in state.new if e.kind == "reversal" and window_start <= e.booking_date <= as_of)
    )
    after_day = [e.booking_date for e in state.new if not e.is_debit and e.booking_date > as_of]
    next_booking = min([*after_day, *([state.next_booking] if state.next_booking else [])], default=None)
    return [state.contract_id, balance, *allocation[:3], *sweep[:5], reversals, mark, state.entries,
            *allocation[3:], *sweep[5:], next_booking]  # fmt: skip


def _allocation(state: State, balance: Decimal, as_of: date) -> list | None:
    """overdue, oldest, open items; alloc_from, alloc_settled. None when the covered prefix reopens."""
    tail = sorted(
        (e for e in state.tail if alloc_key(e.category, e.due_date, e.id) >= state.alloc_from),
        key=lambda e: alloc_key(e.category, e.due_date, e.id),
    )
    effective = [e.amount - min(max(e.applied, Decimal("0")), e.amount) for e in tail]
    pool = state.alloc_settled + sum(effective, Decimal("0")) - balance
    if state.alloc_settled - pool > TOLERANCE:
        return None  # credit taken back (a reversal, a charge) reaches into the covered prefix
    overdue, oldest, open_items = Decimal("0"), None, 0
    settled, first_open = state.alloc_settled, None
    cum = state.alloc_settled
    for entry, amount in zip(tail, effective, strict=True):
        cum += amount
        beyond = cum - pool
        open_amount = Decimal("0") if beyond <= 0 else min(beyond, amount)
        if open_amount > TOLERANCE:
            open_items += 1
            if entry.due_date < as_of:
                overdue += open_amount
                oldest = entry.due_date if oldest is None else min(oldest, entry.due_date)
        if beyond > TOLERANCE:
            if first_open is None:
                first_open = alloc_key(entry.category, entry.due_date, entry.id)
        else:
            settled += amount
    if first_open is None:
        first_open = (
            alloc_key(tail[-1].category, tail[-1].due_date, tail[-1].id) + 1 if tail else state.alloc_from
        )
    return [overdue, oldest, open_items, first_open, settled]


def _sweep(state: State, credits: list[Row], as_of: date, window_start: date) -> list | None:
    """invoices, on-time share's parts, average's parts, max late, late; the sweep's state. None: not an append."""
    tail = sorted(
        (e for e in state.tail if sweep_key(e.due_date, e.id) >= state.sweep_from),
        key=lambda e: sweep_key(e.due_date, e.id),
    )
    reached_before = state.sweep_reached
    running, reached = state.credit_total, reached_before
    steps: list[tuple[Decimal, date]] = []
    for credit in credits:
        running -= credit.amount
        reached = running if reached is None else max(reached, running)
        steps.append((reached, credit.booking_date))  # type: ignore[arg-type]
    first_day = (window_start - EPOCH).days
    paid = [(due, late) for due, late in state.window_paid if due >= first_day]
    paid += [
        ((e.due_date - EPOCH).days, 0)
        for e in state.tail
        if sweep_key(e.due_date, e.id) < state.sweep_from
        and counts_as_behaviour(e)
        and max(state.as_of, window_start) <= e.due_date < as_of
    ]
    unpaid_count, unpaid_late, unpaid_max = 0, 0, 0
    level, first_unpaid = state.sweep_level, None
    cum = state.sweep_level
    for entry in tail:
        cum += entry.amount
        target = cum - TOLERANCE
        in_window = counts_as_behaviour(entry) and window_start <= entry.due_date < as_of
        if reached_before is not None and reached_before >= target:
            if in_window:
                return None  # reached by a payment already swept, whose date is not kept
            # Paid ahead (a charge, or an invoice not yet due): its day only counts once it is in the
            # window, and then it is on time (paid by this standing's day, before its due date).
            level = cum
            continue
        paid_on = next((day for value, day in steps if value >= target), None)
        if paid_on is not None:
            level = cum
            if in_window:
                paid.append(((entry.due_date - EPOCH).days, max((paid_on - entry.due_date).days, 0)))
        else:
            if first_unpaid is None:
                first_unpaid = sweep_key(entry.due_date, entry.id)
            if in_window:
                late = (as_of - entry.due_date).days
                unpaid_count += 1
                unpaid_late += late
                unpaid_max = max(unpaid_max, late)
    if first_unpaid is None:
        first_unpaid = sweep_key(tail[-1].due_date, tail[-1].id) + 1 if tail else state.sweep_from
    paid_invoices, paid_on_time = len(paid), sum(1 for _, late in paid if late == 0)
    paid_days_late, paid_max_late = sum(late for _, late in paid), max((late for _, late in paid), default=0)
    invoices = paid_invoices + unpaid_count
    last_credit = credits[-1].booking_date if credits else state.last_credit_date
    return [
        invoices, paid_on_time, paid_days_late + unpaid_late, max(paid_max_late, unpaid_max),
        invoices - paid_on_time,
        first_unpaid, level, reached, running, last_credit, paid_invoices, paid_on_time, paid_days_late,
        paid_max_late, window_paid_text(paid),
    ]  # fmt: skip


def counts_as_behaviour(entry: Row) -> bool:
    """An invoice of the rent or the charges: costs and interest we charged say nothing new."""
    return entry.kind == "invoice" and entry.category not in NOT_BEHAVIOUR


def window_paid_text(paid: list[tuple[int, int]]) -> str:
    """As the full recompute joins them (sorted as text, as PostgreSQL's "C" collation does)."""
    return ",".join(sorted(f"{due}:{late}" for due, late in paid))


def window_paid_parsed(text: str) -> list[tuple[int, int]]:
    return [(int(due), int(late)) for due, late in (item.split(":") for item in text.split(",") if item)]
