"""The overview's rendered arrears and messages, cached per tenant under a key that changes whenever what
they show changes, so the page can never show a stale balance.

One query (`KEY_SQL`) reads the tenant's contracts as the overview lists them (with the flags saying
whether they have arrangements, promises, disputes or claims), and per contract the number, the highest id
and the sum of its ledger entries; beside them the number and the highest id of the messages the tenant
received in the shown months, whether the tenant has cases or open campaign questions at all, and the
corporation's payment provider. Ledger entries are never changed (a correction is a new entry), so a new
payment, charge or reversal changes the count and the highest id; a message sent or delivered changes the
message count or id. The key is a digest of that whole row set with the tenant, the day (the overdue
amounts and the twelve-month windows depend on it) and the language.

What the key cannot see, the cache does not hold: a tenant with any arrangement, promise, dispute or claim
on the overview (their statuses change without a new row) is rendered live, and so are the cases and the
campaign questions (read only when the key query says there are any). The key is read before the
overview, so an entry booked in between is stored under the older key and never served for the newer one.

The cache is Django's `portal` cache (per process in memory unless configured otherwise, see settings).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.cache import caches
from django.db import connection

from vangnet.arrangements.models import Arrangement, PaymentClaim, PaymentClaimStatus, Promise
from vangnet.arrangements.models import Channel as ArrangementChannel
from vangnet.arrangements.selectors import RUNNING
from vangnet.campaigns.models import CampaignTarget
from vangnet.cases.models import Case
from vangnet.core import sql
from vangnet.disputes.models import Dispute
from vangnet.ledger.models import Contract, ContractTenant, LedgerEntry, Unit
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.models import PaymentSettings
from vangnet.portal.selectors import RECEIVED, SHOWN_MONTHS, ContractRow, as_date
from vangnet.tenants.models import Tenant

CACHE_ALIAS = "portal"

# Portable SQL, filtered by corporation and tenant explicitly (raw SQL is not scoped by django-scopes).
# The uncorrelated subqueries (messages, cases, questions, provider) run once, not once per contract.
KEY_SQL = f"""
SELECT c.id, c.source_id, c.start_date, c.end_date, u.street, u.house_number, u.house_number_suffix, u.city,
  EXISTS (SELECT 1 FROM {sql.table(Arrangement)} a WHERE a.contract_id = c.id AND a.status IN (%s, %s)
          AND (a.removed_from_source_at IS NULL OR a.channel <> %s)),
  EXISTS (SELECT 1 FROM {sql.table(Promise)} p WHERE p.contract_id = c.id AND p.made_on >= %s
          AND p.removed_from_source_at IS NULL),
  EXISTS (SELECT 1 FROM {sql.table(Dispute)} d WHERE d.contract_id = c.id AND d.opened_on >= %s),
  EXISTS (SELECT 1 FROM {sql.table(PaymentClaim)} pc WHERE pc.contract_id = c.id AND pc.status = %s),
  (SELECT COUNT(*) FROM {sql.table(LedgerEntry)} e WHERE e.corporation_id = %s AND e.contract_id = c.id),
  (SELECT MAX(e.id) FROM {sql.table(LedgerEntry)} e WHERE e.corporation_id = %s AND e.contract_id = c.id),
  (SELECT SUM(e.amount) FROM {sql.table(LedgerEntry)} e WHERE e.corporation_id = %s AND e.contract_id = c.id),
  (SELECT COUNT(*) FROM {sql.table(OutgoingMessage)} m WHERE m.corporation_id = %s AND m.tenant_id = %s
          AND m.status IN (%s, %s) AND m.sent_at >= %s),
  (SELECT MAX(m.id) FROM {sql.table(OutgoingMessage)} m WHERE m.corporation_id = %s AND m.tenant_id = %s
          AND m.status IN (%s, %s) AND m.sent_at >= %s),
  EXISTS (SELECT 1 FROM {sql.table(Case)} k WHERE k.corporation_id = %s AND (k.tenant_id = %s OR k.accused_id = %s)),
  EXISTS (SELECT 1 FROM {sql.table(CampaignTarget)} t WHERE t.corporation_id = %s AND t.tenant_id = %s
          AND t.answered_on IS NULL),
  (SELECT s.provider FROM {sql.table(PaymentSettings)} s WHERE s.corporation_id = %s)
FROM {sql.table(ContractTenant)} ct
JOIN {sql.table(Contract)} c ON c.id = ct.contract_id
JOIN {sql.table(Unit)} u ON u.id = c.unit_id
WHERE ct.corporation_id = %s AND c.corporation_id = %s AND ct.tenant_id = %s
  AND ct.removed_from_source_at IS NULL AND c.removed_from_source_at IS NULL
ORDER BY c.start_date DESC, c.id
"""


@dataclass(frozen=True)
class OverviewKey:
    """What the key query found: the contracts as the overview lists them, and the cache key (empty when
    the page must be rendered live)."""

    contracts: list[ContractRow]
    key: str
    has_cases: bool
    has_questions: bool
    provider: str | None


def overview_key(*, tenant: Tenant, as_of: dt.date, language: str) -> OverviewKey | None:
    """None when the tenant has no contract on the overview (nothing worth caching, nothing known)."""
    since = as_of - relativedelta(months=SHOWN_MONTHS)
    sent_since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    corporation, me = tenant.corporation_id, tenant.pk
    params = [
        *RUNNING, ArrangementChannel.ERP.value, since, since, PaymentClaimStatus.OPEN.value,
        corporation, corporation, corporation,
        corporation, me, *RECEIVED, sent_since,
        corporation, me, *RECEIVED, sent_since,
        corporation, me, me,
        corporation, me,
        corporation,
        corporation, corporation, me,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(KEY_SQL, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    contracts = [
        ContractRow(
            pk, source_id, as_date(start), as_date(end) if end else None, street, number, suffix or "", city,
            bool(arrangements), bool(promises), bool(disputes), bool(claims),
        )
        for pk, source_id, start, end, street, number, suffix, city, arrangements, promises, disputes, claims,
        *_ in rows
    ]  # fmt: skip
    first = rows[0]
    has_cases, has_questions, provider = bool(first[-3]), bool(first[-2]), first[-1]
    live = any(c.has_arrangements or c.has_promises or c.has_disputes or c.has_claims for c in contracts)
    key = ""
    if not live:
        # str() of each value: SQLite hands back amounts as floats, PostgreSQL as Decimals; both are stable.
        state = repr([tuple(str(value) for value in row) for row in rows]).encode()
        digest = hashlib.blake2b(state, digest_size=16).hexdigest()
        key = f"overview:{corporation}:{me}:{as_of.isoformat()}:{language}:{digest}"
    return OverviewKey(contracts, key, has_cases, has_questions, provider)


def cached_fragments(key: str) -> dict[str, str] | None:
    if not key:
        return None
    return caches[CACHE_ALIAS].get(key)


def fragments_store(key: str, fragments: dict[str, str]) -> None:
    if key:
        caches[CACHE_ALIAS].set(key, fragments)
