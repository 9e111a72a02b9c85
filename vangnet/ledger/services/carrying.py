"""Standings carried to a later day in one statement, for the contracts whose standing the day cannot change.

Most of a portfolio pays: nothing is open, every debit was reached by the payments, no payment is booked
ahead, no reversal counts in the window. For such a contract a new day changes its standing only when
something happened (an entry since the standing's mark, or an entry elsewhere linked to one of its debits)
or an invoice enters the behaviour window (due since the standing's day) or leaves it (due before the
window's new start). When none of that holds, the standing of the day is the standing of its day with the
day's date: one UPDATE carries all of them.

The day's most common event is of the same kind: a payment on a contract that owes nothing. When all that
happened to such a contract since its mark is credit (payments, credit corrections) booked by the day and
not before its last one, not linked to an item and not reversing anything, the payments only raise its
credit: the balance and the sweep's running total move by their sum, its reached level to the new total, the
last credit's date to theirs, and nothing else changes (the allocation has nothing left to cover, the sweep
no debit to reach). A second UPDATE carries those, the same day or a later one. Both give the same result as
continuing or recomputing (tests/ledger/test_standing_continuation.py); the others are continued or
recomputed.
"""

from collections.abc import Collection
from datetime import date

from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.services.continuation import (
    CENT_TOLERANCE,
    ENTRIES,
    STANDINGS,
    entries_since_sql,
    window_params,
)
from vangnet.ledger.services.ordering import (
    CLAIM_RANK,
    DAY_FACTOR,
    DEBIT,
    NOT_BEHAVIOUR,
    RANK_FACTOR,
    alloc_key,
    epoch_plus_days,
    sweep_key,
)

# An entry that only adds credit: not a debit, not a reversal, linked to nothing, booked by the day.
PLAIN_CREDIT = (
    "n.amount < 0 AND n.kind <> 'reversal' AND n.linked_entry_id IS NULL AND n.booking_date <= {day}"
)
# A charge or an invoice that is allocated and swept after everything before it (not costs or interest,
# which go first), linked to nothing, and not an invoice whose payment day the window would count.
PLAIN_DEBIT = (
    f"n.amount > 0 AND n.kind <> 'reversal' AND n.linked_entry_id IS NULL AND n.category NOT IN {NOT_BEHAVIOUR} "
    "AND NOT (n.kind = 'invoice' AND n.due_date >= {window} AND n.due_date < {day})"
)
# The standing's entry count still adds up (no entry committed out of id order, none purged).
ALL_COUNTED = f"(SELECT COUNT(*) FROM {ENTRIES} c WHERE c.contract_id = st.contract_id)"


def _to_the_day() -> str:
    """Every carry brings the standing to the day and marks the entries it has now seen."""
    return (
        f"as_of = {sql.date_param('as_of')}, state_window_start = {sql.date_param('window_start')}, "
        "state_mark = %(mark)s"
    )


def _id_list(ids: set[int]) -> str:
    return ", ".join(str(pk) for pk in sorted(ids))


def standings_carry_forward(
    *, corporation: Corporation, as_of: date, contract_ids: Collection[int]
) -> set[int]:
    """Carries the standings the day leaves as they were, or only credits; returns those carried."""
    wanted = {int(pk) for pk in contract_ids}
    if not wanted:
        return set()
    day, window = sql.date_param("as_of"), sql.date_param("window_start")
    params = window_params(corporation, as_of)
    ids = _id_list(wanted)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(state_mark), MAX(state_mark), MIN(CASE WHEN as_of < {day} THEN state_mark END), "
            f"(SELECT COALESCE(MAX(id), 0) FROM {ENTRIES}) FROM {STANDINGS} "
            f"WHERE corporation_id = %(corporation)s AND contract_id IN ({ids}) AND as_of <= {day}",
            params,
        )
        since, newest_mark, since_earlier, mark = cursor.fetchone()
        if since is None:
            return set()  # no standing kept
        # With one mark for all (after a full computation, or a day that refreshed all), every entry since
        # it is new to its contract's standing; otherwise each contract's own mark is looked up.
        is_new, own_mark = "1", ""
        if newest_mark != since:
            is_new = "CASE WHEN own.state_mark IS NULL OR n.id > own.state_mark THEN 1 ELSE 0 END"
            own_mark = sql.probe_join(STANDINGS, "own", "own.contract_id = n.contract_id")
        # Entries since the oldest mark, whether each is new to its own contract's standing (the marks
        # differ once a day's refresh touched some contracts and not others), and the contracts they reach
        # through a link (a reversal's through the payment it reverses): one read of the newest entries.
        cursor.execute(
            f"SELECT n.contract_id, t.contract_id, tt.contract_id, "
            f"CASE WHEN {PLAIN_CREDIT.format(day=day)} THEN 1 "
            f"WHEN {PLAIN_DEBIT.format(day=day, window=window)} THEN 2 ELSE 0 END, "
            f"{is_new} {entries_since_sql(ids, join=own_mark)}",
            {**params, "since": since, "mark": mark},
        )
        found = cursor.fetchall()
    # An entry its own contract's standing has already seen neither touches that contract nor says what
    # kind of day it had; one that links elsewhere touches the contract it reaches whatever that one's mark.
    new_to_own = [row for row in found if row[4]]
    linked = {contract_id for row in found for contract_id in row[1:3] if contract_id is not None}
    touched = linked | {row[0] for row in new_to_own}
    kinds: dict[int, set[int]] = {}
    for row in new_to_own:
        kinds.setdefault(row[0], set()).add(row[3])
    carried = set()
    if since_earlier is not None and wanted - touched:
        carried = _carry_quiet(params, wanted - touched, mark)
    payers = {pk for pk, seen in kinds.items() if seen == {1}} & wanted - linked
    if payers:
        carried |= _carry_credits(params, payers, since, mark)
    charged = {pk for pk, seen in kinds.items() if seen == {2}} & wanted - linked
    if charged:
        carried |= _carry_charge(params, charged, since, mark)
    return carried


def _day_leaves_it() -> str:
    """The conditions under which the day alone changes nothing (`st`: the standing)."""
    day, window = sql.date_param("as_of"), sql.date_param("window_start")
    invoice_due = (
        f"SELECT 1 FROM {ENTRIES} e WHERE e.contract_id = st.contract_id AND e.kind = 'invoice' "
        f"AND e.category NOT IN {NOT_BEHAVIOUR} AND e.due_date >= {{start}} AND e.due_date < {{end}}"
    )
    return (
        f"st.corporation_id = %(corporation)s AND st.as_of <= {day} AND st.state_window_start <= {window} "
        "AND st.state_mark IS NOT NULL AND st.window_paid IS NOT NULL AND st.next_booking_date IS NULL "
        "AND st.open_items = 0 AND st.reversals_in_window = 0 "
        # Every debit reached by the payments: the sweep stands at the debits' total.
        f"AND ABS(st.sweep_level - (st.balance + st.credit_total)) < {CENT_TOLERANCE} "
        f"AND NOT EXISTS ({invoice_due.format(start='st.state_window_start', end=window)}) "
        f"AND NOT EXISTS ({invoice_due.format(start='st.as_of', end=day)}) "
    )


def _carry_quiet(params: dict, quiet: set[int], mark: int) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {STANDINGS} AS st SET {_to_the_day()} "
            f"WHERE st.contract_id IN ({_id_list(quiet)}) AND st.as_of < {sql.date_param('as_of')} "
            f"AND {_day_leaves_it()} AND st.state_entries = {ALL_COUNTED} "
            "RETURNING contract_id",
            {**params, "mark": mark},
        )
        return {row[0] for row in cursor.fetchall()}


def _covered_all() -> str:
    """The allocation covered every debit it had seen: none at or after its first uncovered key (a rent
    item's key starts with its due date, so the index on (contract, due date) finds any in a short range)."""
    return (
        f"st.alloc_from >= {2 * RANK_FACTOR} AND NOT EXISTS (SELECT 1 FROM {ENTRIES} e "
        "WHERE e.contract_id = st.contract_id AND e.id <= st.state_mark "
        f"AND e.due_date >= {epoch_plus_days(f'(st.alloc_from - {2 * RANK_FACTOR}) / {DAY_FACTOR}')} "
        f"AND {DEBIT} AND {alloc_key(CLAIM_RANK, 'e.due_date', 'e.id')} >= st.alloc_from)"
    )


def _entries_since_mark(name: str, plain: str, columns: str) -> str:
    """Per contract asked for, its entries since its standing's mark: how many, `columns`, how many not plain."""
    return (
        f"(SELECT n.contract_id AS {name}, COUNT(*) AS entries, {columns}, "
        f"SUM(CASE WHEN {plain} THEN 0 ELSE 1 END) AS other "
        f"FROM {ENTRIES} n JOIN {STANDINGS} s ON s.contract_id = n.contract_id AND n.id > s.state_mark "
        "WHERE n.corporation_id = %(corporation)s AND n.id > %(since)s AND n.id <= %(mark)s "
        "AND n.contract_id IN ({ids}) "
        "GROUP BY n.contract_id) AS p "
    )


def _carry_credits(params: dict, payers: set[int], since: int, mark: int) -> set[int]:
    day = sql.date_param("as_of")
    running = "(st.credit_total - p.total)"
    new = _entries_since_mark(
        "payer_id",
        PLAIN_CREDIT.format(day=day),
        "SUM(n.amount) AS total, MIN(n.booking_date) AS first_booked, MAX(n.booking_date) AS last_booked",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {STANDINGS} AS st SET {_to_the_day()}, "
            "balance = ROUND(st.balance + p.total, 2), credit_total = ROUND(st.credit_total - p.total, 2), "
            f"sweep_reached = ROUND(CASE WHEN st.sweep_reached IS NULL OR st.sweep_reached < {running} "
            f"THEN {running} ELSE st.sweep_reached END, 2), "
            "last_credit_date = p.last_booked, state_entries = st.state_entries + p.entries "
            f"FROM {new.format(ids=_id_list(payers))}"
            f"WHERE st.contract_id = p.payer_id AND p.other = 0 AND {_day_leaves_it()} "
            "AND (st.last_credit_date IS NULL OR p.first_booked >= st.last_credit_date) "
            f"AND st.balance + p.total <= {CENT_TOLERANCE} AND {_covered_all()} "
            f"AND st.state_entries + p.entries = {ALL_COUNTED} "
            "RETURNING contract_id",
            {**params, "since": since, "mark": mark},
        )
        return {row[0] for row in cursor.fetchall()}


def _carry_charge(params: dict, charged: set[int], since: int, mark: int) -> set[int]:
    """One new debit after everything the standing had allocated and swept, on a contract that owed nothing:
    it is open for what the credit does not cover (overdue once due), or paid ahead when the payments had
    already reached beyond it; nothing else changes (its due date is not one the window counts)."""
    day, window = sql.date_param("as_of"), sql.date_param("window_start")
    new = _entries_since_mark(
        "charged_id",
        PLAIN_DEBIT.format(day=day, window=window),
        f"MAX(n.amount) AS amount, MAX(n.due_date) AS due_date, "
        f"MAX({alloc_key('2', 'n.due_date', 'n.id')}) AS alloc_key, MAX({sweep_key('n.due_date', 'n.id')}) AS sweep_key",
    )
    beyond = "(st.balance + p.amount)"  # what the credit does not cover
    opened = f"(CASE WHEN {beyond} <= 0 THEN 0 WHEN st.balance > 0 THEN p.amount ELSE {beyond} END)"
    is_open, overdue = f"{opened} > {CENT_TOLERANCE}", f"{opened} > {CENT_TOLERANCE} AND p.due_date < {day}"
    uncovered = f"{beyond} > {CENT_TOLERANCE}"
    paid_ahead = (
        f"st.sweep_reached IS NOT NULL AND st.sweep_reached >= st.sweep_level + p.amount - {CENT_TOLERANCE}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {STANDINGS} AS st SET {_to_the_day()}, "
            f"balance = ROUND({beyond}, 2), state_entries = st.state_entries + 1, "
            f"open_items = CASE WHEN {is_open} THEN 1 ELSE 0 END, "
            f"overdue_amount = ROUND(CASE WHEN {overdue} THEN {opened} ELSE 0 END, 2), "
            f"oldest_overdue_date = CASE WHEN {overdue} THEN p.due_date END, "
            f"alloc_from = CASE WHEN {uncovered} THEN p.alloc_key ELSE p.alloc_key + 1 END, "
            f"alloc_settled = ROUND(CASE WHEN {uncovered} THEN st.alloc_settled ELSE st.alloc_settled + p.amount END, 2), "
            f"sweep_from = CASE WHEN {paid_ahead} THEN p.sweep_key + 1 ELSE p.sweep_key END, "
            f"sweep_level = ROUND(CASE WHEN {paid_ahead} THEN st.sweep_level + p.amount ELSE st.sweep_level END, 2) "
            f"FROM {new.format(ids=_id_list(charged))}"
            f"WHERE st.contract_id = p.charged_id AND p.entries = 1 AND p.other = 0 AND {_day_leaves_it()} "
            f"AND st.balance <= {CENT_TOLERANCE} AND p.alloc_key >= st.alloc_from AND p.sweep_key >= st.sweep_from "
            f"AND {_covered_all()} AND st.state_entries + 1 = {ALL_COUNTED} "
            "RETURNING contract_id",
            {**params, "since": since, "mark": mark},
        )
        return {row[0] for row in cursor.fetchall()}
