"""An independent reading of the canonical schema's rules, to hold generated files against.

Written from schema.py's column kinds and docs, not from the importer, so the generator is checked even
where the importer is lenient.
"""

import csv
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.contracts.kinds.subscription import SubscriptionKind
from vangnet.ledger.importing.schema import ENTITIES, Column, Entity
from vangnet.ledger.payment_reference import is_valid_payment_reference

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"^-?\d{1,10}\.\d{2}$")  # the generator always writes two decimals
INT = re.compile(r"^\d{1,6}$")
BOOLS = {"", "0", "1"}


def read_rows(directory: Path, entity: Entity) -> Iterator[tuple[int, dict[str, str]]]:
    with (directory / entity.file_name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header == list(entity.column_names), f"{entity.file_name}: header {header}"
        for row in reader:
            assert len(row) == len(header), f"{entity.file_name} line {reader.line_num}: {len(row)} fields"
            yield reader.line_num, dict(zip(header, row, strict=True))


def column_error(column: Column, value: str) -> str | None:
    if value == "":
        return "required" if column.required else None
    if len(value) > column.max_length:
        return f"longer than {column.max_length}"
    if value != value.strip():
        return "surrounding whitespace"
    kind = column.kind
    if kind == "date":
        if not DATE.match(value):
            return "not YYYY-MM-DD"
        date.fromisoformat(value)
    elif kind in ("amount", "positive_amount"):
        if not AMOUNT.match(value):
            return "not an amount with a dot and two decimals"
        if kind == "positive_amount" and Decimal(value) < 0:
            return "negative"
    elif kind == "int" and not INT.match(value):
        return "not an integer"
    elif kind == "bool" and value not in BOOLS:
        return "not 0/1"
    elif kind == "choice" and value not in column.choices:
        return f"not one of {column.choices}"
    elif kind == "email":
        try:
            validate_email(value)
        except ValidationError:
            return "not an email address"
    elif kind == "iban":
        try:
            IBAN(value)
        except SchwiftyException as exc:
            return f"invalid IBAN: {exc}"
    return None


def row_errors(entity: Entity, row: dict[str, str]) -> list[str]:
    """The rules that span fields, as schema.py documents them."""
    errors: list[str] = []
    if entity.name == "tenants":
        if row["kind"] == "person" and not row["last_name"]:
            errors.append("person without last_name")
        if row["kind"] == "organisation" and not row["organisation_name"]:
            errors.append("organisation without organisation_name")
    elif entity.name == "contracts":
        if row["due_day"] and not 1 <= int(row["due_day"]) <= 28:
            errors.append("due_day outside 1-28")
        if row["end_date"] and row["end_date"] < row["start_date"]:
            errors.append("end before start")
        if row["payment_method"] == "direct_debit" and not (
            row["debit_iban"] and row["mandate_id"] and row["mandate_date"]
        ):
            errors.append("direct debit without IBAN and mandate")
        if not is_valid_payment_reference(row["payment_reference"]):
            errors.append("invalid betalingskenmerk")
    elif entity.name == "ledger_entries":
        if row["kind"] != "correction" and Decimal(row["amount"]) <= 0:
            errors.append("amount not above zero")
        if row["category"] and row["kind"] != "invoice":
            errors.append("category on a non-invoice")
        if row["reversal_reason"] and not re.match(r"^[A-Z0-9]{4}$", row["reversal_reason"]):
            errors.append("bad return code")
        if row["payment_reference"] and not is_valid_payment_reference(row["payment_reference"]):
            errors.append("invalid betalingskenmerk")
    elif entity.name == "promises" and row["promised_date"] < row["made_on"]:
        errors.append("promised before made")
    return errors


def schema_errors(directory: Path, limit: int = 50) -> list[str]:
    """Every broken rule in a generated delivery: fields, row rules, unique keys and references."""
    errors: list[str] = []
    keys: dict[str, set[tuple[str, ...]]] = {}
    refs: list[tuple[str, int, str, str, str]] = []
    for entity in ENTITIES:
        seen: set[tuple[str, ...]] = set()
        for line, row in read_rows(directory, entity):
            for column in entity.columns:
                problem = column_error(column, row[column.name])
                if problem:
                    errors.append(f"{entity.file_name}:{line} {column.name}={row[column.name]!r}: {problem}")
                if column.kind == "ref" and row[column.name]:
                    refs.append((entity.file_name, line, column.name, column.ref, row[column.name]))
            errors += [f"{entity.file_name}:{line} {e}" for e in row_errors(entity, row)]
            key = tuple(row[k] for k in entity.key)
            if key in seen:
                errors.append(f"{entity.file_name}:{line} duplicate key {key}")
            seen.add(key)
            if len(errors) > limit:
                return errors
        keys[entity.name] = seen
    # The plans a subscription may name are the serviceabonnement type's default settings, no file.
    keys["subscription_plans"] = {(plan["code"],) for plan in SubscriptionKind.default.settings["plans"]}
    for file, line, name, target, value in refs:
        if (value,) not in keys[target]:
            errors.append(f"{file}:{line} {name}={value!r} points to no {target} row")
    return errors[:limit]
