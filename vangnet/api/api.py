"""The Vangnet REST API: one NinjaAPI, versioned paths under /api/v1/, docs at /api/docs."""

from ninja import NinjaAPI

from vangnet.api import cases, contractor, events, handovers, imports, lettings, records, reports
from vangnet.api.auth import ApiKeyAuth, run_in_key_scope
from vangnet.api.errors import install_error_handlers

api = NinjaAPI(
    title="Vangnet API",
    version="1",
    urls_namespace="api",
    auth=ApiKeyAuth(),
    description=(
        "For the corporation's ERP and other systems. Authenticate with `Authorization: Bearer <key>`; "
        "a key belongs to one corporation and only ever sees that corporation's data. Amounts are strings "
        'with two decimals ("725.50"), dates ISO 8601. Errors are JSON: `{"detail": ..., "errors": [...]}`.'
    ),
)
# "view" mode wraps ninja's whole handler (auth included); "operation" would wrap only the endpoint.
api.add_decorator(run_in_key_scope, mode="view")
install_error_handlers(api)
api.add_router("/v1/imports", imports.router)
api.add_router("/v1", records.router)
api.add_router("/v1", events.router)
api.add_router("/v1", reports.router)
api.add_router("/v1", cases.router)
api.add_router("/v1", handovers.router)
api.add_router("/v1", lettings.router)
api.add_router("/v1", contractor.router)
