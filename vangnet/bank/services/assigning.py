"""A colleague places a payment the import could not: booked exactly as a matched one is."""

from decimal import Decimal

from django.db import transaction as db_transaction
from django.utils.translation import gettext

from vangnet.bank.models import BankTransaction, MatchRule, TransactionStatus
from vangnet.bank.services.bookings import after_commit, payment_entry, return_entry
from vangnet.bank.services.common import Parsed, transaction_of
from vangnet.core.audit import log_action
from vangnet.core.clock import today
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.ledger.models import Contract
from vangnet.ledger.services.standing import refresh_standings

# Not something the import produces: only a colleague's decision does.
MANUAL_RULE = MatchRule.MANUAL


def bank_transaction_assign(
    *, transaction: BankTransaction, contract: Contract, actor: User
) -> BankTransaction:
    """Books an unmatched transaction on the contract a colleague chose, exactly as a matched one is booked.

    Refuses a transaction that is already matched or ignored, and a contract of another corporation.
    The row is locked first, so two colleagues assigning the same payment cannot both book it.
    """
    if contract.corporation_id != transaction.corporation_id:
        raise ApplicationError(gettext("Dit contract hoort niet bij deze corporatie."))
    with db_transaction.atomic():
        row = BankTransaction.objects.select_for_update().get(
            pk=transaction.pk, corporation_id=transaction.corporation_id
        )
        if row.status != TransactionStatus.UNMATCHED:
            if row.status == TransactionStatus.MATCHED:
                raise ApplicationError(
                    gettext("Deze betaling is al gekoppeld en geboekt; er is niets veranderd.")
                )
            if row.status == TransactionStatus.DUPLICATE:
                raise ApplicationError(
                    gettext("Deze storno is eerder al binnengekomen en geboekt; er is niets veranderd.")
                )
            raise ApplicationError(
                gettext("Deze transactie is geen huurbetaling en kan niet worden gekoppeld.")
            )
        corporation = row.corporation
        row.status = TransactionStatus.MATCHED
        row.matched_contract = contract
        row.match_rule = MANUAL_RULE
        row.confidence = Decimal("1.00")
        row.match_reason = f"handmatig gekoppeld door {actor.get_username()}"[:300]
        item = Parsed(row, transaction_of(row))
        if row.amount > 0:
            entry = payment_entry(corporation, item)
        else:
            linked = None
            if row.end_to_end_id:
                linked = (
                    BankTransaction.objects.filter(
                        corporation=corporation,
                        status=TransactionStatus.MATCHED,
                        end_to_end_id=row.end_to_end_id,
                        amount__gt=0,
                    )
                    .values_list("ledger_entry_id", flat=True)
                    .first()
                )
            entry = return_entry(corporation, item, linked)
        entry.save()
        row.ledger_entry = entry
        row.save(
            update_fields=[
                "status",
                "matched_contract",
                "match_rule",
                "confidence",
                "match_reason",
                "ledger_entry",
            ]
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="bank_transaction.assigned",
            obj=row,
            data={"contract": contract.pk, "ledger_entry": entry.pk, "amount": str(row.amount)},
        )
        as_of = max(today(), row.booking_date)
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
        after_commit(corporation=corporation, contract_ids={contract.pk}, as_of=as_of, actor=actor)
    transaction.refresh_from_db()
    return row
