"""Balances, open items and payment behaviour per contract, computed in SQL for a whole corporation at once.

Allocation follows art. 6:43 BW: a payment the source linked to an item settles that item first; all
other credit settles collection costs, then statutory interest (art. 6:44 BW), then the oldest due items
(ordered by due date, so items that are due come before items that are not). Payment behaviour looks at the invoices due in the window and asks, first in first
out, on which day the money that covered each one had arrived.
"""

from collections.abc import Collection
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, ContractStanding, LedgerEntry

ENTRIES = sql.table(LedgerEntry)
CONTRACTS = sql.table(Contract)
STANDINGS = sql.table(ContractStanding)

# An item counts as open above half a cent; SQLite sums money as floating point.
CENT_TOLERANCE = "0.005"
DEBIT = "(e.amount > 0 AND e.kind <> 'reversal')"
# Art. 6:44 BW: within a claim a payment goes to the costs first, then to the interest, then to the principal.
CLAIM_RANK = "CASE e.category WHEN 'collection_costs' THEN 0 WHEN 'interest' THEN 1 ELSE 2 END"


def open_items_sql(contract_filter: str = "") -> str:
    """Per debit item: its contract, due date, the contract's balance and the item's open amount.

    Parameters %(corporation)s. Links are looked up through the partial index on linked_entry_id, so the
    query is one pass over the corporation's entries plus a probe per item, on PostgreSQL and SQLite alike.
    """
    if sql.is_postgres() and not contract_filter:
        # PostgreSQL joins the corporation's linked credits by hash; a probe per item would cost more.
        links = f"""
    reversed AS (
        SELECT linked_entry_id AS credit_id, SUM(amount) AS amount FROM {ENTRIES}
        WHERE corporation_id = %(corporation)s AND kind = 'reversal' AND linked_entry_id IS NOT NULL
        GROUP BY linked_entry_id
    ),
    linked AS (
        SELECT c.linked_entry_id AS debit_id, SUM(-c.amount - COALESCE(r.amount, 0)) AS applied
        FROM {ENTRIES} c LEFT JOIN reversed r ON r.credit_id = c.id
        WHERE c.corporation_id = %(corporation)s AND c.amount < 0 AND c.linked_entry_id IS NOT NULL
        GROUP BY c.linked_entry_id
    ),"""
        applied = "COALESCE(l.applied, 0)"
        join_links = "LEFT JOIN linked l ON l.debit_id = e.id"
    elif sql.is_postgres():
        # Some contracts only: their credits' links and those links' reversals are probed by index, so the
        # cost follows the contracts asked for, not every link of the corporation.
        links = f"""
    linked AS (
        SELECT c.linked_entry_id AS debit_id,
               SUM(-c.amount - COALESCE((SELECT SUM(r.amount) FROM {ENTRIES} r
                                         WHERE r.linked_entry_id = c.id AND r.kind = 'reversal'), 0)) AS applied
        FROM {ENTRIES} c
        WHERE c.amount < 0 AND c.linked_entry_id IN (
            SELECT id FROM {ENTRIES} WHERE corporation_id = %(corporation)s {contract_filter}
        )
        GROUP BY c.linked_entry_id
    ),"""
        applied = "COALESCE(l.applied, 0)"
        join_links = "LEFT JOIN linked l ON l.debit_id = e.id"
    else:
        # SQLite has no hash join: it probes the partial index on linked_entry_id per item instead.
        links = ""
        reversed_credit = (
            f"COALESCE((SELECT SUM(r.amount) FROM {ENTRIES} r "
            "WHERE r.linked_entry_id = c.id AND r.kind = 'reversal'), 0)"
        )
        applied = (
            f"COALESCE((SELECT SUM(-c.amount - {reversed_credit}) FROM {ENTRIES} c "
            f"WHERE c.linked_entry_id = e.id AND c.amount < 0), 0)"
        )
        join_links = ""
    return f"""
    WITH {links}
    e AS (
        SELECT id, contract_id, kind, category, amount, due_date,
               SUM(amount) OVER (PARTITION BY contract_id) AS balance
        FROM {ENTRIES} WHERE corporation_id = %(corporation)s {contract_filter}
    ),
    -- Materialised so each link look-up runs once per item, not once per use in the windows below.
    debit AS MATERIALIZED (
        SELECT e.id, e.contract_id, e.due_date, {CLAIM_RANK} AS claim_rank, e.balance, e.amount, {applied} AS applied
        FROM e {join_links} WHERE {DEBIT}
    ),
    effective AS (
        SELECT id, contract_id, due_date, claim_rank, balance,
               amount - CASE WHEN applied <= 0 THEN 0 WHEN applied >= amount THEN amount ELSE applied END
                   AS effective
        FROM debit
    ),
    ranked AS (
        SELECT effective.*,
               SUM(effective) OVER (
                   PARTITION BY contract_id ORDER BY claim_rank, due_date, id ROWS UNBOUNDED PRECEDING
               ) AS cum,
               SUM(effective) OVER (PARTITION BY contract_id) AS total
        FROM effective
    )
    SELECT r.id, r.contract_id, r.due_date, r.balance,
           CASE WHEN r.cum - (r.total - r.balance) <= 0 THEN 0
                WHEN r.cum - (r.total - r.balance) >= r.effective THEN r.effective
                ELSE r.cum - (r.total - r.balance) END AS open_amount
    FROM ranked r
    """


def behaviour_sql(contract_filter: str = "") -> str:
    """Rows per invoice due in the window (paid on time? days late) and per reversal in the window.

    Parameters %(corporation)s, %(as_of)s, %(window_start)s.
    """
    as_of = "CAST(%(as_of)s AS date)" if sql.is_postgres() else "%(as_of)s"
    late_if_paid = sql.days_between("paid_on", "due_date")
    late_if_open = sql.days_between(as_of, "due_date")
    window_start = "CAST(%(window_start)s AS date)" if sql.is_postgres() else "%(window_start)s"
    return f"""
    WITH e AS (
        SELECT id, contract_id, kind, category, amount, due_date, booking_date
        FROM {ENTRIES} WHERE corporation_id = %(corporation)s {contract_filter}
    ),
    debit AS (
        SELECT id, contract_id, kind, category, due_date,
               SUM(amount) OVER (PARTITION BY contract_id ORDER BY due_date, id ROWS UNBOUNDED PRECEDING) AS cum
        FROM e WHERE {DEBIT}
    ),
    credit AS (
        SELECT id, contract_id, booking_date,
               SUM(-amount) OVER (PARTITION BY contract_id ORDER BY booking_date, id ROWS UNBOUNDED PRECEDING) AS running
        FROM e WHERE NOT {DEBIT} AND booking_date <= {as_of}
    ),
    -- The running maximum only grows, so "first credit whose total reached the invoice" becomes a sweep.
    credit_max AS (
        SELECT contract_id, booking_date,
               MAX(running) OVER (PARTITION BY contract_id ORDER BY booking_date, id ROWS UNBOUNDED PRECEDING) AS reached
        FROM credit
    ),
    marks AS (
        SELECT contract_id, reached AS level, 0 AS is_invoice, booking_date AS paid_candidate,
               NULL AS due_date, NULL AS invoice_id
        FROM credit_max
        UNION ALL
        SELECT contract_id, cum - {CENT_TOLERANCE}, 1, NULL, due_date, id
        FROM debit WHERE kind = 'invoice' AND due_date >= {window_start} AND due_date < {as_of}
              -- Costs and interest we charged say nothing new about how the tenant pays the rent.
              AND category NOT IN ('collection_costs', 'interest')
    ),
    swept AS (
        SELECT contract_id, is_invoice, due_date,
               MIN(paid_candidate) OVER (
                   PARTITION BY contract_id ORDER BY level DESC, is_invoice ROWS UNBOUNDED PRECEDING
               ) AS paid_on
        FROM marks
    ),
    lateness AS (
        SELECT contract_id,
               CASE WHEN paid_on IS NOT NULL AND paid_on <= due_date THEN 1 ELSE 0 END AS on_time,
               CASE WHEN paid_on IS NULL THEN {late_if_open}
                    WHEN paid_on > due_date THEN {late_if_paid} ELSE 0 END AS days_late
        FROM swept WHERE is_invoice = 1
    ),
    reversals AS (
        SELECT contract_id FROM e
        WHERE kind = 'reversal' AND booking_date >= {window_start} AND booking_date <= {as_of}
    )
    SELECT contract_id, 1 AS invoice, on_time, days_late, 0 AS reversal FROM lateness
    UNION ALL
    SELECT contract_id, 0, 0, 0, 1 FROM reversals
    """


def refresh_standings(
    *, corporation: Corporation, as_of: date, contract_ids: Collection[int] | None = None
) -> int:
    """Recomputes ContractStanding for the given contracts (all of the corporation's when None).

    A bank statement or a hand-assigned payment touches a handful of contracts; recomputing the whole
    portfolio for it would cost as much as a full import.
    """
    if contract_ids is not None and not contract_ids:
        return 0
    ids = None if contract_ids is None else ", ".join(str(int(pk)) for pk in sorted(set(contract_ids)))
    entry_filter = "" if ids is None else f"AND contract_id IN ({ids})"
    contract_filter = "" if ids is None else f"AND id IN ({ids})"
    window_start = as_of - relativedelta(months=corporation.behaviour_window_months)
    as_of_sql = "CAST(%(as_of)s AS date)" if sql.is_postgres() else "%(as_of)s"
    params = {
        "corporation": corporation.pk,
        "as_of": as_of.isoformat(),
        "window_start": window_start.isoformat(),
    }
    open_item = f"open_amount > {CENT_TOLERANCE}"
    overdue_item = f"{open_item} AND due_date < {as_of_sql}"
    # One union of per-row facts grouped once: joins between aggregated subqueries have no index on SQLite.
    statement = f"""
    WITH items AS ({open_items_sql(entry_filter)}),
    behaviour AS ({behaviour_sql(entry_filter)}),
    facts AS (
        SELECT contract_id, 0 AS balance,
               CASE WHEN {overdue_item} THEN open_amount ELSE 0 END AS overdue,
               CASE WHEN {overdue_item} THEN due_date END AS oldest,
               CASE WHEN {open_item} THEN 1 ELSE 0 END AS open_items,
               0 AS invoices, 0 AS on_time, 0 AS days_late, 0 AS reversals
        FROM items
        UNION ALL
        SELECT contract_id, amount, 0, NULL, 0, 0, 0, 0, 0
        FROM {ENTRIES} WHERE corporation_id = %(corporation)s {entry_filter}
        UNION ALL
        SELECT contract_id, 0, 0, NULL, 0, invoice, on_time, days_late, reversal FROM behaviour
        UNION ALL
        SELECT id, 0, 0, NULL, 0, 0, 0, 0, 0 FROM {CONTRACTS}
        WHERE corporation_id = %(corporation)s {contract_filter}
    )
    INSERT INTO {STANDINGS} (
        corporation_id, contract_id, as_of, balance, overdue_amount, oldest_overdue_date, open_items,
        invoices_in_window, paid_on_time_share, average_days_late, max_days_late, reversals_in_window,
        late_in_window
    )
    SELECT %(corporation)s, contract_id, {as_of_sql}, SUM(balance), SUM(overdue), MIN(oldest), SUM(open_items),
           SUM(invoices),
           CASE WHEN SUM(invoices) > 0 THEN ROUND(1.0 * SUM(on_time) / SUM(invoices), 4) END,
           CASE WHEN SUM(invoices) > 0 THEN ROUND(1.0 * SUM(days_late) / SUM(invoices), 2) ELSE 0 END,
           MAX(days_late), SUM(reversals), SUM(invoices) - SUM(on_time)
    FROM facts
    WHERE true
    GROUP BY contract_id
    ON CONFLICT (contract_id) DO UPDATE SET
        as_of = excluded.as_of, balance = excluded.balance, overdue_amount = excluded.overdue_amount,
        oldest_overdue_date = excluded.oldest_overdue_date, open_items = excluded.open_items,
        invoices_in_window = excluded.invoices_in_window, paid_on_time_share = excluded.paid_on_time_share,
        average_days_late = excluded.average_days_late, max_days_late = excluded.max_days_late,
        reversals_in_window = excluded.reversals_in_window, late_in_window = excluded.late_in_window
    """
    # Without PostgreSQL's JIT: the windows' cost estimate has the statement compiled, and compiling took
    # about 4 s of a delta's standings at 30,000 tenancies, more than it saves (docs/benchmarks.md).
    with sql.without_jit(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def standings_bring_up_to_date(*, corporation: Corporation, as_of: date) -> int:
    """The balances as of the day, recomputed unless today's import already did it for every contract.

    Returns the contracts recomputed, 0 when every standing was of the day already (two cheap queries).
    """
    stale = ContractStanding.objects.filter(corporation=corporation).exclude(as_of=as_of).exists()
    missing = Contract.objects.filter(corporation=corporation, standing__isnull=True).exists()
    if not (stale or missing):
        return 0
    return max(refresh_standings(corporation=corporation, as_of=as_of), 0)
