"""A half-filled report form kept in the tenant's portal session, so they can stop and go on later.

Only what was typed or chosen is kept, never the photos (a browser cannot give a file back to a form); the
page says so. The draft goes when the report is sent, and with the session when the tenant logs out.
"""

import datetime as dt
from collections.abc import Iterable

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from vangnet.core import clock

# The longest answer a report form takes; more is cut off rather than kept.
MAX_VALUE = 4000
NOT_KEPT = frozenset({"photos", "csrfmiddlewaretoken"})


def _key(code: str) -> str:
    return f"portal-report-draft:{code}"


def draft_save(request: HttpRequest, *, code: str, fields: Iterable[str], data: QueryDict) -> None:
    values = {
        name: data.get(name, "")[:MAX_VALUE] for name in fields if name not in NOT_KEPT and name in data
    }
    request.session[_key(code)] = {"saved_at": clock.now().isoformat(), "values": values}


def draft_get(request: HttpRequest, *, code: str) -> tuple[dict[str, str], dt.datetime] | None:
    """The kept values and when they were kept, or None."""
    found = request.session.get(_key(code))
    if not isinstance(found, dict) or not isinstance(found.get("values"), dict):
        return None
    return found["values"], timezone.localtime(dt.datetime.fromisoformat(found["saved_at"]))


def draft_clear(request: HttpRequest, *, code: str) -> None:
    request.session.pop(_key(code), None)
