"""ERP deliveries: files or JSON rows in, an ImportRun out (201 applied, 422 rejected with every error)."""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from vangnet.api.schemas import (
    ErrorOut,
    ImportFormat,
    ImportMode,
    ImportRejectedOut,
    ImportRunOut,
    ImportRunSummaryOut,
    RowsImportIn,
)
from vangnet.api.uploads import uploads_in_directory
from vangnet.ledger.importing.formats import DEFAULT_FILE_FORMAT, file_source
from vangnet.ledger.importing.sources import ImportSource, RowsSource
from vangnet.ledger.models import ImportRun, ImportStatus
from vangnet.ledger.services.imports import import_erp_data

router = Router(tags=["imports"])

IMPORT_RESPONSES = {
    201: ImportRunOut,
    400: ErrorOut,
    401: ErrorOut,
    413: ErrorOut,
    # Smart union matching would pick ErrorOut for a rejected run (it has detail and errors too).
    422: Annotated[ImportRejectedOut | ErrorOut, Field(union_mode="left_to_right")],
}


def _run_import(request: HttpRequest, source: ImportSource, mode: str) -> Status:
    run = import_erp_data(
        corporation=request.corporation,  # type: ignore[attr-defined]
        source=source,
        mode=mode,
        # Cut to the width of ImportRun.actor_label: a 100-character key name must not break the import.
        actor=f"api:{request.auth.name}"[:100],  # type: ignore[attr-defined]
    )
    if run.status == ImportStatus.APPLIED:
        return Status(201, run)
    return Status(422, run)


@router.post(
    "",
    response=IMPORT_RESPONSES,
    operation_id="importFiles",
    summary="Import files (canonical CSV set or VERA JSON)",
)
def import_files(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    source_format: Annotated[ImportFormat, Form(alias="format")] = DEFAULT_FILE_FORMAT,
    mode: Form[ImportMode] = "delta",
) -> Status:
    """Multipart upload. CSV: one file per entity, named `<entity>.csv` (`tenants.csv`, `contracts.csv`, ...).
    VERA: JSON files. The delivery is validated completely and applied in one transaction, or not at all.
    `mode=delta` (default) adds and updates what the delivery holds; `snapshot` treats the delivery as the
    complete state: records it no longer lists are marked as removed, never deleted.
    """
    with uploads_in_directory(files) as paths:
        source = file_source(source_format, paths)
        return _run_import(request, source, mode)


@router.post(
    "/rows", response=IMPORT_RESPONSES, operation_id="importRows", summary="Import rows sent as JSON"
)
def import_rows(request: HttpRequest, payload: RowsImportIn) -> Status:
    """The same import for small deliveries: rows per entity as JSON objects with the canonical columns."""
    source = RowsSource(payload.rows, label="api")
    return _run_import(request, source, payload.mode)


@router.get(
    "", response=list[ImportRunSummaryOut], operation_id="listImports", summary="List imports, newest first"
)
@paginate(PageNumberPagination)
def list_imports(request: HttpRequest):  # type: ignore[no-untyped-def]
    return ImportRun.objects.order_by("-started_at", "-pk")


@router.get(
    "/{run_id}",
    response={200: ImportRunOut, 401: ErrorOut, 404: ErrorOut},
    operation_id="getImport",
    summary="One import with its errors",
)
def get_import(request: HttpRequest, run_id: int) -> ImportRun:
    # Scoped to the key's corporation: another corporation's id is simply not found.
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404(f"No import with id {run_id}.")
    return run
