"""The tenant's agreements on the portal: a promise to pay, a proposed arrangement, "I already paid" and a
dispute. The arrangements and disputes apps own the rules, the records, the events and the notices; these
wrappers call them as the portal and put one `portal.<action>` entry on the tenant's timeline."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vangnet.arrangements.budget import BudgetFigures
from vangnet.arrangements.models import Arrangement, BudgetCheck, Channel, PaymentClaim, Promise
from vangnet.arrangements.services import (
    ProposalOutcome,
    arrangement_counter_accept,
    arrangement_propose,
    budget_check_correct,
    payment_claim_register,
    promise_register,
)
from vangnet.core.audit import log_action
from vangnet.disputes.models import Dispute, DisputeCategory, DisputeChannel
from vangnet.disputes.services import dispute_open
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant

ACTOR = "portal"


def _timeline(tenant: Tenant, action: str, data: dict) -> None:
    log_action(corporation=tenant.corporation, actor=ACTOR, action=f"portal.{action}", obj=tenant, data=data)


def portal_promise(
    *, tenant: Tenant, contract: Contract, promised_date: dt.date, amount: Decimal, as_of: dt.date
) -> Promise:
    with transaction.atomic():
        promise = promise_register(
            contract=contract,
            promised_date=promised_date,
            amount=amount,
            channel=Channel.PORTAL,
            actor=ACTOR,
            as_of=as_of,
        )
        _timeline(tenant, "promise_registered", {"contract": contract.pk, "promise": promise.pk})
    return promise


def portal_arrangement_propose(
    *,
    tenant: Tenant,
    contract: Contract,
    count: int,
    start_date: dt.date,
    payment_method: str,
    debit_iban: str,
    as_of: dt.date,
    budget: BudgetFigures | None = None,
) -> ProposalOutcome:
    with transaction.atomic():
        outcome = arrangement_propose(
            contract=contract,
            count=count,
            start_date=start_date,
            payment_method=payment_method,
            debit_iban=debit_iban,
            as_of=as_of,
            actor=ACTOR,
            budget=budget,
        )
        _timeline(
            tenant,
            "arrangement_proposed",
            {
                "contract": contract.pk,
                "arrangement": outcome.arrangement.pk,
                "approved": outcome.decision.approved,
                "rule": outcome.decision.rule,
                "budget_check": budget is not None,
            },
        )
    return outcome


def portal_budget_correct(
    *, tenant: Tenant, arrangement: Arrangement, figures: BudgetFigures, as_of: dt.date
) -> BudgetCheck:
    with transaction.atomic():
        check = budget_check_correct(arrangement=arrangement, figures=figures, actor=ACTOR, as_of=as_of)
        _timeline(
            tenant, "budget_corrected", {"contract": arrangement.contract_id, "arrangement": arrangement.pk}
        )
    return check


def portal_counter_offer_accept(*, tenant: Tenant, arrangement: Arrangement, as_of: dt.date) -> Arrangement:
    with transaction.atomic():
        accepted = arrangement_counter_accept(arrangement=arrangement, actor=ACTOR, as_of=as_of)
        _timeline(
            tenant, "counter_offer_accepted", {"contract": accepted.contract_id, "arrangement": accepted.pk}
        )
    return accepted


def portal_payment_claim(
    *, tenant: Tenant, contract: Contract, paid_on: dt.date, amount: Decimal, as_of: dt.date
) -> PaymentClaim:
    with transaction.atomic():
        claim = payment_claim_register(
            contract=contract, paid_on=paid_on, amount=amount, actor=ACTOR, as_of=as_of, tenant=tenant
        )
        _timeline(tenant, "payment_claimed", {"contract": contract.pk, "claim": claim.pk})
    return claim


def portal_dispute_open(
    *,
    tenant: Tenant,
    contract: Contract,
    category: DisputeCategory,
    description: str,
    items: list,
    attachments: Sequence[UploadedFile],
    as_of: dt.date,
) -> Dispute:
    with transaction.atomic():
        dispute = dispute_open(
            contract=contract,
            category=category,
            description=description,
            items=items,
            as_of=as_of,
            actor=ACTOR,
            channel=DisputeChannel.PORTAL,
            tenant=tenant,
            attachments=attachments,
        )
        _timeline(tenant, "dispute_opened", {"contract": contract.pk, "dispute": dispute.pk})
    return dispute
