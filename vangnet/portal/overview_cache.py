"""The overview's rendered parts (the open questions, the balance with the contracts, the messages), cached
per tenant under a key that changes whenever what they show changes, so the page never shows a stale balance.

One query (`key_sql`) reads the tenant's contracts as the overview lists them and, per contract, the number,
the highest id and the sum of its ledger entries, and every arrangement (with its instalments), promise,
dispute and payment claim as the text of the fields the page shows; beside them the number and highest id
of the messages the tenant received in the shown months, the open campaign questions, whether the tenant
has cases at all, whether a house swap or a tenaamstelling waits for the tenant's answer, the
corporation's payment provider and the tenant's name (none for a tenant removed from the ERP); last, the
stored data of a session when one is asked for (vangnet/portal/middleware.py; not part of the key).
Ledger entries are never changed (a correction is a new entry), so a new payment, charge or reversal
changes the count and the highest id; a message sent or delivered changes the message count or id; an
agreement's new status, a counter-offer or a paid instalment changes its text. The key is a digest of the whole result with the tenant, the day (overdue amounts and the
twelve-month windows depend on it) and the language. A field added to those parts of the page must be added
to the key query (tests/portal/test_overview_cache.py changes each kind of data and reads the page).

The cases are not cached (their texts come from the case type's configuration): they are read only when the
key query says the tenant has any. The key is read before the overview, so a change in between is stored
under the older key and never served for the newer one.

The whole rendered page is cached too (`page_key`), for the tenants whose page holds nothing read live (no
cases, no swap or consent waiting): under the same key plus the corporation's name, phone, logo and
domain name, which the page also shows (the key query reads the tenant's name). What differs per request is left as a placeholder
in the stored HTML and filled in on every visit (`fill_in`): the CSRF token (Django's `get_token`, which
also sets the CSRF cookie as before) and the path the language buttons return to. A page with flash
messages (django.contrib.messages) is rendered live and never stored.

The cache is Django's `portal` cache (per process in memory, see settings).
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape

from vangnet.arrangements.models import Arrangement, Installment, PaymentClaim, PaymentClaimStatus, Promise
from vangnet.arrangements.models import Channel as ArrangementChannel
from vangnet.arrangements.selectors import RUNNING
from vangnet.campaigns.models import Campaign, CampaignTarget
from vangnet.cases.models import Case
from vangnet.contracts.models import (
    CoTenantChange,
    CoTenantConsent,
    CoTenantStatus,
    Swap,
    SwapParty,
    SwapStatus,
)
from vangnet.core import prepared, sql
from vangnet.core.models import Corporation
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.ledger.models import Contract, ContractTenant, LedgerEntry, Unit
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.models import PaymentSettings
from vangnet.portal.selectors import RECEIVED, SHOWN_MONTHS, ContractRow, as_date
from vangnet.tenants.models import Tenant

CACHE_ALIAS = "portal"
# Stand-ins in a stored page for what differs per request: letters and digits only, so escaping leaves them
# alone and no tenant's data is mistaken for them in practice.
CSRF_PLACEHOLDER = "vngtcsrfplaceholder7f3a91c2"
PATH_PLACEHOLDER = "vngtpathplaceholder5e08b4d6"


def _row(*parts: str) -> str:
    return "||':'||".join(sql.text(part) for part in parts)


@functools.cache
def key_sql() -> str:
    """The key query (built once per process: the aggregate differs between the two databases).

    Portable SQL, filtered by corporation and tenant explicitly (raw SQL is not scoped by django-scopes).
    The uncorrelated subqueries (messages, cases, questions, provider) run once, not once per contract.
    Prepared on PostgreSQL (planning it cost more than running it) and compacted to fit psycopg's cache of
    parsed statements (vangnet.core.prepared)."""
    arrangement = _row(
        "a.id", "a.status", "a.counter_offered_on", "a.agreed_on", "a.total_amount", "a.channel",
        "a.removed_from_source_at",
    )  # fmt: skip
    installment = _row("i.id", "i.sequence", "i.due_date", "i.amount", "i.paid_on")
    promise = _row("p.id", "p.status", "p.made_on", "p.promised_date", "p.amount", "p.removed_from_source_at")
    dispute = _row("d.id", "d.status", "d.opened_on", "dc.name")
    claim = _row("pc.id", "pc.status", "pc.amount", "pc.paid_on", "pc.registered_on")
    question = _row("t.id", "t.answered_on", "cp.status", "cp.deadline", "cp.kind")
    ledger = _row("COUNT(*)", "MAX(e.id)", "SUM(e.amount)")
    received = _row("COUNT(*)", "MAX(m.id)")
    # Text columns that are never NULL: joined as they are (the statement must stay short).
    name = "||':'||".join(
        f"tn.{column}"
        for column in ("kind", "initials", "first_name", "name_prefix", "last_name", "organisation_name")
    )
    return prepared.compact(f"""
SELECT c.id, c.source_id, c.start_date, c.end_date, u.street, u.house_number, u.house_number_suffix, u.city,
  EXISTS (SELECT 1 FROM {sql.table(Arrangement)} a WHERE a.contract_id = c.id AND a.status IN (%s, %s)
          AND (a.removed_from_source_at IS NULL OR a.channel <> %s)),
  EXISTS (SELECT 1 FROM {sql.table(Promise)} p WHERE p.contract_id = c.id AND p.made_on >= %s
          AND p.removed_from_source_at IS NULL),
  EXISTS (SELECT 1 FROM {sql.table(Dispute)} d WHERE d.contract_id = c.id AND d.opened_on >= %s),
  EXISTS (SELECT 1 FROM {sql.table(PaymentClaim)} pc WHERE pc.contract_id = c.id AND pc.status = %s),
  (SELECT {ledger} FROM {sql.table(LedgerEntry)} e WHERE e.corporation_id = %s AND e.contract_id = c.id),
  (SELECT {sql.joined(arrangement, "a.id")} FROM {sql.table(Arrangement)} a WHERE a.contract_id = c.id),
  (SELECT {sql.joined(installment, "i.id")} FROM {sql.table(Installment)} i
          JOIN {sql.table(Arrangement)} a ON a.id = i.arrangement_id WHERE a.contract_id = c.id),
  (SELECT {sql.joined(promise, "p.id")} FROM {sql.table(Promise)} p WHERE p.contract_id = c.id),
  (SELECT {sql.joined(dispute, "d.id")} FROM {sql.table(Dispute)} d
          JOIN {sql.table(DisputeCategory)} dc ON dc.id = d.category_id WHERE d.contract_id = c.id),
  (SELECT {sql.joined(claim, "pc.id")} FROM {sql.table(PaymentClaim)} pc WHERE pc.contract_id = c.id),
  (SELECT {received} FROM {sql.table(OutgoingMessage)} m WHERE m.corporation_id = %s AND m.tenant_id = %s
          AND m.status IN (%s, %s) AND m.sent_at >= %s),
  (SELECT {sql.joined(question, "t.id")} FROM {sql.table(CampaignTarget)} t
          JOIN {sql.table(Campaign)} cp ON cp.id = t.campaign_id
          WHERE t.corporation_id = %s AND t.tenant_id = %s AND t.answered_on IS NULL),
  EXISTS (SELECT 1 FROM {sql.table(Case)} k WHERE k.corporation_id = %s AND (k.tenant_id = %s OR k.accused_id = %s)),
  (EXISTS (SELECT 1 FROM {sql.table(SwapParty)} sp JOIN {sql.table(Swap)} sw ON sw.id = sp.swap_id
          WHERE sp.corporation_id = %s AND sp.tenant_id = %s AND sp.confirmed_at IS NULL AND sw.status = %s)
   OR EXISTS (SELECT 1 FROM {sql.table(CoTenantConsent)} cc JOIN {sql.table(CoTenantChange)} ch
          ON ch.id = cc.change_id WHERE cc.corporation_id = %s AND cc.tenant_id = %s AND cc.agreed IS NULL
          AND ch.status = %s)),
  (SELECT s.provider FROM {sql.table(PaymentSettings)} s WHERE s.corporation_id = %s), {name},
  (SELECT s.session_data FROM {sql.table(Session)} s WHERE s.session_key = %s AND s.expire_date > %s)
FROM {sql.table(ContractTenant)} ct
JOIN {sql.table(Contract)} c ON c.id = ct.contract_id
JOIN {sql.table(Unit)} u ON u.id = c.unit_id
JOIN {sql.table(Tenant)} tn ON tn.id = ct.tenant_id
WHERE ct.corporation_id = %s AND c.corporation_id = %s AND ct.tenant_id = %s AND tn.corporation_id = %s
  AND ct.removed_from_source_at IS NULL AND c.removed_from_source_at IS NULL AND tn.removed_from_source_at IS NULL
ORDER BY c.start_date DESC, c.id
""")


@dataclass(frozen=True)
class OverviewKey:
    """What the key query found: the contracts as the overview lists them, and the cache key (empty when
    the page must be rendered live)."""

    contracts: list[ContractRow]
    key: str
    has_cases: bool
    has_questions: bool
    provider: str | None
    # A house swap waits for the tenant's confirmation, or a tenaamstelling for their consent.
    has_waiting: bool = False
    # The stored data of the session asked for (None without one, or when it expired or ended).
    session_data: str | None = None


def overview_key(
    *, tenant_id: int, corporation_id: int, as_of: dt.date, language: str, session_key: str = ""
) -> OverviewKey | None:
    """None when the tenant has no contract on the overview or was removed from the ERP (nothing worth
    caching, nothing known). With `session_key`, the same query also reads that session's stored data
    (unexpired), for the cached overview answered before the view layer (vangnet/portal/middleware.py)."""
    since = as_of - relativedelta(months=SHOWN_MONTHS)
    sent_since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    corporation, me = corporation_id, tenant_id
    params = [
        *RUNNING, ArrangementChannel.ERP.value, since, since, PaymentClaimStatus.OPEN.value,
        corporation,
        corporation, me, *RECEIVED, sent_since,
        corporation, me,
        corporation, me, me,
        corporation, me, SwapStatus.OPEN.value, corporation, me, CoTenantStatus.CONSENT.value,
        corporation,
        session_key, connection.ops.adapt_datetimefield_value(timezone.now()),
        corporation, corporation, me, corporation,
    ]  # fmt: skip
    rows = prepared.prepared_rows(key_sql(), params)
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
    # ..., questions, cases, waiting, provider, the tenant's name, the session's data
    has_questions, has_cases, has_waiting, provider = (
        bool(first[-6]),
        bool(first[-5]),
        bool(first[-4]),
        first[-3],
    )
    # str() of each value: SQLite hands back amounts as floats, PostgreSQL as Decimals; both are stable.
    # Without the session's data: it changes within a visit (the second check), the page does not.
    state = repr([tuple(str(value) for value in row[:-1]) for row in rows]).encode()
    digest = hashlib.blake2b(state, digest_size=16).hexdigest()
    key = f"overview:{corporation}:{me}:{as_of.isoformat()}:{language}:{digest}"
    return OverviewKey(contracts, key, has_cases, has_questions, provider, has_waiting, first[-1])


def cached_fragments(key: str) -> dict[str, str] | None:
    if not key:
        return None
    return caches[CACHE_ALIAS].get(key)


def fragments_store(key: str, fragments: dict[str, str]) -> None:
    if key:
        caches[CACHE_ALIAS].set(key, fragments)


def page_key(found: OverviewKey, *, corporation: Corporation) -> str:
    """The key of the whole page, or "" when part of it is read live (cases, a swap or consent waiting).
    Beside the overview's key (whose query also reads the tenant's name): the corporation's name, phone,
    logo and domain name, which the page shows and the key query does not read."""
    if not found.key or found.has_cases or found.has_waiting:
        return ""
    shown = [corporation.name, corporation.phone, corporation.logo.name, corporation.slug]
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"page:{found.key}:{digest}"


def cached_page(key: str) -> str | None:
    if not key:
        return None
    return caches[CACHE_ALIAS].get(key)


def page_store(key: str, html: str) -> None:
    if key:
        caches[CACHE_ALIAS].set(key, html)


def fill_in(html: str, request: HttpRequest) -> str:
    """The stored page with this request's CSRF token and path."""
    return html.replace(CSRF_PLACEHOLDER, get_token(request)).replace(
        PATH_PLACEHOLDER, escape(request.get_full_path())
    )
