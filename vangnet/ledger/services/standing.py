"""Balances, open items and payment behaviour per contract, computed in SQL for a whole corporation at once.

Allocation follows art. 6:43 BW: a payment the source linked to an item settles that item first; all
other credit settles the oldest due items first (ordered by due date, so items that are due come before
items that are not). Payment behaviour looks at the invoices due in the window and asks, first in first
out, on which day the money that covered each one had arrived.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone

from vangnet.core.models import Corporation
from vangnet.ledger.importing import dialect as d

# An item counts as open above half a cent; SQLite sums money as floating point.
CENT_TOLERANCE = "0.005"
DEBIT = "(e.amount > 0 AND e.kind <> 'reversal')"


def open_items_sql(contract_filter: str = "") -> str:
    """Per debit item: its contract, due date, and open amount; parameters %(corporation)s."""
    return f"""
    WITH e AS (
        SELECT id, contract_id, kind, amount, due_date, linked_entry_id
        FROM ledger_ledgerentry WHERE corporation_id = %(corporation)s {contract_filter}
    ),
    reversed AS (
        SELECT linked_entry_id AS credit_id, SUM(amount) AS amount FROM e
        WHERE kind = 'reversal' AND linked_entry_id IS NOT NULL GROUP BY linked_entry_id
    ),
    linked AS (
        SELECT c.linked_entry_id AS debit_id, SUM(-c.amount - COALESCE(r.amount, 0)) AS applied
        FROM e c LEFT JOIN reversed r ON r.credit_id = c.id
        WHERE c.amount < 0 AND c.linked_entry_id IS NOT NULL GROUP BY c.linked_entry_id
    ),
    debit AS (
        SELECT e.id, e.contract_id, e.due_date,
               e.amount - CASE WHEN COALESCE(l.applied, 0) <= 0 THEN 0
                               WHEN l.applied >= e.amount THEN e.amount ELSE l.applied END AS effective
        FROM e LEFT JOIN linked l ON l.debit_id = e.id WHERE {DEBIT}
    ),
    balance AS (SELECT contract_id, SUM(amount) AS balance FROM e GROUP BY contract_id),
    ranked AS (
        SELECT debit.*,
               SUM(effective) OVER (PARTITION BY contract_id ORDER BY due_date, id ROWS UNBOUNDED PRECEDING) AS cum,
               SUM(effective) OVER (PARTITION BY contract_id) AS total
        FROM debit
    )
    SELECT r.id, r.contract_id, r.due_date, b.balance,
           CASE WHEN r.cum - (r.total - b.balance) <= 0 THEN 0
                WHEN r.cum - (r.total - b.balance) >= r.effective THEN r.effective
                ELSE r.cum - (r.total - b.balance) END AS open_amount
    FROM ranked r JOIN balance b ON b.contract_id = r.contract_id
    """


def behaviour_sql(contract_filter: str = "") -> str:
    """Per contract: invoices due in the window, paid on time, days late (avg, max), reversals.

    Parameters %(corporation)s, %(as_of)s, %(window_start)s.
    """
    as_of = "CAST(%(as_of)s AS date)" if d.is_postgres() else "%(as_of)s"
    late_if_paid = d.days_between("paid_on", "due_date")
    late_if_open = d.days_between(as_of, "due_date")
    window_start = "CAST(%(window_start)s AS date)" if d.is_postgres() else "%(window_start)s"
    return f"""
    WITH e AS (
        SELECT id, contract_id, kind, amount, due_date, booking_date
        FROM ledger_ledgerentry WHERE corporation_id = %(corporation)s {contract_filter}
    ),
    debit AS (
        SELECT id, contract_id, kind, due_date,
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
        SELECT contract_id, COUNT(*) AS reversals FROM e
        WHERE kind = 'reversal' AND booking_date >= {window_start} AND booking_date <= {as_of}
        GROUP BY contract_id
    )
    SELECT c.id AS contract_id, COUNT(l.contract_id) AS invoices, SUM(l.on_time) AS on_time,
           AVG(l.days_late) AS average_late, MAX(l.days_late) AS max_late,
           COALESCE(MAX(rv.reversals), 0) AS reversals
    FROM ledger_contract c
    LEFT JOIN lateness l ON l.contract_id = c.id
    LEFT JOIN reversals rv ON rv.contract_id = c.id
    WHERE c.corporation_id = %(corporation)s
    GROUP BY c.id
    """


def refresh_standings(*, corporation: Corporation, as_of: date) -> int:
    """Recomputes ContractStanding for every contract of the corporation; returns how many."""
    window_start = as_of - relativedelta(months=corporation.behaviour_window_months)
    as_of_sql = "CAST(%(as_of)s AS date)" if d.is_postgres() else "%(as_of)s"
    params = {
        "corporation": corporation.pk,
        "as_of": as_of.isoformat(),
        "window_start": window_start.isoformat(),
    }
    share = "CAST(b.on_time AS NUMERIC) / b.invoices"
    sql = f"""
    WITH items AS ({open_items_sql()}),
    per_contract AS (
        SELECT contract_id,
               SUM(CASE WHEN open_amount > {CENT_TOLERANCE} AND due_date < {as_of_sql} THEN open_amount ELSE 0 END)
                   AS overdue,
               MIN(CASE WHEN open_amount > {CENT_TOLERANCE} AND due_date < {as_of_sql} THEN due_date END) AS oldest,
               SUM(CASE WHEN open_amount > {CENT_TOLERANCE} THEN 1 ELSE 0 END) AS open_items
        FROM items GROUP BY contract_id
    ),
    balances AS (
        SELECT contract_id, SUM(amount) AS balance FROM ledger_ledgerentry
        WHERE corporation_id = %(corporation)s GROUP BY contract_id
    ),
    behaviour AS ({behaviour_sql()})
    INSERT INTO ledger_contractstanding (
        corporation_id, contract_id, as_of, balance, overdue_amount, oldest_overdue_date, open_items,
        invoices_in_window, paid_on_time_share, average_days_late, max_days_late, reversals_in_window
    )
    SELECT %(corporation)s, b.contract_id, {as_of_sql}, COALESCE(bal.balance, 0), COALESCE(p.overdue, 0), p.oldest,
           COALESCE(p.open_items, 0), b.invoices,
           CASE WHEN b.invoices > 0 THEN ROUND({share}, 4) END,
           ROUND(COALESCE(b.average_late, 0), 2), COALESCE(b.max_late, 0), b.reversals
    FROM behaviour b
    LEFT JOIN per_contract p ON p.contract_id = b.contract_id
    LEFT JOIN balances bal ON bal.contract_id = b.contract_id
    WHERE true
    ON CONFLICT (contract_id) DO UPDATE SET
        as_of = excluded.as_of, balance = excluded.balance, overdue_amount = excluded.overdue_amount,
        oldest_overdue_date = excluded.oldest_overdue_date, open_items = excluded.open_items,
        invoices_in_window = excluded.invoices_in_window, paid_on_time_share = excluded.paid_on_time_share,
        average_days_late = excluded.average_days_late, max_days_late = excluded.max_days_late,
        reversals_in_window = excluded.reversals_in_window
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def today() -> date:
    return timezone.localdate()
