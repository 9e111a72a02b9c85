"""The data of the arrangement, promise and payment-claim events for the ERP (see docs/events.md)."""

from typing import Any

from vangnet.arrangements.models import Arrangement, PaymentClaim, Promise


def arrangement_payload(arrangement: Arrangement, schedule: list[Any] | None = None) -> dict[str, Any]:
    """The event data of an arrangement; `schedule` saves a query when the caller has the instalments."""
    rows = schedule if schedule is not None else list(arrangement.installments.order_by("sequence"))
    return {
        "arrangement_id": arrangement.source_id or f"vangnet-arrangement-{arrangement.pk}",
        "contract_id": arrangement.contract.source_id,
        "status": arrangement.status,
        "channel": arrangement.channel,
        "payment_method": arrangement.payment_method,
        "agreed_on": arrangement.agreed_on,
        "start_date": arrangement.start_date,
        "total_amount": f"{arrangement.total_amount:.2f}",
        "currency": "EUR",
        "installments": [
            {"sequence": row.sequence, "due_date": row.due_date, "amount": f"{row.amount:.2f}"}
            for row in rows
        ],
        "decided_rule": arrangement.decided_rule,
    }


def promise_payload(promise: Promise) -> dict[str, Any]:
    return {
        "promise_id": promise.source_id or f"vangnet-promise-{promise.pk}",
        "contract_id": promise.contract.source_id,
        "status": promise.status,
        "channel": promise.channel,
        "made_on": promise.made_on,
        "promised_date": promise.promised_date,
        "amount": f"{promise.amount:.2f}",
        "currency": "EUR",
    }


def payment_claim_payload(claim: PaymentClaim) -> dict[str, Any]:
    return {
        "payment_claim_id": claim.pk,
        "contract_id": claim.contract.source_id,
        "status": claim.status,
        "paid_on": claim.paid_on,
        "amount": f"{claim.amount:.2f}",
        "currency": "EUR",
        "hold_until": claim.hold_until,
    }
