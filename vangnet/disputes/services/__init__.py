"""Writes on disputes: categories, opening, assigning, the resolver's notes, resolving and rejecting.

A pausing dispute holds its contract's flow from the moment it opens (the hold is per contract, see
models.py); the outcome decides what happens next: the items go back into the flow at once, or a manual
hold waits for the ERP's credit. Every step is audited and sent to the ERP as a `dispute.*` event.
"""

from vangnet.disputes.services.handling import (
    dispute_assign,
    dispute_note_add,
    dispute_reject,
    dispute_resolve,
)
from vangnet.disputes.services.monitor import disputes_monitor
from vangnet.disputes.services.opening import (
    dispute_attachment_add,
    dispute_categories_install_defaults,
    dispute_open,
)

__all__ = [
    "dispute_assign",
    "dispute_attachment_add",
    "dispute_categories_install_defaults",
    "dispute_note_add",
    "dispute_open",
    "dispute_reject",
    "dispute_resolve",
    "disputes_monitor",
]
