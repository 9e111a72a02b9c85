"""Which corporation's own portal domain a request came in on, remembered per process for a minute.

Every portal request asks; the answer changes only when an admin sets a portal domain, so a short-lived
memo saves a query on each page without making a new domain wait long.
"""

import time

from vangnet.core.models import Corporation
from vangnet.payments.selectors import portal_corporation_for_host

TTL_SECONDS = 60.0
_memo: dict[str, tuple[float, Corporation | None]] = {}


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


def host_memo_clear() -> None:
    _memo.clear()
