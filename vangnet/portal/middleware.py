"""The cached overview answered before the view layer: one query for a tenant's most frequent page.

A tenant's visit to the overview whose whole page is in the `portal` cache (vangnet/portal/overview_cache.py)
is answered here, placed right after CsrfViewMiddleware: security, CSP, session, language, common and CSRF
middleware run around it as for any page, and the rest (authentication, OTP, staff sessions, messages,
htmx, scopes, axes, URL resolution and the view's wrapper) is skipped. What the skipped part adds to this
page is added here in the same order: `Cache-Control: no-store` (as `portal_view`) and X-Frame-Options
(Django's XFrameOptionsMiddleware's own code).

One query: the overview's key query also reads the session's stored data (unexpired). The session's
decoded data is remembered per process under its key, and used only when the stored data read in that same
query is exactly what was decoded: a session that ended (logout, expiry, a new key) or changed never answers
from the memo. A visit falls through to the ordinary path (which renders, stores and redirects as before)
whenever anything differs from the plain case: another method or path, no session or no portal session in
it, a staff login in the same session, a notice to show (django.contrib.messages, in the session or its
cookie), the corporation's own domain serving another corporation, a tenant without contracts or removed
from the ERP, a page not (yet) stored, or a page with cases, a swap or a consent (read live).
"""

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.urls import reverse
from django.utils import translation

from vangnet.core import clock
from vangnet.core.sessions import SessionStore
from vangnet.portal.hosts import corporation_by_id, corporation_for_host
from vangnet.portal.overview_cache import cached_page, fill_in, overview_key, page_key
from vangnet.portal.session import SESSION_KEY

# A flood of made-up session keys must not grow the memo without end.
MEMO_ENTRIES = 10_000
_sessions: dict[str, tuple[str, dict]] = {}


def _never_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only process_response is used")


class CachedOverviewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.x_frame_options = XFrameOptionsMiddleware(_never_called)
        self.path = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.path:
            self.path = reverse("portal:overview")
        if request.method == "GET" and request.path_info == self.path:
            response = cached_overview(request)
            if response is not None:
                return self.x_frame_options.process_response(request, response)
        return self.get_response(request)


def _session_memo(session: SessionStore) -> tuple[str, dict] | None:
    key = session.session_key
    if not key:
        return None
    found = _sessions.get(key)
    if found is None:
        data = session._session_data()
        if data is None:
            return None
        if len(_sessions) >= MEMO_ENTRIES:
            _sessions.clear()
        found = _sessions[key] = (data, session.decode(data))
    return found


def cached_overview(request: HttpRequest) -> HttpResponse | None:
    """The stored overview with this request's CSRF token and path, or None to take the ordinary path."""
    if CookieStorage.cookie_name in request.COOKIES:
        return None
    session = request.session
    if not isinstance(session, SessionStore):
        return None
    memo = _session_memo(session)
    if memo is None:
        return None
    stored, data = memo
    portal = data.get(SESSION_KEY)
    if not portal or AUTH_SESSION_KEY in data or SessionStorage.session_key in data:
        return None
    corporation = corporation_by_id(portal["corporation"])
    if corporation is None:
        return None
    host_corporation = corporation_for_host(request.get_host())
    if host_corporation is not None and host_corporation.pk != corporation.pk:
        return None
    found = overview_key(
        tenant_id=portal["tenant"],
        corporation_id=corporation.pk,
        as_of=clock.today(),
        language=translation.get_language(),
        session_key=session.session_key or "",
    )
    if found is None:
        return None
    if found.session_data != stored:  # the session ended or changed since it was remembered
        _sessions.pop(session.session_key or "", None)
        return None
    html = cached_page(page_key(found, corporation=corporation))
    if html is None:
        return None
    response = HttpResponse(fill_in(html, request))
    response.headers["Cache-Control"] = "no-store"
    return response


def session_memo_clear() -> None:
    _sessions.clear()
