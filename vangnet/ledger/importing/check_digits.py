"""The checks SQL cannot do: IBANs and payment references need real check-digit logic. They run over the
distinct values of a column only, so they stay small whatever the size of the delivery."""

from django.db import connection
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.ledger.importing.schema import Entity
from vangnet.ledger.importing.staging import stage_table
from vangnet.ledger.importing.validation import ImportError_
from vangnet.ledger.payment_reference import is_valid_payment_reference


def python_checks(
    entity: Entity, file: str, present: set[str]
) -> tuple[list[ImportError_], list[ImportError_]]:
    """IBANs and payment references need real check-digit logic; distinct values only, so this stays small."""
    errors: list[ImportError_] = []
    warnings: list[ImportError_] = []
    for column in entity.columns:
        if column.name not in present:
            continue
        if column.kind == "iban":
            for row_no, value in _distinct_values(entity, column.name):
                try:
                    IBAN(value)
                except SchwiftyException as exc:
                    errors.append(
                        ImportError_(
                            file,
                            row_no,
                            column.name,
                            value,
                            f"ongeldig IBAN ({exc})",
                            f"invalid IBAN ({exc})",
                        )
                    )
        if column.name == "payment_reference":
            for row_no, value in _distinct_values(entity, column.name):
                if not is_valid_payment_reference(value):
                    warnings.append(
                        ImportError_(
                            file,
                            row_no,
                            column.name,
                            value,
                            "betalingskenmerk klopt niet (controlecijfer of lengte)",
                            "payment reference check digit or length is wrong",
                        )
                    )
    return errors, warnings


def _distinct_values(entity: Entity, column: str) -> list[tuple[int, str]]:
    statement = (
        f"SELECT MIN(row_no), {column} FROM {stage_table(entity)} WHERE {column} <> '' "
        f"GROUP BY {column} ORDER BY MIN(row_no)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return [(int(r[0]), r[1]) for r in cursor.fetchall()]
