"""Every error the API returns is JSON: {"detail": "...", "errors": [{field/file/row..., reason_nl, reason_en}]}."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vangnet.core.api_keys import ApiKeyRejected
from vangnet.core.errors import ApplicationError
from vangnet.ledger.importing.sources import SourceError

logger = logging.getLogger(__name__)

# pydantic's messages are English; these give the Dutch reader the gist for the common cases.
REASONS_NL = {
    "missing": "verplicht veld ontbreekt",
    "json_invalid": "geen geldige JSON",
    "literal_error": "ongeldige keuze",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "dict_type": "moet een object zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn",
    "extra_forbidden": "onbekend veld",
    "greater_than_equal": "waarde is te klein",
}

# The name ninja gives the body parameter; left out of field paths because the client never sees it.
BODY_PARAM = "payload"


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] == "body" and parts[1] == BODY_PARAM:
        parts = parts[2:] or ["body"]
    return ".".join(parts)


def validation_items(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "field": field_path(error.get("loc", ())),
            "reason_nl": REASONS_NL.get(error.get("type", ""), "ongeldige waarde"),
            "reason_en": error.get("msg", "invalid value"),
        }
        for error in errors
    ]


def source_error_item(exc: SourceError) -> dict[str, Any]:
    return {"file": exc.file, "reason_nl": exc.reason_nl, "reason_en": exc.reason_en}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = (
            str(exc) if isinstance(exc, ApiKeyRejected) else "Send an API key: 'Authorization: Bearer <key>'."
        )
        response = respond(request, 401, error_body(detail))
        response["WWW-Authenticate"] = 'Bearer realm="vangnet"'
        return response

    def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, error_body("The request is invalid.", validation_items(exc.errors)))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # ninja reports a body that is not JSON as a bare 400; name the body and the parser's reason.
            item = {"field": "body", "reason_nl": REASONS_NL["json_invalid"], "reason_en": str(exc.__cause__)}
            return respond(request, 422, error_body("The request body is not valid JSON.", [item]))
        return respond(request, exc.status_code, error_body(exc.message))

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body(str(exc) or "Not found."))

    def source_error(request: HttpRequest, exc: SourceError) -> HttpResponse:
        detail = f"{exc.file}: {exc.reason_en}"
        return respond(request, 400, error_body(detail, [source_error_item(exc)]))

    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return respond(request, 400, error_body(exc.message, exc.extra.get("errors")))

    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = "The request is too large; send big deliveries as files to POST /api/v1/imports."
        return respond(request, 413, error_body(detail))

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in API operation %s", request.path, exc_info=exc)
        return respond(request, 500, error_body("Internal error; it has been logged."))

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ApiKeyRejected, unauthenticated)
    api.add_exception_handler(ValidationError, validation_failed)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(SourceError, source_error)
    api.add_exception_handler(ApplicationError, application_error)
    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(TooManyFilesSent, too_big)
    api.add_exception_handler(Exception, unexpected)
