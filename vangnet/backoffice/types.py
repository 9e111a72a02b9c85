from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from vangnet.core.models import Corporation, Membership


class HtmxHttpRequest(HttpRequest):
    """A request as the back office sees it, for type checkers."""

    htmx: HtmxDetails
    corporation: Corporation
    membership: Membership
