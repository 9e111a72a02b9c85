"""Writing the compact history: the daily run records the day's standing of every contract in the month's
row (one statement), and months before the first run are reconstructed from the ledger (one statement per
month). Both are set-based: the number of queries does not grow with the portfolio.
"""

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.flows.models import ContractSegment, Enrollment, Hold, StepRun
from vangnet.ledger.models import Contract, ContractStanding, LedgerEntry, Unit
from vangnet.ledger.services.standing import CENT_TOLERANCE, open_items_sql
from vangnet.reports.models import ContractMonth, HistorySource, MonthTotal

HISTORY = sql.table(ContractMonth)
CONTRACTS = sql.table(Contract)
STANDINGS = sql.table(ContractStanding)
ENTRIES = sql.table(LedgerEntry)
UNITS = sql.table(Unit)
TOTALS = sql.table(MonthTotal)

COLUMNS = (
    "corporation_id, contract_id, month, recorded_on, source, departed, monthly_rent, balance, "
    "overdue_amount, oldest_overdue_date, overdue_1_30, overdue_31_60, overdue_61_90, overdue_91_180, "
    "overdue_over_180, segment_id, flow_id, step_id, held, municipality, neighbourhood, complex_code, "
    "unit_kind"
)
UNIT_COLUMNS = "u.municipality, u.neighbourhood, u.complex_code, u.kind"
# (column, lowest age in days, highest age in days or None): the ageing buckets, in order.
BUCKETS = (
    ("overdue_1_30", 1, 30),
    ("overdue_31_60", 31, 60),
    ("overdue_61_90", 61, 90),
    ("overdue_91_180", 91, 180),
    ("overdue_over_180", 181, None),
)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _day(value: date) -> str:
    return sql.date_param("as_of")


def _bucket_sums(age: str) -> str:
    parts = []
    for column, low, high in BUCKETS:
        condition = f"{age} >= {low}" + (f" AND {age} <= {high}" if high is not None else "")
        parts.append(f"SUM(CASE WHEN {condition} THEN open_amount ELSE 0 END) AS {column}")
    return ",\n        ".join(parts)


def history_record(*, corporation: Corporation, as_of: date) -> int:
    """The day's standing of every contract into this month's rows, replacing what an earlier day of the
    month wrote. Reads the standings as the daily run left them; returns the rows written."""
    day = _day(as_of)
    # The contracts in arrears as a list of numbers, not a subquery: PostgreSQL then reads their entries by
    # the (contract, due date) index instead of scanning the whole ledger twice (5.3 s at 100,000 tenancies).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contract_id FROM {STANDINGS} WHERE corporation_id = %s AND overdue_amount > 0",
            [corporation.pk],
        )
        in_arrears_ids = ", ".join(str(int(row[0])) for row in cursor.fetchall())
    in_arrears = f"AND contract_id IN ({in_arrears_ids})" if in_arrears_ids else "AND 1 = 0"
    age = sql.days_between(day, "due_date")
    last_step = (
        f"(SELECT r.step_id FROM {sql.table(StepRun)} r WHERE r.enrollment_id = e.id AND r.outcome = 'done' "
        "ORDER BY r.run_on DESC, r.id DESC LIMIT 1)"
    )
    held = (
        f"EXISTS (SELECT 1 FROM {sql.table(Hold)} h WHERE h.contract_id = c.id AND h.released_on IS NULL "
        f"AND h.starts_on <= {day} AND (h.ends_on IS NULL OR h.ends_on >= {day}))"
    )
    statement = f"""
    WITH items AS ({open_items_sql(in_arrears)}),
    aged AS (
        SELECT contract_id,
        {_bucket_sums("age")}
        FROM (SELECT contract_id, open_amount, {age} AS age FROM items
              WHERE open_amount > {CENT_TOLERANCE} AND due_date < {day}) overdue_items
        GROUP BY contract_id
    )
    INSERT INTO {HISTORY} ({COLUMNS})
    SELECT c.corporation_id, c.id, %(month)s, {day}, '{HistorySource.RUN}',
           CASE WHEN c.end_date IS NOT NULL AND c.end_date < {day} THEN true ELSE false END,
           c.monthly_rent + c.monthly_service_costs, s.balance, s.overdue_amount, s.oldest_overdue_date,
           COALESCE(a.overdue_1_30, 0), COALESCE(a.overdue_31_60, 0), COALESCE(a.overdue_61_90, 0),
           COALESCE(a.overdue_91_180, 0), COALESCE(a.overdue_over_180, 0),
           cs.segment_id, e.flow_id, {last_step}, {held}, {UNIT_COLUMNS}
    FROM {CONTRACTS} c
    JOIN {UNITS} u ON u.id = c.unit_id
    JOIN {STANDINGS} s ON s.contract_id = c.id
    LEFT JOIN aged a ON a.contract_id = c.id
    LEFT JOIN {sql.table(ContractSegment)} cs ON cs.contract_id = c.id
    LEFT JOIN {sql.table(Enrollment)} e ON e.contract_id = c.id AND e.status IN ('active', 'held')
    WHERE c.corporation_id = %(corporation)s
      AND ((c.start_date <= {day} AND (c.end_date IS NULL OR c.end_date >= {day})) OR s.balance <> 0)
    """
    params: dict[str, int | str] = {
        "corporation": corporation.pk,
        "as_of": as_of.isoformat(),
        "month": month_end(as_of).isoformat(),
    }
    # Without PostgreSQL's JIT: its cost estimate (the correlated look-ups) has it compiled, and compiling
    # took 2.8 of the statement's 5.8 s at 30,000 tenancies (docs/benchmarks.md).
    with transaction.atomic(), sql.without_jit(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {HISTORY} WHERE corporation_id = %(corporation)s AND month = %(month)s", params
        )
        cursor.execute(statement, params)
        written = max(cursor.rowcount, 0)
        _write_totals(cursor, corporation, [month_end(as_of)])
    sql.analyse(ContractMonth)
    return written


def _write_totals(cursor, corporation: Corporation, months: list[date]) -> None:
    """The months' totals (`MonthTotal`) from their history rows, replacing earlier ones: two statements
    whatever the number of months or contracts."""
    if not months:
        return
    marks = ", ".join(["%s"] * len(months))
    days = [month.isoformat() for month in months]
    cursor.execute(
        f"DELETE FROM {TOTALS} WHERE corporation_id = %s AND month IN ({marks})", [corporation.pk, *days]
    )
    cursor.execute(
        f"""
        INSERT INTO {TOTALS} (corporation_id, month, recorded_on, contracts, balance, overdue_amount,
                              overdue_current, overdue_departed, monthly_rent)
        SELECT corporation_id, month, MAX(recorded_on),
               SUM(CASE WHEN overdue_amount > 0 THEN 1 ELSE 0 END), COALESCE(SUM(balance), 0),
               COALESCE(SUM(overdue_amount), 0),
               COALESCE(SUM(CASE WHEN departed THEN 0 ELSE overdue_amount END), 0),
               COALESCE(SUM(CASE WHEN departed THEN overdue_amount ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN departed THEN 0 ELSE monthly_rent END), 0)
        FROM {HISTORY}
        WHERE corporation_id = %s AND month IN ({marks})
        GROUP BY corporation_id, month
        """,
        [corporation.pk, *days],
    )


def history_backfill(*, corporation: Corporation, as_of: date, months: int) -> list[date]:
    """Reconstructs the month ends of the `months` months before `as_of`'s month that have no rows yet,
    from the ledger as it was booked by then. Returns the months written, oldest first.

    The balance is exact (every entry booked by the month's end). The overdue amount assumes credit settles
    the oldest items first: what is open is the newest debt, so the part not yet due by the month's end is
    taken off the balance. Rent is the contract's current rent (the ledger keeps no rent history). Dossier,
    segment, hold and ageing are unknown for such months and left empty.
    """
    first = month_end(as_of.replace(day=1) - relativedelta(months=months))
    wanted = [month_end(first + relativedelta(months=n)) for n in range(months)]
    present = set(
        ContractMonth.objects.filter(corporation=corporation, month__in=wanted)
        .values_list("month", flat=True)
        .distinct()
    )
    written = []
    with transaction.atomic():
        for month in wanted:
            if month in present:
                continue
            _backfill_month(corporation, month)
            written.append(month)
        with connection.cursor() as cursor:
            _write_totals(cursor, corporation, written)
    if written:
        sql.analyse(ContractMonth)
    return written


def _backfill_month(corporation: Corporation, month: date) -> None:
    day = _day(month)
    debit = "(amount > 0 AND kind <> 'reversal')"
    statement = f"""
    WITH booked AS (
        SELECT contract_id, SUM(amount) AS balance,
               SUM(CASE WHEN {debit} AND due_date >= {day} THEN amount ELSE 0 END) AS not_due
        FROM {ENTRIES}
        WHERE corporation_id = %(corporation)s AND booking_date <= {day}
        GROUP BY contract_id
    )
    INSERT INTO {HISTORY} ({COLUMNS})
    SELECT c.corporation_id, c.id, {day}, {day}, '{HistorySource.LEDGER}',
           CASE WHEN c.end_date IS NOT NULL AND c.end_date < {day} THEN true ELSE false END,
           c.monthly_rent + c.monthly_service_costs, ROUND(COALESCE(b.balance, 0), 2),
           CASE WHEN COALESCE(b.balance, 0) - COALESCE(b.not_due, 0) > 0
                THEN ROUND(COALESCE(b.balance, 0) - COALESCE(b.not_due, 0), 2) ELSE 0 END,
           NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, false, {UNIT_COLUMNS}
    FROM {CONTRACTS} c
    JOIN {UNITS} u ON u.id = c.unit_id
    LEFT JOIN booked b ON b.contract_id = c.id
    WHERE c.corporation_id = %(corporation)s
      AND ((c.start_date <= {day} AND (c.end_date IS NULL OR c.end_date >= {day}))
           OR COALESCE(b.balance, 0) <> 0)
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, {"corporation": corporation.pk, "as_of": month.isoformat()})
