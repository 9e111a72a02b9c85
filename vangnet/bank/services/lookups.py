"""Everything matching needs for one file's transactions, fetched in a fixed number of queries."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from vangnet.bank.matching import ContractFacts, Lookups, normalise_iban, references_in
from vangnet.bank.models import BankTransaction, MatchRule, TransactionStatus
from vangnet.bank.parsers import Transaction
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant
from vangnet.payments.direct_debit import debit_of_end_to_end_id
from vangnet.payments.models import DirectDebitExport

# A match from these rules proves the payer's IBAN belongs to the contract; later payments from that IBAN
# without a kenmerk can then be matched on it.
PROVING_RULES = (MatchRule.PAYMENT_REFERENCE, MatchRule.END_TO_END_ID)


def matching_lookups(
    corporation: Corporation, transactions: list[Transaction]
) -> tuple[Lookups, dict[str, int], dict[str, list[tuple[int, Decimal]]]]:
    """Everything matching needs for these transactions, in a fixed number of queries.

    Also returns the payment entries earlier collections were booked as, by end-to-end id and by mandate,
    so returns can be linked to what they undo.
    """
    references = {ref for t in transactions for ref in references_in(t)}
    e2e_ids = {t.end_to_end_id for t in transactions if t.end_to_end_id}
    mandates = {t.mandate_id for t in transactions if t.mandate_id}
    ibans = {normalise_iban(t.counterparty_iban) for t in transactions if t.counterparty_iban}
    amounts = {t.amount for t in transactions if t.amount > 0}
    contracts = Contract.objects.filter(corporation=corporation, removed_from_source_at__isnull=True)

    by_reference = dict(
        contracts.filter(payment_reference__in=references).values_list("payment_reference", "id")
    )
    by_mandate = dict(contracts.filter(mandate_id__in=mandates).values_list("mandate_id", "id"))
    by_iban: dict[str, set[int]] = defaultdict(set)
    for iban, contract_id in contracts.filter(debit_iban__in=ibans).values_list("debit_iban", "id"):
        by_iban[normalise_iban(iban)].add(contract_id)

    by_e2e: dict[str, int] = {}
    payments_by_e2e: dict[str, int] = {}
    payments_by_mandate: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    earlier = (
        BankTransaction.objects.filter(corporation=corporation, status=TransactionStatus.MATCHED)
        .filter(
            Q(end_to_end_id__in=e2e_ids)
            | Q(mandate_id__in=mandates)
            | Q(counterparty_iban__in=ibans, match_rule__in=PROVING_RULES)
        )
        .order_by("booking_date", "id")
        .values_list(
            "end_to_end_id",
            "mandate_id",
            "counterparty_iban",
            "match_rule",
            "matched_contract_id",
            "ledger_entry_id",
            "amount",
        )
    )
    for e2e, mandate, iban, rule, contract_id, entry_id, amount in earlier:
        if e2e in e2e_ids:
            by_e2e[e2e] = contract_id
            if entry_id is not None and amount > 0:
                payments_by_e2e[e2e] = entry_id
        if mandate in mandates and entry_id is not None and amount > 0:
            payments_by_mandate[mandate].append((entry_id, amount))
        if iban in ibans and rule in PROVING_RULES:
            by_iban[iban].add(contract_id)

    for e2e, contract_id in _exported_collections(corporation, transactions).items():
        by_e2e.setdefault(e2e, contract_id)

    candidate_ids = {*by_reference.values(), *by_mandate.values(), *by_e2e.values()}
    candidate_ids |= {c for ids in by_iban.values() for c in ids}
    balances = dict(
        ContractStanding.objects.filter(corporation=corporation)
        .filter(Q(contract_id__in=candidate_ids) | Q(balance__in=amounts))
        .values_list("contract_id", "balance")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for contract_id, last_name in ContractTenant.objects.filter(
        corporation=corporation, contract_id__in=list(balances), removed_from_source_at__isnull=True
    ).values_list("contract_id", "tenant__last_name"):
        # The last name without tussenvoegsel: payers often leave "de" or "van" out.
        if last_name:
            names[contract_id].append(last_name)
    facts = {
        contract_id: ContractFacts(open_balance=balance, last_names=tuple(names[contract_id]))
        for contract_id, balance in balances.items()
    }
    lookups = Lookups(
        by_payment_reference=by_reference,
        by_end_to_end_id=by_e2e,
        by_mandate_id=by_mandate,
        by_iban={iban: sorted(ids) for iban, ids in by_iban.items()},
        facts=facts,
    )
    return lookups, payments_by_e2e, payments_by_mandate


def _exported_collections(corporation: Corporation, transactions: list[Transaction]) -> dict[str, int]:
    """Contracts of collections we exported in a pain.008, by the end-to-end id we gave them.

    A return names that id even when the collection itself was credited as one batch sum, or on another
    of the corporation's accounts, so no statement line of ours carries it. The mandate in the return must
    be the one the export used: an id alone, which anyone can write, books nothing.
    """
    issued = {
        t.end_to_end_id: (debit, t.mandate_id)
        for t in transactions
        if t.end_to_end_id and (debit := debit_of_end_to_end_id(t.end_to_end_id)) is not None
    }
    if not issued:
        return {}
    exports = dict(
        DirectDebitExport.objects.filter(
            corporation=corporation, pk__in={export_id for (export_id, _), _ in issued.values()}
        ).values_list("pk", "items")
    )
    found: dict[str, int] = {}
    for e2e, ((export_id, contract_id), mandate_id) in issued.items():
        for line in exports.get(export_id, []):
            if line.get("contract_id") == contract_id and mandate_id and line.get("mandate_id") == mandate_id:
                found[e2e] = contract_id
    return found
