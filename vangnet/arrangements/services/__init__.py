"""Writes on arrangements, promises, claims and the policy, by concern: making an arrangement (making.py),
deciding on one (decisions.py), the budget check kept with one (budget.py), a counter-offer and its acceptance (counter_offers.py), promises and "I already paid" claims (promises.py), the policy (policy.py).

Every service checks everything before it writes, so a refusal (ApplicationError) changes nothing; then it
writes in one transaction with an audit entry and an event for the ERP, and sends the tenant's notice after
the commit. The daily run's set-based work (monitoring, settling promises, checking claims) lives in
vangnet.arrangements.monitoring. Callers know every write of the app as a service of this package.
"""

from vangnet.arrangements.services.budget import budget_check_correct
from vangnet.arrangements.services.counter_offers import (
    arrangement_counter_accept,
    arrangement_counter_offer,
)
from vangnet.arrangements.services.decisions import (
    arrangement_approve,
    arrangement_cancel,
    arrangement_reject,
)
from vangnet.arrangements.services.making import (
    PORTAL_START_WITHIN,
    STAFF_START_WITHIN,
    ProposalOutcome,
    arrangement_create,
    arrangement_propose,
)
from vangnet.arrangements.services.policy import (
    POLICY_FIELDS,
    arrangement_policy_install_default,
    arrangement_policy_set,
)
from vangnet.arrangements.services.promises import payment_claim_register, promise_register

__all__ = [
    "POLICY_FIELDS",
    "PORTAL_START_WITHIN",
    "STAFF_START_WITHIN",
    "ProposalOutcome",
    "arrangement_approve",
    "arrangement_cancel",
    "arrangement_counter_accept",
    "arrangement_counter_offer",
    "arrangement_create",
    "arrangement_policy_install_default",
    "arrangement_policy_set",
    "arrangement_propose",
    "arrangement_reject",
    "budget_check_correct",
    "payment_claim_register",
    "promise_register",
]
