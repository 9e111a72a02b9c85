"""Which corporation's own portal domain a request came in on, and the corporation of a portal session,
remembered per process for a minute.

Every portal request asks both; the answers change only when an admin sets a portal domain or the
corporation's name, colours or phone number, so a short-lived memo saves queries on each page without
making a change wait long.
"""

import time

from django_scopes import scopes_disabled

from vangnet.core.models import Corporation
from vangnet.payments.selectors import portal_corporation_for_host

TTL_SECONDS = 60.0
_memo: dict[str, tuple[float, Corporation | None]] = {}
_by_id: dict[int, tuple[float, Corporation | None]] = {}


def corporation_for_host(host: str) -> Corporation | None:
    now = time.monotonic()
    found = _memo.get(host)
    if found is not None and now - found[0] < TTL_SECONDS:
        return found[1]
    corporation = portal_corporation_for_host(host=host)
    if len(_memo) > 1000:  # a flood of made-up Host headers must not grow the memo without end
        _memo.clear()
    _memo[host] = (now, corporation)
    return corporation


def corporation_by_id(pk: int) -> Corporation | None:
    now = time.monotonic()
    found = _by_id.get(pk)
    if found is not None and now - found[0] < TTL_SECONDS:
        return found[1]
    with scopes_disabled():
        corporation = Corporation.objects.filter(pk=pk).first()
    _by_id[pk] = (now, corporation)
    return corporation


def host_memo_clear() -> None:
    _memo.clear()
    _by_id.clear()
