"""A colleague's approve-or-refuse form (a house swap, a tenaamstelling): the choice and the reason read from
the form, the service called, and its answer told as a message on the page the colleague returns to."""

from collections.abc import Callable

from django.contrib import messages

from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.errors import ApplicationError

APPROVE, REFUSE = "goedkeuren", "afwijzen"
REASON_LENGTH = 2000


def decision_run(
    request: HtmxHttpRequest,
    *,
    decide: Callable[[bool, str], object],
    missing: str,
    approved: str,
    refused: str,
) -> None:
    """`decide(approve, reason)` is the service; a refusal from it is shown and changes nothing."""
    choice = request.POST.get("besluit", "")
    if choice not in (APPROVE, REFUSE):
        messages.error(request, missing)
        return
    try:
        decide(choice == APPROVE, request.POST.get("reden", "").strip()[:REASON_LENGTH])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, approved if choice == APPROVE else refused)
