"""Staff sessions end after a while without a request, and no staff page or download stays in a cache.

A back-office page holds tenants' personal data and money: on a shared or lost computer neither an open
session nor the browser's cache (back button, disk cache) may keep showing it.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from vangnet.core import clock

LAST_SEEN_SESSION_KEY = "staff_last_seen"
# Writing the session on every request costs a query; a minute of slack on a 30-minute limit does not.
_REFRESH_SECONDS = 60


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated
        if staff:
            now = clock.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > settings.VANGNET_STAFF_IDLE_MINUTES * 60:
                # The page asked for then sends the colleague to the sign-in page, and back after it.
                logout(request)
                staff = False
            elif last_seen is None or now - last_seen > _REFRESH_SECONDS:
                request.session[LAST_SEEN_SESSION_KEY] = now
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        never_stored = "no-store" in response.get("Cache-Control", "")
        if (staff or (match is not None and match.namespace == "backoffice")) and not never_stored:
            # no-store, no-cache, must-revalidate, private, max-age=0: pages and downloads alike.
            add_never_cache_headers(response)
        return response
