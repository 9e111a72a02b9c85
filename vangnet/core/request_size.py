"""A request body larger than its kind allows is refused before a byte of it is read.

Django spools uploaded files to disk as it parses them, and checks a file's size only afterwards: without a
cap, anyone can make a worker write gigabytes. This middleware, first in the chain, reads the declared
Content-Length and answers 413 with a clear message when it passes the cap of the page's kind:

| kind        | pages                                                      | setting (MB)                 |
|-------------|------------------------------------------------------------|------------------------------|
| attachment  | a dispute's or a tenant's document (portal and back office) | VANGNET_MAX_ATTACHMENT_MB 11 |
| statement   | a bank statement upload                                     | VANGNET_MAX_STATEMENT_MB 20  |
| import      | the ERP import API (`/api/v1/imports`)                      | VANGNET_MAX_IMPORT_MB 500    |
| anything    | every other request                                         | VANGNET_MAX_REQUEST_MB 2     |

A body sent without a Content-Length (chunked) is read by Django as empty, so it cannot pass the cap
either. The web server in front should refuse the largest of these before Django sees it (nginx:
`client_max_body_size 500m`; see the README's configuration table).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext

MB = 1024 * 1024
# URL names (namespace:name) of the pages that take a file, and their kind.
UPLOAD_KINDS = {
    "portal:dispute": "attachment",
    "backoffice:dispute_new": "attachment",
    "backoffice:dispute_action": "attachment",
    "backoffice:tenant_document_add": "attachment",
    "backoffice:bank_statements": "statement",
}
IMPORT_PATH_PREFIX = "/api/v1/imports"


def upload_kind(path: str) -> str:
    if path.startswith(IMPORT_PATH_PREFIX):
        return "import"
    try:
        match = resolve(path)
    except Resolver404:
        return "default"
    return UPLOAD_KINDS.get(match.view_name, "default")


def size_limit(kind: str) -> int:
    return int(settings.VANGNET_REQUEST_SIZE_MB[kind] * MB)


def _message(kind: str, limit: int) -> str:
    megabytes = limit // MB
    if kind == "attachment":
        return gettext("Het bestand is te groot. Een bijlage mag hoogstens %(mb)s MB zijn.") % {"mb": 10}
    if kind == "statement":
        return gettext("Het bankafschrift is te groot. Een bestand mag hoogstens %(mb)s MB zijn.") % {
            "mb": megabytes
        }
    return gettext("Wat u stuurt is te groot: hoogstens %(mb)s MB.") % {"mb": megabytes}


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # Most requests are small: only a body above the smallest cap costs a URL lookup.
        if length > size_limit("default"):
            kind = upload_kind(request.path_info)
            limit = size_limit(kind)
            if length > limit:
                message = _message(kind, limit)
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=413)
                response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
                # The body was not read: the connection cannot carry another request.
                response["Connection"] = "close"
                return response
        return self.get_response(request)
