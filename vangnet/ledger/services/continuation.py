"""Standings continued from the standing before: appended entries update it without re-reading history.

The full recompute (services/standing.py) keeps per contract where its three passes stood: the allocation's
covered prefix (every debit before `alloc_from` in allocation order is fully covered; `alloc_settled` is
their effective total), the payment sweep's reached prefix (every debit before `sweep_from` in due order
was reached by the payments; `sweep_level` is their total, `sweep_reached` the highest running credit total,
`credit_total` the running total, `last_credit_date` the last credit's booking date), the window's paid
invoices' facts (`paid_*`), and which entries it saw (`state_mark`: the highest entry id then,
`state_entries`: the contract's entries then).

A contract is continued when its standing is of the same day or an earlier one (its window not starting
later than the day's, no credit booked after its day by now) and every entry since is an append after the kept positions: no new debit before either position, no credit booked before
the last credit, no link (or reversal of a linked payment) reaching a debit in the covered prefix or in
another contract, the prefix still covered by the new pool, no new debit reached by a payment already
counted, and the contract's entry count equal to the entries seen plus the new ones (entries committed out
of id order or purged). Every other contract is recomputed whole; both give the same standing (a property
test compares them). Reads: the states, the new entries with what they link to, the entry counts, and the
debits from the kept positions on, each one statement for all contracts; writes in batches of 500.
"""

from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.continuing import (
    EPOCH,
    KEY_DAY,
    KEY_RANK,
    Row,
    State,
    alloc_key,
    continued,
    window_paid_parsed,
)
from vangnet.ledger.models import Contract, ContractStanding, LedgerEntry

ENTRIES = sql.table(LedgerEntry)
CONTRACTS = sql.table(Contract)
STANDINGS = sql.table(ContractStanding)

# An item counts as open above half a cent; SQLite sums money as floating point.
CENT_TOLERANCE = "0.005"
CENT = Decimal("0.01")
BATCH = 500

STANDING_COLUMNS = [
    "corporation_id", "contract_id", "as_of", "balance", "overdue_amount", "oldest_overdue_date",
    "open_items", "invoices_in_window", "paid_on_time_share", "average_days_late", "max_days_late",
    "reversals_in_window", "late_in_window", "state_mark", "state_entries", "state_window_start",
    "alloc_from", "alloc_settled", "sweep_from", "sweep_level", "sweep_reached", "credit_total",
    "last_credit_date", "paid_invoices", "paid_on_time", "paid_days_late", "paid_max_late", "window_paid",
    "next_booking_date",
]  # fmt: skip


def behaviour_window_start(corporation: Corporation, as_of: date) -> date:
    return as_of - relativedelta(months=corporation.behaviour_window_months)


def window_params(corporation: Corporation, as_of: date) -> dict[str, int | str]:
    """%(corporation)s, %(as_of)s and %(window_start)s of the standings' statements."""
    window_start = behaviour_window_start(corporation, as_of)
    return {
        "corporation": corporation.pk,
        "as_of": as_of.isoformat(),
        "window_start": window_start.isoformat(),
    }


def _money(value: object) -> Decimal:
    if type(value) is Decimal:
        return value.quantize(CENT)  # PostgreSQL's numeric (a third of the cost of looking at its exponent)
    return Decimal(str(value)).quantize(CENT)  # SQLite's floating point sums


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def standings_continue(*, corporation: Corporation, as_of: date, contract_ids: Collection[int]) -> set[int]:
    """Continues the standings that only need appended entries; returns the contracts left to recompute."""
    wanted = {int(pk) for pk in contract_ids}
    if not wanted:
        return set()
    window_start = behaviour_window_start(corporation, as_of)
    states = _states(corporation, as_of, window_start, wanted)
    if not states:
        return wanted
    counts = _counts(states)
    mark = _new_entries(corporation, states)
    for contract_id in [c for c, s in states.items() if s.entries + len(s.new) != counts.get(c, 0)]:
        del states[contract_id]
    for state in states.values():
        state.entries = counts.get(state.contract_id, 0)
    _reversals_leaving(corporation, states, window_start)
    _read_tails(states, as_of)
    rows = []
    for state in list(states.values()):
        row = continued(state, as_of, window_start, mark)
        if row is None:
            del states[state.contract_id]
        else:
            rows.append(row)
    _write(corporation, as_of, window_start, rows)
    return wanted - set(states)


def _states(corporation: Corporation, as_of: date, window_start: date, wanted: set[int]) -> dict[int, State]:
    ids = ", ".join(str(pk) for pk in sorted(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contract_id, balance, reversals_in_window, state_mark, state_entries, alloc_from, "
            "alloc_settled, sweep_from, sweep_level, sweep_reached, credit_total, last_credit_date, "
            "as_of, state_window_start, window_paid, next_booking_date "
            f"FROM {STANDINGS} WHERE corporation_id = %s AND contract_id IN ({ids}) AND as_of <= %s "
            "AND state_window_start <= %s AND state_mark IS NOT NULL AND window_paid IS NOT NULL",
            [corporation.pk, as_of.isoformat(), window_start.isoformat()],
        )
        found = cursor.fetchall()
    states = {}
    for r in found:
        states[r[0]] = State(
            contract_id=r[0], balance=_money(r[1]), reversals=r[2], mark=r[3], entries=r[4],
            alloc_from=r[5], alloc_settled=_money(r[6]), sweep_from=r[7], sweep_level=_money(r[8]),
            sweep_reached=None if r[9] is None else _money(r[9]), credit_total=_money(r[10]),
            last_credit_date=None if r[11] is None else _date(r[11]), as_of=_date(r[12]),
            window_start=_date(r[13]), window_paid=window_paid_parsed(r[14]),
            next_booking=None if r[15] is None else _date(r[15]),
        )  # fmt: skip
    return states


def _counts(states: dict[int, State]) -> dict[int, int]:
    ids = ", ".join(str(pk) for pk in sorted(states))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contract_id, COUNT(*) FROM {ENTRIES} WHERE contract_id IN ({ids}) GROUP BY contract_id"
        )
        return dict(cursor.fetchall())


def entries_since_sql(ids: str, *, join: str = "", second_link_of_reversals_only: bool = False) -> str:
    """FROM and WHERE over the corporation's entries `n` after %(since)s up to %(mark)s that belong to the
    contracts `ids` or reach one of their entries through a link: `t` the entry n links to, `tt` the one t
    links to (a reversal's, through the payment it reverses; with `second_link_of_reversals_only`, only
    when n is a reversal). Each link is probed per entry (sql.probe_join); `join` adds another join on n.
    Parameters %(corporation)s, %(since)s, %(mark)s."""
    second = "tt.id = t.linked_entry_id" + (
        " AND n.kind = 'reversal'" if second_link_of_reversals_only else ""
    )
    return (
        f"FROM {ENTRIES} n {join} {sql.probe_join(ENTRIES, 't', 't.id = n.linked_entry_id')} "
        f"{sql.probe_join(ENTRIES, 'tt', second)} "
        "WHERE n.corporation_id = %(corporation)s AND n.id > %(since)s AND n.id <= %(mark)s "
        f"AND (n.contract_id IN ({ids}) OR t.contract_id IN ({ids}) OR tt.contract_id IN ({ids}))"
    )


def _new_entries(corporation: Corporation, states: dict[int, State]) -> int:
    """Attaches each contract's entries since its mark; drops the contracts a new link reaches back into.

    Returns the highest entry id before reading them: the mark of the continued standings (an entry
    committed in between is seen twice at worst, and the count check then recomputes its contract).
    """
    ids = ", ".join(str(pk) for pk in sorted(states))
    since = min(state.mark for state in states.values())
    link = "{t}.id, {t}.contract_id, {t}.kind, {t}.category, {t}.amount, {t}.due_date"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ENTRIES}")
        mark = max(cursor.fetchone()[0], since)
        # What a new entry links to, and what that links to when the new entry is a reversal: a debit
        # reached there changes effective amount.
        cursor.execute(
            f"SELECT n.id, n.contract_id, n.kind, n.category, n.amount, n.due_date, n.booking_date, "
            f"{link.format(t='t')}, {link.format(t='tt')} "
            f"{entries_since_sql(ids, second_link_of_reversals_only=True)}",
            {"corporation": corporation.pk, "since": since, "mark": mark},
        )
        found = cursor.fetchall()
    broken: set[int] = set()
    for r in found:
        entry = Row(r[0], r[1], r[2], r[3], _money(r[4]), _date(r[5]), _date(r[6]))
        owner = states.get(entry.contract_id)
        if owner is not None and entry.id > owner.mark:
            owner.new.append(entry)
        target = _debit(r[7:13]) if entry.amount < 0 else None
        if entry.kind == "reversal" and r[7] is not None and _money(r[11]) < 0:
            target = _debit(r[13:19])
        if target is None or target.contract_id not in states:
            continue
        reached = states[target.contract_id]
        if (
            entry.id > reached.mark
            and target.id <= reached.mark
            and (
                target.contract_id != entry.contract_id
                or alloc_key(target.category, target.due_date, target.id) < reached.alloc_from
            )
        ):
            broken.add(target.contract_id)
    for contract_id in broken:
        del states[contract_id]
    return mark


def _debit(values: tuple) -> Row | None:
    if values[0] is None:
        return None
    row = Row(values[0], values[1], values[2], values[3], _money(values[4]), _date(values[5]))
    return row if row.is_debit else None


def _reversals_leaving(corporation: Corporation, states: dict[int, State], window_start: date) -> None:
    """Counts per standing of an earlier day the reversals it counted that the window now leaves behind."""
    moved = [state for state in states.values() if state.window_start < window_start]
    if not moved:
        return
    with connection.cursor() as cursor:
        # By the partial index on reversals' booking dates: a day's worth of the corporation's reversals.
        cursor.execute(
            f"SELECT id, contract_id, booking_date FROM {ENTRIES} WHERE corporation_id = %s "
            "AND kind = 'reversal' AND booking_date >= %s AND booking_date < %s",
            [corporation.pk, min(s.window_start for s in moved).isoformat(), window_start.isoformat()],
        )
        for entry_id, contract_id, booked in cursor.fetchall():
            state = states.get(contract_id)
            booked = _date(booked)
            if state is not None and entry_id <= state.mark and state.window_start <= booked <= state.as_of:
                state.reversals_leaving += 1


def _read_tails(states: dict[int, State], as_of: date) -> None:
    """The debits from the kept positions on (with what linked payments settled of each), per contract, and
    those due since an earlier standing's day (paid by then, they enter the window paid on time)."""
    if not states:
        return
    bounds = []
    for state in states.values():
        days = [state.sweep_from // KEY_DAY]
        if state.as_of < as_of:
            days.append((state.as_of - EPOCH).days)
        if state.alloc_from >= 2 * KEY_RANK:
            days.append((state.alloc_from - 2 * KEY_RANK) // KEY_DAY)
        else:
            days.append(0)
        bounds.append((state.contract_id, min(days)))
    reversed_credit = (
        f"COALESCE((SELECT SUM(r.amount) FROM {ENTRIES} r WHERE r.linked_entry_id = c.id "
        "AND r.kind = 'reversal'), 0)"
    )
    applied = (
        f"COALESCE((SELECT SUM(-c.amount - {reversed_credit}) FROM {ENTRIES} c "
        "WHERE c.linked_entry_id = e.id AND c.amount < 0), 0)"
    )
    for chunk in _chunks(bounds, BATCH):
        values = ", ".join(f"({contract_id}, {_date_literal(EPOCH, days)})" for contract_id, days in chunk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH b(contract_id, from_date) AS (VALUES {values}) "
                f"SELECT e.id, e.contract_id, e.kind, e.category, e.amount, e.due_date, {applied} "
                f"FROM b JOIN {ENTRIES} e ON e.contract_id = b.contract_id AND e.due_date >= b.from_date "
                "WHERE e.amount > 0 AND e.kind <> 'reversal'"
            )
            for r in cursor.fetchall():
                row = Row(r[0], r[1], r[2], r[3], _money(r[4]), _date(r[5]), applied=_money(r[6]))
                states[row.contract_id].tail.append(row)


def _date_literal(base: date, days: int) -> str:
    day = date.fromordinal(base.toordinal() + days).isoformat() if days > 0 else "0001-01-01"
    return f"DATE '{day}'" if sql.is_postgres() else f"'{day}'"


def _chunks[T](items: list[T], size: int) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(corporation: Corporation, as_of: date, window_start: date, rows: list[list]) -> None:
    """One upsert per batch; the rounded columns come from the same SQL expressions as the full recompute."""
    names = [
        "contract_id", "balance", "overdue", "oldest", "open_items", "invoices", "on_time", "days_late",
        "max_late", "late", "reversals", "mark", "entries", "alloc_from", "alloc_settled", "sweep_from",
        "sweep_level", "sweep_reached", "credit_total", "last_credit", "paid_invoices", "paid_on_time",
        "paid_days_late", "paid_max_late", "window_paid", "next_booking",
    ]  # fmt: skip
    types = {"window_paid": "text", "next_booking": "date", "balance": "numeric", "overdue": "numeric", "alloc_settled": "numeric", "sweep_level": "numeric",
             "sweep_reached": "numeric", "credit_total": "numeric", "oldest": "date", "last_credit": "date",
             "alloc_from": "bigint", "sweep_from": "bigint", "mark": "bigint"}  # fmt: skip

    def v(name: str) -> str:
        kind = types.get(name, "integer")
        return f"CAST(v.{name} AS {kind})" if sql.is_postgres() else f"v.{name}"

    as_of_sql = "CAST(%s AS date)" if sql.is_postgres() else "%s"
    for chunk in _chunks(rows, BATCH):
        # Literals, not parameters: the values are numbers and dates we computed, and binding 12,000
        # parameters per statement cost more on the client than the statements on the server.
        values = ", ".join("(" + ", ".join(_literal(x) for x in row) + ")" for row in chunk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v({', '.join(names)}) AS (VALUES {values}) "
                f"INSERT INTO {STANDINGS} ({', '.join(STANDING_COLUMNS)}) "
                f"SELECT %s, {v('contract_id')}, {as_of_sql}, {v('balance')}, {v('overdue')}, {v('oldest')}, "
                f"{v('open_items')}, {v('invoices')}, "
                f"CASE WHEN v.invoices > 0 THEN ROUND(1.0 * {v('on_time')} / {v('invoices')}, 4) END, "
                f"CASE WHEN v.invoices > 0 THEN ROUND(1.0 * {v('days_late')} / {v('invoices')}, 2) ELSE 0 END, "
                f"{v('max_late')}, {v('reversals')}, {v('late')}, {v('mark')}, {v('entries')}, {as_of_sql}, "
                f"{v('alloc_from')}, {v('alloc_settled')}, {v('sweep_from')}, {v('sweep_level')}, "
                f"{v('sweep_reached')}, {v('credit_total')}, {v('last_credit')}, {v('paid_invoices')}, "
                f"{v('paid_on_time')}, {v('paid_days_late')}, {v('paid_max_late')}, {v('window_paid')}, "
                f"{v('next_booking')} "
                "FROM v WHERE true "
                "ON CONFLICT (contract_id) DO UPDATE SET "
                + ", ".join(f"{column} = excluded.{column}" for column in STANDING_COLUMNS[2:]),
                [corporation.pk, as_of.isoformat(), window_start.isoformat()],
            )


def _literal(value: object) -> str:
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is Decimal:
        return format(value, "f")
    if kind is str:
        return "'" + str(value).replace("'", "''") + "'"
    if value is None:
        return "NULL"
    if kind is date:
        return f"DATE '{value}'" if sql.is_postgres() else f"'{value}'"
    raise TypeError(f"no literal for {value!r}")
