"""import_erp_data: validate an ERP delivery completely, then apply it in one transaction (or not at all)."""

from vangnet.core.models import Corporation, User
from vangnet.ledger.importing.sources import ImportSource
from vangnet.ledger.models import ImportRun


def import_erp_data(
    *, corporation: Corporation, source: ImportSource, mode: str = "delta", actor: User | str | None
) -> ImportRun:
    raise NotImplementedError  # being written now
