"""Standings carried to a later day in one statement, for the contracts whose standing the day cannot change.

Most of a portfolio pays: nothing is open, every debit was reached by the payments, no payment is booked
ahead, no reversal counts in the window. For such a contract a new day changes its standing only when
something happened (an entry since the standing's mark, or an entry elsewhere linked to one of its debits)
or an invoice enters the behaviour window (due since the standing's day) or leaves it (due before the
window's new start). When none of that holds, the standing of the day is the standing of its day with the
day's date: one UPDATE carries all of them (the same result as continuing or recomputing them, see
tests/ledger/test_standing_continuation.py); the others are continued or recomputed.
"""

from collections.abc import Collection
from datetime import date

from django.db import connection

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.services.continuation import CENT_TOLERANCE, ENTRIES, STANDINGS, window_params

NOT_BEHAVIOUR = "('collection_costs', 'interest')"


def standings_carry_forward(
    *, corporation: Corporation, as_of: date, contract_ids: Collection[int]
) -> set[int]:
    """Carries the standings of an earlier day that the day leaves as they were; returns those carried."""
    wanted = {int(pk) for pk in contract_ids}
    if not wanted:
        return set()
    day = sql.date_param("as_of")
    window = sql.date_param("window_start")
    params = window_params(corporation, as_of)
    ids = ", ".join(str(pk) for pk in sorted(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(state_mark), (SELECT COALESCE(MAX(id), 0) FROM {ENTRIES}) FROM {STANDINGS} "
            f"WHERE corporation_id = %(corporation)s AND contract_id IN ({ids}) AND as_of < {day}",
            params,
        )
        since, mark = cursor.fetchone()
        if since is None:
            return set()  # every standing is of the day (or none is kept)
        # Entries since the oldest mark, and the contracts they reach through a link (a reversal's through
        # the payment it reverses): one read of the newest entries by primary key.
        cursor.execute(
            f"SELECT n.contract_id, t.contract_id, tt.contract_id FROM {ENTRIES} n "
            f"LEFT JOIN {ENTRIES} t ON t.id = n.linked_entry_id "
            f"LEFT JOIN {ENTRIES} tt ON tt.id = t.linked_entry_id "
            "WHERE n.id > %(since)s AND n.id <= %(mark)s",
            {"since": since, "mark": mark},
        )
        touched = {contract_id for row in cursor.fetchall() for contract_id in row if contract_id is not None}
        quiet = wanted - touched
        if not quiet:
            return set()
        invoice_due = (
            f"SELECT 1 FROM {ENTRIES} e WHERE e.contract_id = st.contract_id AND e.kind = 'invoice' "
            f"AND e.category NOT IN {NOT_BEHAVIOUR} AND e.due_date >= {{start}} AND e.due_date < {{end}}"
        )
        cursor.execute(
            f"UPDATE {STANDINGS} AS st SET as_of = {day}, state_window_start = {window}, state_mark = %(mark)s "
            f"WHERE corporation_id = %(corporation)s AND contract_id IN ({', '.join(str(pk) for pk in quiet)}) "
            f"AND as_of < {day} AND state_window_start <= {window} AND state_mark IS NOT NULL "
            "AND window_paid IS NOT NULL AND next_booking_date IS NULL AND open_items = 0 "
            "AND reversals_in_window = 0 "
            # Every debit reached by the payments: the sweep stands at the debits' total.
            f"AND ABS(sweep_level - (balance + credit_total)) < {CENT_TOLERANCE} "
            f"AND NOT EXISTS ({invoice_due.format(start='st.state_window_start', end=window)}) "
            f"AND NOT EXISTS ({invoice_due.format(start='st.as_of', end=day)}) "
            f"AND state_entries = (SELECT COUNT(*) FROM {ENTRIES} c WHERE c.contract_id = st.contract_id) "
            "RETURNING contract_id",
            {**params, "mark": mark},
        )
        return {row[0] for row in cursor.fetchall()}
