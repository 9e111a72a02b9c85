"""Every check a delivery must pass before anything is applied, as set-based SQL over the staging tables.

Each entity is scanned once for its field checks; references and immutability each take one anti-join, and
duplicates one window, only when the staged key's unique index could not be built (staging.py). The
check-digit checks are in check_digits.py. Errors name the file, the row, the field, the value and the
reason in Dutch and English.
"""

from dataclasses import asdict, dataclass

from django.db import connection

from vangnet.core import sql
from vangnet.ledger.importing.schema import Column, Entity
from vangnet.ledger.importing.staging import stage_table
from vangnet.ledger.importing.targets import REF_TABLES, TARGETS, ref_table
from vangnet.ledger.importing.valid_dates import valid_date

MAX_ERRORS = 1000
AMOUNT = r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
POSITIVE_AMOUNT = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
# The same shapes without the bound on the digits before the point (see _amount_ok).
ANY_LENGTH_AMOUNT = r"^-?[0-9]+(\.[0-9]{1,2})?$"
ANY_LENGTH_POSITIVE_AMOUNT = r"^[0-9]+(\.[0-9]{1,2})?$"
EMAIL = r"^[^@ ]+@[^@ ]+\.[^@ ]+$"
# Line breaks, tabs and the other C0 controls, and DEL. A NUL cannot reach here: PostgreSQL text holds none.
CONTROL_CHARACTER = r"[\x01-\x1f\x7f]"
BOOLEAN_WORDS = ("", "0", "1", "true", "false", "ja", "nee", "yes", "no", "j", "n", "y")


@dataclass(frozen=True)
class ImportError_:
    file: str
    row: int | None
    field: str
    value: str
    reason_nl: str
    reason_en: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Check:
    column: str
    condition: str  # SQL that is true when the row is wrong
    reason_nl: str
    reason_en: str
    # Text columns' control-character checks are one regular expression over the row's text in the scan.
    control_character: bool = False


def _quote(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _longer_than(col: str, max_length: int) -> str:
    # Counting characters decodes the text; its bytes are never fewer, so counting them first is a cheap
    # filter that only lets the long values through to the real count.
    if sql.is_postgres():
        return f"(octet_length({col}) > {max_length} AND length({col}) > {max_length})"
    return f"length({col}) > {max_length}"


def _amount_ok(col: str, *, positive: bool) -> str:
    """True when col is a valid amount. A bounded repetition makes PostgreSQL's regular expression about
    twice as dear (3.5 s against 1.8 s over 4.8 million amounts), so the unbounded shape decides for values
    of at most 10 characters (which cannot hold more than 10 digits before the point) and the exact one runs
    only on longer values."""
    exact, any_length = (
        (POSITIVE_AMOUNT, ANY_LENGTH_POSITIVE_AMOUNT) if positive else (AMOUNT, ANY_LENGTH_AMOUNT)
    )
    length = f"octet_length({col})" if sql.is_postgres() else f"length({col})"
    return f"({sql.regex(col, any_length)} AND ({length} <= 10 OR {sql.regex(col, exact)}))"


def column_checks(column: Column) -> list[Check]:
    col = f"s.{column.name}"
    checks: list[Check] = []
    if column.required:
        checks.append(Check(column.name, f"{col} = ''", "verplicht veld is leeg", "required field is empty"))
    checks.append(
        Check(
            column.name,
            _longer_than(col, column.max_length),
            f"langer dan {column.max_length} tekens",
            f"longer than {column.max_length} characters",
        )
    )
    if column.kind in ("text", "email"):
        # A line break in a name or address can inject a header into an e-mail or split an export's row.
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND {sql.regex(col, CONTROL_CHARACTER)}",
                "bevat een regeleinde of ander stuurteken",
                "contains a line break or other control character",
                control_character=True,
            )
        )
    if column.kind == "date":
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND NOT {valid_date(col)}",
                "geen geldige datum (JJJJ-MM-DD)",
                "not a valid date (YYYY-MM-DD)",
            )
        )
    elif column.kind in ("amount", "positive_amount"):
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND NOT {_amount_ok(col, positive=column.kind == 'positive_amount')}",
                "geen geldig bedrag (bijvoorbeeld 812.50, punt als decimaalteken)"
                + ("" if column.kind == "amount" else ", niet negatief"),
                "not a valid amount (e.g. 812.50, dot as decimal separator)"
                + ("" if column.kind == "amount" else ", not negative"),
            )
        )
    elif column.kind == "int":
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND NOT {sql.regex(col, r'^[0-9]{1,6}$')}",
                "geen geheel getal",
                "not a whole number",
            )
        )
    elif column.kind == "bool":
        checks.append(
            Check(
                column.name,
                f"lower({col}) NOT IN ({_quote(BOOLEAN_WORDS)})",
                "geen ja/nee-waarde (gebruik 1 of 0)",
                "not a yes/no value (use 1 or 0)",
            )
        )
    elif column.kind == "choice":
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND {col} NOT IN ({_quote(column.choices)})",
                "onbekende waarde; toegestaan: " + ", ".join(column.choices),
                "unknown value; allowed: " + ", ".join(column.choices),
            )
        )
    elif column.kind == "email":
        checks.append(
            Check(
                column.name,
                f"{col} <> '' AND NOT {sql.regex(col, EMAIL)}",
                "geen geldig e-mailadres",
                "not a valid email address",
            )
        )
    return checks


def entity_checks(entity: Entity, present: set[str]) -> list[Check]:
    """Field checks plus the rules that span fields of one row."""
    checks = [check for column in entity.columns if column.name in present for check in column_checks(column)]
    amount_ok = sql.regex("s.amount", AMOUNT)
    if entity.name == "tenants":
        checks += [
            Check(
                "last_name",
                "s.kind = 'person' AND s.last_name = ''",
                "achternaam ontbreekt voor een persoon",
                "last name missing for a person",
            ),
            Check(
                "organisation_name",
                "s.kind = 'organisation' AND s.organisation_name = ''",
                "organisatienaam ontbreekt",
                "organisation name missing",
            ),
        ]
    if entity.name == "contracts":
        checks += [
            Check(
                "due_day",
                f"{sql.regex('s.due_day', '^[0-9]{1,2}$')} AND CAST(s.due_day AS integer) NOT BETWEEN 1 AND 28",
                "vervaldag moet tussen 1 en 28 liggen",
                "due day must be between 1 and 28",
            ),
            Check(
                "end_date",
                f"s.end_date <> '' AND {valid_date('s.end_date')} AND {valid_date('s.start_date')} "
                "AND s.end_date < s.start_date",
                "einddatum ligt voor de ingangsdatum",
                "end date is before the start date",
            ),
            Check(
                "debit_iban",
                "s.payment_method = 'direct_debit' AND s.debit_iban = ''",
                "IBAN ontbreekt bij automatische incasso",
                "IBAN missing for direct debit",
            ),
        ]
    if entity.name == "ledger_entries":
        checks += [
            Check(
                "amount",
                # A valid amount is at most 0 when it has a minus sign or only zeros; both are cheap string
                # tests, so the regular expression runs only on the few rows they let through.
                f"s.kind <> 'correction' AND (s.amount LIKE '-%' OR ltrim(s.amount, '0.') = '') AND {amount_ok}",
                "bedrag moet groter dan 0 zijn (alleen een correctie mag negatief zijn)",
                "amount must be above 0 (only a correction may be negative)",
            ),
            Check(
                "reversal_reason",
                f"s.reversal_reason <> '' AND NOT {sql.regex('s.reversal_reason', '^[A-Z0-9]{4}$')}",
                "retourcode moet 4 tekens zijn, zoals AM04",
                "return code must be 4 characters, like AM04",
            ),
            Check(
                "category",
                "s.kind <> 'invoice' AND s.category <> ''",
                "categorie hoort alleen bij een vordering",
                "category belongs to invoices only",
            ),
        ]
    if entity.name in ("circumstances", "service_subscriptions"):
        checks.append(
            Check(
                "end_date",
                f"s.end_date <> '' AND {valid_date('s.end_date')} AND {valid_date('s.start_date')} "
                "AND s.end_date < s.start_date",
                "einddatum ligt voor de begindatum",
                "end date is before the start date",
            )
        )
    if entity.name == "arrangement_installments":
        checks.append(
            Check("sequence", "s.sequence = '0'", "volgnummer begint bij 1", "sequence starts at 1")
        )
    return checks


def field_errors(entity: Entity, file: str, present: set[str]) -> list[ImportError_]:
    checks = entity_checks(entity, present)
    flags = ", ".join(f"CASE WHEN {c.condition} THEN 1 ELSE 0 END AS f{i}" for i, c in enumerate(checks))
    columns = ", ".join(f"s.{c.name}" for c in entity.columns)
    # The scan over every row tests one regular expression on the text columns joined, not one per column;
    # the flags above then say which column it was, for the few rows that fail.
    texts = [c.column for c in checks if c.control_character]
    joined_text = [sql.regex(" || ".join(f"s.{name}" for name in texts), CONTROL_CHARACTER)] if texts else []
    any_failed = " OR ".join(
        [*(f"({c.condition})" for c in checks if not c.control_character), *joined_text] or ["false"]
    )
    statement = (
        f"SELECT s.row_no, {columns}, {flags} FROM {stage_table(entity)} s "
        f"WHERE {any_failed} ORDER BY s.row_no LIMIT {MAX_ERRORS}"
    )
    errors: list[ImportError_] = []
    with connection.cursor() as cursor:
        cursor.execute(statement)
        for row in cursor.fetchall():
            values = dict(zip(entity.column_names, row[1 : 1 + len(entity.columns)], strict=True))
            for check, flag in zip(checks, row[1 + len(entity.columns) :], strict=True):
                if flag:
                    errors.append(
                        ImportError_(
                            file, row[0], check.column, values[check.column], check.reason_nl, check.reason_en
                        )
                    )
    return errors


def duplicate_errors(entity: Entity, file: str) -> list[ImportError_]:
    key = ", ".join(f"s.{k}" for k in entity.key)
    statement = (
        f"SELECT row_no, {key} FROM (SELECT s.row_no, {key}, "
        f"ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY s.row_no) AS n FROM {stage_table(entity)} s) s "
        f"WHERE n > 1 ORDER BY row_no LIMIT {MAX_ERRORS}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return [
            ImportError_(
                file,
                row[0],
                "+".join(entity.key),
                " / ".join(row[1:]),
                "komt meer dan eens voor",
                "occurs more than once",
            )
            for row in cursor.fetchall()
        ]


# The words for a reference that points nowhere, where "an unknown id" would not say what is wrong.
UNKNOWN_REFERENCE = {
    "circumstance_kinds": (
        "onbekende soort omstandigheid (zie Omstandigheden in de inrichting)",
        "unknown circumstance kind",
    ),
    "subscription_plans": ("onbekend serviceabonnement (zie het zaaktype Serviceabonnement)", "unknown plan"),
}


def reference_errors(entity: Entity, file: str, staged: set[str], corporation_id: int) -> list[ImportError_]:
    errors: list[ImportError_] = []
    for column in entity.columns:
        if column.kind != "ref":
            continue
        model, ref_key, model_column = REF_TABLES[column.ref]
        table = ref_table(model)
        in_delivery = ""
        if column.ref in staged:
            ref_stage = stage_table(TARGETS[column.ref].entity)
            in_delivery = f"AND NOT EXISTS (SELECT 1 FROM {ref_stage} r WHERE r.{ref_key} = s.{column.name})"
        statement = (
            f"SELECT s.row_no, s.{column.name} FROM {stage_table(entity)} s WHERE s.{column.name} <> '' "
            f"{in_delivery} AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.corporation_id = %s "
            f"AND t.{model_column} = s.{column.name}) ORDER BY s.row_no LIMIT {MAX_ERRORS}"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [corporation_id])
            errors += [
                ImportError_(
                    file,
                    row[0],
                    column.name,
                    row[1],
                    *UNKNOWN_REFERENCE.get(
                        column.ref, ("verwijst naar een onbekend nummer", "refers to an unknown id")
                    ),
                )
                for row in cursor.fetchall()
            ]
    return errors


def immutability_errors(entity: Entity, file: str, corporation_id: int) -> list[ImportError_]:
    """A known ledger entry that comes back different: the ERP must send a correction instead."""
    target = TARGETS[entity.name]
    joins = target.join_clauses("LEFT JOIN")
    changed = " OR ".join(sql.differs(f"t.{f.column}", f.expr) for f in target.fields)
    statement = (
        f"SELECT s.row_no, s.entry_id FROM {stage_table(entity)} s {joins} "
        f"JOIN {target.table} t ON t.corporation_id = %(corporation)s AND t.source_id = s.entry_id "
        f"WHERE {changed} ORDER BY s.row_no LIMIT {MAX_ERRORS}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, {"corporation": corporation_id})
        return [
            ImportError_(
                file,
                row[0],
                "entry_id",
                row[1],
                "boeking bestaat al met andere gegevens; boekingen wijzigen niet, stuur een correctie",
                "entry exists with different data; entries are immutable, send a correction",
            )
            for row in cursor.fetchall()
        ]
