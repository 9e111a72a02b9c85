"""Every error the API returns is JSON: {"detail": "...", "errors": [{field/file/row..., reason_nl, reason_en}]}."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vangnet.cases.contractor_keys import ContractorKeyRejected
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
    "value_error": "ongeldige waarde",
}

# Where ninja found the parameter, and the name of the view's body parameter: neither is something the
# client wrote, so field paths start at the client's own field name.
SOURCES = {"body", "form", "file", "query", "path", "header", "cookie"}
BODY_PARAM = "payload"


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in SOURCES:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts[:1] == [BODY_PARAM]:
            parts = parts[1:]
        parts = parts or [source]
    return ".".join(parts)


def validation_items(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "field": field_path(error.get("loc", ())),
            "reason_nl": REASONS_NL.get(error.get("type", ""), "ongeldige waarde"),
            "reason_en": error.get("msg", "invalid value").removeprefix("Value error, "),
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
            str(exc)
            if isinstance(exc, ApiKeyRejected | ContractorKeyRejected)
            else "Send an API key: 'Authorization: Bearer <key>'."
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

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        detail = "The request body is too large; send big deliveries as files to POST /api/v1/imports."
        return respond(request, 413, error_body(detail))

    def too_many_files(request: HttpRequest, exc: TooManyFilesSent) -> HttpResponse:
        detail = f"Too many files in one request (at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES})."
        return respond(request, 400, error_body(detail))

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in API operation %s", request.path, exc_info=exc)
        return respond(request, 500, error_body("Internal error; it has been logged."))

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        AuthenticationError: unauthenticated,
        ApiKeyRejected: unauthenticated,
        ContractorKeyRejected: unauthenticated,
        ValidationError: validation_failed,
        HttpError: http_error,
        Http404: not_found,
        SourceError: source_error,
        ApplicationError: application_error,
        RequestDataTooBig: too_big,
        TooManyFilesSent: too_many_files,
        Exception: unexpected,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
