"""The orders the standings walk a ledger in, as SQL: debits, their claim rank and the sortable keys.

Shared by the full recompute (services/standing.py) and the carry (services/carrying.py); the same keys in
Python are continuing.alloc_key and continuing.sweep_key.
"""

from vangnet.core import sql

DEBIT = "(e.amount > 0 AND e.kind <> 'reversal')"
# Art. 6:44 BW: within a claim a payment goes to the costs first, then to the interest, then to the principal.
CLAIM_RANK = "CASE e.category WHEN 'collection_costs' THEN 0 WHEN 'interest' THEN 1 ELSE 2 END"
# Costs and interest we charged say nothing new about how the tenant pays the rent (continuing.NOT_BEHAVIOUR).
NOT_BEHAVIOUR = "('collection_costs', 'interest')"
RANK_FACTOR = 100_000_000_000_000_000  # continuing.KEY_RANK
DAY_FACTOR = 1_000_000_000_000  # continuing.KEY_DAY


def epoch() -> str:
    return "DATE '1970-01-01'" if sql.is_postgres() else "'1970-01-01'"


def epoch_days(expr: str) -> str:
    """Days from 1970-01-01 to the date `expr`, an integer on both databases."""
    return sql.days_between(expr, epoch())


def epoch_plus_days(days: str) -> str:
    """The date `days` (an integer expression) after 1970-01-01, comparable with a date column."""
    if sql.is_postgres():
        return f"({epoch()} + CAST({days} AS integer))"
    return f"date({epoch()}, CAST({days} AS TEXT) || ' days')"


def alloc_key(rank: str, due_date: str, entry_id: str) -> str:
    """The allocation order (claim rank, due date, id) as one sortable integer (continuation.alloc_key)."""
    return (
        f"(CAST({rank} AS bigint) * {RANK_FACTOR} "
        f"+ CAST({epoch_days(due_date)} AS bigint) * {DAY_FACTOR} + {entry_id})"
    )


def sweep_key(due_date: str, entry_id: str) -> str:
    """The payment sweep's order of debits (due date, id) as one sortable integer (continuation.sweep_key)."""
    return f"(CAST({epoch_days(due_date)} AS bigint) * {DAY_FACTOR} + {entry_id})"
