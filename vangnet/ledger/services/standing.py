"""Balances, open items and payment behaviour per contract, computed in SQL for a whole corporation at once.

Allocation follows art. 6:43 BW: a payment the source linked to an item settles that item first; all
other credit settles collection costs, then statutory interest (art. 6:44 BW), then the oldest due items
(ordered by due date, so items that are due come before items that are not). Payment behaviour looks at the invoices due in the window and asks, first in first
out, on which day the money that covered each one had arrived.
"""

from collections.abc import Collection
from datetime import date

from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, ContractStanding
from vangnet.ledger.services.carrying import standings_carry_forward
from vangnet.ledger.services.continuation import (
    CENT_TOLERANCE,
    CONTRACTS,
    ENTRIES,
    STANDING_COLUMNS,
    STANDINGS,
    standings_continue,
    window_params,
)
from vangnet.ledger.services.ordering import (
    CLAIM_RANK,
    DEBIT,
    NOT_BEHAVIOUR,
    alloc_key,
    epoch_days,
    sweep_key,
)


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
    else:
        # Some contracts only (or SQLite, which has no hash join): each item probes the partial index on
        # linked_entry_id, so the cost follows the contracts asked for, not every link of the corporation.
        # (A subquery of the contracts' entry ids had PostgreSQL scan the whole ledger for a long list.)
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
                ELSE r.cum - (r.total - r.balance) END AS open_amount,
           r.claim_rank, r.effective, r.cum - (r.total - r.balance) AS beyond
    FROM ranked r
    """


def behaviour_sql(contract_filter: str = "") -> str:
    """Rows per debit (the window's invoices: paid on time? days late), and per contract one for its credits
    and one for its reversals in the window, with what the state kept for continuing needs
    (services/continuation.py).

    Parameters %(corporation)s, %(as_of)s, %(window_start)s.
    """
    as_of = sql.date_param("as_of")
    late_if_paid = sql.days_between("paid_on", "due_date")
    late_if_open = sql.days_between(as_of, "due_date")
    window_start = sql.date_param("window_start")
    in_window = (
        f"kind = 'invoice' AND due_date >= {window_start} AND due_date < {as_of} "
        # Costs and interest we charged say nothing new about how the tenant pays the rent.
        f"AND category NOT IN {NOT_BEHAVIOUR}"
    )
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
        SELECT id, contract_id, booking_date, amount,
               SUM(-amount) OVER (PARTITION BY contract_id ORDER BY booking_date, id ROWS UNBOUNDED PRECEDING) AS running
        FROM e WHERE NOT {DEBIT} AND booking_date <= {as_of}
    ),
    -- The running maximum only grows, so "first credit whose total reached the invoice" becomes a sweep.
    credit_max AS (
        SELECT contract_id, booking_date,
               MAX(running) OVER (PARTITION BY contract_id ORDER BY booking_date, id ROWS UNBOUNDED PRECEDING) AS reached
        FROM credit
    ),
    -- Every debit is swept (the state kept for continuing needs the first one not reached); the window's
    -- invoices are the ones that count for the behaviour.
    marks AS (
        SELECT contract_id, reached AS level, 0 AS is_invoice, booking_date AS paid_candidate,
               NULL AS due_date, 0 AS in_window, NULL AS cum, NULL AS sweep_key
        FROM credit_max
        UNION ALL
        SELECT contract_id, cum - {CENT_TOLERANCE}, 1, NULL, due_date,
               CASE WHEN {in_window} THEN 1 ELSE 0 END, cum, {sweep_key("due_date", "id")}
        FROM debit
    ),
    swept AS (
        SELECT contract_id, is_invoice, due_date, in_window, cum, sweep_key,
               MIN(paid_candidate) OVER (
                   PARTITION BY contract_id ORDER BY level DESC, is_invoice ROWS UNBOUNDED PRECEDING
               ) AS paid_on
        FROM marks
    ),
    lateness AS (
        SELECT contract_id, due_date, in_window, cum, sweep_key, paid_on,
               CASE WHEN paid_on IS NOT NULL AND paid_on <= due_date THEN 1 ELSE 0 END AS on_time,
               CASE WHEN in_window = 0 THEN 0
                    WHEN paid_on IS NULL THEN {late_if_open}
                    WHEN paid_on > due_date THEN {late_if_paid} ELSE 0 END AS days_late
        FROM swept WHERE is_invoice = 1
    ),
    reversals AS (
        SELECT contract_id FROM e
        WHERE kind = 'reversal' AND booking_date >= {window_start} AND booking_date <= {as_of}
    )
    SELECT contract_id, in_window AS invoice, in_window * on_time AS on_time, days_late, 0 AS reversal,
           NULL AS running, 0 AS credit_amount, NULL AS credit_date,
           CASE WHEN paid_on IS NULL THEN sweep_key END AS unpaid_key, sweep_key AS debit_key,
           CASE WHEN paid_on IS NOT NULL THEN cum END AS paid_cum,
           CASE WHEN paid_on IS NOT NULL THEN in_window ELSE 0 END AS paid_invoice,
           CASE WHEN paid_on IS NOT NULL THEN in_window * on_time ELSE 0 END AS paid_on_time,
           CASE WHEN paid_on IS NOT NULL THEN days_late ELSE 0 END AS paid_late,
           CASE WHEN paid_on IS NOT NULL AND in_window = 1 THEN days_late END AS paid_max,
           CASE WHEN paid_on IS NOT NULL AND in_window = 1
                THEN CAST({epoch_days("due_date")} AS TEXT) || ':' || CAST(days_late AS TEXT) END AS paid_item
    FROM lateness
    UNION ALL
    -- Credits and reversals grouped per contract here, so the grouping of the whole (sorted, for the
    -- ordered join of paid items) reads one row per contract for them instead of one per payment.
    SELECT contract_id, 0, 0, 0, 0, MAX(running), SUM(-amount), MAX(booking_date), NULL, NULL, NULL, 0, 0, 0,
           NULL, NULL
    FROM credit GROUP BY contract_id
    UNION ALL
    SELECT contract_id, 0, 0, 0, COUNT(*), NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL
    FROM reversals GROUP BY contract_id
    """


def refresh_standings(
    *, corporation: Corporation, as_of: date, contract_ids: Collection[int] | None = None
) -> int:
    """Brings ContractStanding up to date for the given contracts (all of the corporation's when None).

    A bank statement or a hand-assigned payment touches a handful of contracts; recomputing the whole
    portfolio for it would cost as much as a full import. Of the contracts given, those whose standing of
    the same or an earlier day the day leaves as they were are carried to it (services/carrying.py), those
    that only need the entries appended since are continued (services/continuation.py), the others are
    recomputed from their whole ledger. Returns the contracts brought up to date.
    """
    if contract_ids is not None and not contract_ids:
        return 0
    continued = 0
    if contract_ids is not None:
        wanted = {int(pk) for pk in contract_ids}
        with sql.random_reads_cached():  # the day's entries by the (corporation, id) index
            carried = standings_carry_forward(corporation=corporation, as_of=as_of, contract_ids=wanted)
            remaining = standings_continue(
                corporation=corporation, as_of=as_of, contract_ids=wanted - carried
            )
        continued = len(wanted) - len(remaining)
        if not remaining:
            return continued
        contract_ids = remaining
    return continued + recompute_standings(corporation=corporation, as_of=as_of, contract_ids=contract_ids)


def recompute_standings(
    *, corporation: Corporation, as_of: date, contract_ids: Collection[int] | None = None
) -> int:
    """Recomputes ContractStanding from the contracts' whole ledgers, with the state to continue from."""
    if contract_ids is not None and not contract_ids:
        return 0
    ids = None if contract_ids is None else ", ".join(str(int(pk)) for pk in sorted(set(contract_ids)))
    entry_filter = "" if ids is None else f"AND contract_id IN ({ids})"
    contract_filter = "" if ids is None else f"AND id IN ({ids})"
    as_of_sql = sql.date_param("as_of")
    window_start_sql = sql.date_param("window_start")
    params = window_params(corporation, as_of)
    open_item = f"open_amount > {CENT_TOLERANCE}"
    overdue_item = f"{open_item} AND due_date < {as_of_sql}"
    uncovered = f"beyond > {CENT_TOLERANCE}"
    nothing = "NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL"
    credit_after_day = f"NOT {DEBIT} AND e.booking_date > {as_of_sql}"
    # Each part grouped per contract first, then their union grouped once (joins between aggregated
    # subqueries have no index on SQLite): the last grouping reads a few rows per contract, not one per entry.
    statement = f"""
    WITH items AS ({open_items_sql(entry_filter)}),
    behaviour AS ({behaviour_sql(entry_filter)}),
    facts AS (
        SELECT contract_id, 0 AS balance,
               SUM(CASE WHEN {overdue_item} THEN open_amount ELSE 0 END) AS overdue,
               MIN(CASE WHEN {overdue_item} THEN due_date END) AS oldest,
               SUM(CASE WHEN {open_item} THEN 1 ELSE 0 END) AS open_items,
               0 AS invoices, 0 AS on_time, 0 AS days_late, 0 AS max_late, 0 AS reversals, 0 AS entries,
               SUM(CASE WHEN {uncovered} THEN 0 ELSE effective END) AS covered_eff,
               MIN(CASE WHEN {uncovered} THEN {alloc_key("claim_rank", "due_date", "id")} END) AS uncovered_key,
               MAX({alloc_key("claim_rank", "due_date", "id")}) AS debit_alloc_key,
               CAST(NULL AS numeric) AS running, 0 AS credit_amount, CAST(NULL AS date) AS credit_date,
               CAST(NULL AS bigint) AS unpaid_key, CAST(NULL AS bigint) AS debit_sweep_key,
               CAST(NULL AS numeric) AS paid_cum, 0 AS paid_invoice, 0 AS paid_on_time, 0 AS paid_late,
               CAST(NULL AS integer) AS paid_max, CAST(NULL AS text) AS window_paid,
               CAST(NULL AS date) AS next_booking
        FROM items
        GROUP BY contract_id
        UNION ALL
        SELECT contract_id, SUM(amount), 0, NULL, 0, 0, 0, 0, 0, 0, COUNT(*), 0, NULL, NULL, NULL, 0, NULL,
               NULL, NULL, NULL, 0, 0, 0, NULL, NULL,
               MIN(CASE WHEN {credit_after_day} THEN e.booking_date END)
        FROM {ENTRIES} e WHERE corporation_id = %(corporation)s {entry_filter}
        GROUP BY contract_id
        UNION ALL
        SELECT contract_id, 0, 0, NULL, 0, SUM(invoice), SUM(on_time), SUM(days_late), MAX(days_late),
               SUM(reversal), 0, 0, NULL, NULL, MAX(running), SUM(credit_amount), MAX(credit_date),
               MIN(unpaid_key), MAX(debit_key), MAX(paid_cum), SUM(paid_invoice), SUM(paid_on_time),
               SUM(paid_late), MAX(paid_max), {sql.joined("paid_item", 'paid_item COLLATE "C"')}, NULL
        FROM behaviour
        GROUP BY contract_id
        UNION ALL
        SELECT id, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, {nothing} FROM {CONTRACTS}
        WHERE corporation_id = %(corporation)s {contract_filter}
    )
    INSERT INTO {STANDINGS} ({", ".join(STANDING_COLUMNS)})
    SELECT %(corporation)s, contract_id, {as_of_sql}, SUM(balance), SUM(overdue), MIN(oldest), SUM(open_items),
           SUM(invoices),
           CASE WHEN SUM(invoices) > 0 THEN ROUND(1.0 * SUM(on_time) / SUM(invoices), 4) END,
           CASE WHEN SUM(invoices) > 0 THEN ROUND(1.0 * SUM(days_late) / SUM(invoices), 2) ELSE 0 END,
           MAX(max_late), SUM(reversals), SUM(invoices) - SUM(on_time),
           (SELECT COALESCE(MAX(id), 0) FROM {ENTRIES}), SUM(entries), {window_start_sql},
           COALESCE(MIN(uncovered_key), MAX(debit_alloc_key) + 1, 0), SUM(covered_eff),
           COALESCE(MIN(unpaid_key), MAX(debit_sweep_key) + 1, 0), COALESCE(MAX(paid_cum), 0),
           MAX(running), SUM(credit_amount), MAX(credit_date),
           SUM(paid_invoice), SUM(paid_on_time), SUM(paid_late), COALESCE(MAX(paid_max), 0),
           COALESCE(MAX(window_paid), ''), MIN(next_booking)
    FROM facts
    WHERE true
    GROUP BY contract_id
    ON CONFLICT (contract_id) DO UPDATE SET
        {", ".join(f"{column} = excluded.{column}" for column in STANDING_COLUMNS[2:])}
    """
    # Without PostgreSQL's JIT: the windows' cost estimate has the statement compiled, and compiling took
    # about 4 s of a delta's standings at 30,000 tenancies, more than it saves (docs/benchmarks.md).
    with sql.without_jit(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def standings_bring_up_to_date(*, corporation: Corporation, as_of: date) -> int:
    """The balances as of the day: standings of an earlier day continued (or recomputed where they cannot
    be), contracts without one computed, unless today's import already did it for every contract.

    Returns the contracts brought up to date, 0 when every standing was of the day already (two queries).
    """
    without_standing = set(
        Contract.objects.filter(corporation=corporation, standing__isnull=True).values_list("pk", flat=True)
    )
    of_another_day = set(
        ContractStanding.objects.filter(corporation=corporation)
        .exclude(as_of=as_of)
        .values_list("contract_id", flat=True)
    )
    if not (without_standing or of_another_day):
        return 0
    if len(without_standing) * 2 >= Contract.objects.filter(corporation=corporation).count():
        return max(recompute_standings(corporation=corporation, as_of=as_of), 0)
    return refresh_standings(
        corporation=corporation, as_of=as_of, contract_ids=without_standing | of_another_day
    )
