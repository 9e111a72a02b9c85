"""Output and input schemas of the API. Amounts are strings with two decimals, dates ISO 8601."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, PlainSerializer, WithJsonSchema

from vangnet.core.money import quantize
from vangnet.ledger.importing.formats import FILE_FORMATS

# A float would lose cents in some client somewhere; a string with two decimals cannot.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{quantize(value):.2f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["725.50"]}),
]


def _cell(value: object) -> object:
    # Floats are refused rather than turned into text: 0.1 + 0.2 style noise must not become an amount.
    if value is None or isinstance(value, str | bool | int):
        return value
    raise ValueError('must be text, a whole number, true/false or null; send amounts as text, e.g. "725.50"')


Cell = Annotated[
    Any,
    AfterValidator(_cell),
    WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "null"}]}
    ),
]

ImportMode = Literal["delta", "snapshot"]
# The file formats of the one registry (ledger.importing.formats), as the enum the OpenAPI schema shows.
ImportFormat = Literal[FILE_FORMATS]  # type: ignore[valid-type]


class ErrorItem(Schema):
    """One problem. Import errors fill file/row/field/value; request errors name the field."""

    file: str | None = None
    row: int | None = None
    field: str | None = None
    value: str | None = None
    reason_nl: str = ""
    reason_en: str = ""


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class ImportRunSummaryOut(Schema):
    id: int
    status: Literal["applied", "rejected"]
    mode: ImportMode
    source_format: str
    file_names: list[str]
    file_hash: str
    actor: str = Field(validation_alias="actor_label")
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, dict[str, int]] = Field(
        description="per entity: created, updated, unchanged, and in snapshot mode closed (no longer listed)",
        examples=[{"tenants": {"created": 2, "updated": 1, "unchanged": 40, "closed": 0}}],
    )
    error_count: int
    warning_count: int

    @staticmethod
    def resolve_error_count(obj: Any) -> int:
        return len(obj.errors or [])

    @staticmethod
    def resolve_warning_count(obj: Any) -> int:
        return len(obj.warnings or [])


class ImportRunOut(ImportRunSummaryOut):
    errors: list[ErrorItem]
    warnings: list[ErrorItem]


class ImportRejectedOut(ImportRunOut):
    """A rejected import: the run itself, with `detail` so it reads like every other error."""

    detail: str

    @staticmethod
    def resolve_detail(obj: Any) -> str:
        return f"Import rejected with {len(obj.errors or [])} error(s); nothing was changed."


class RowsImportIn(Schema):
    mode: ImportMode = "delta"
    rows: dict[str, list[dict[str, Cell]]] = Field(
        description=(
            "Rows per entity (tenants, units, contracts, contract_tenants, ledger_entries, arrangements, "
            "arrangement_installments, promises, circumstances), keyed by the canonical column names. Amounts and dates "
            "are strings ('725.50', '2026-01-31')."
        ),
        examples=[{"tenants": [{"tenant_id": "T1", "kind": "person", "last_name": "Jansen"}]}],
    )


class PartyOut(Schema):
    """A tenant on a contract, seen from either side."""

    contract_id: str
    tenant_id: str
    role: str


class CircumstanceOut(Schema):
    """A circumstance in force (signalering): the kind and its dates, never more."""

    circumstance_id: str = Field(description="The ERP's id; empty for one recorded in Vangnet")
    kind: str
    kind_name: str
    start_date: date
    end_date: date | None
    source: str = Field(description="erp, staff, call or portal")


class TenantOut(Schema):
    tenant_id: str
    kind: str
    initials: str
    first_name: str
    name_prefix: str
    last_name: str
    organisation_name: str
    birth_date: date | None
    language: str
    tone: str
    email: str
    phone_mobile: str
    phone_home: str
    street: str
    house_number: str
    house_number_suffix: str
    postcode: str
    city: str
    country: str
    preferred_channel: str
    no_voice_calls: bool
    no_sms: bool
    no_email: bool
    paper_only: bool
    administrator_name: str
    administrator_email: str
    administrator_phone: str
    administrator_address: str
    administrator_since: date | None
    administrator_until: date | None
    debt_counselling_since: date | None
    debt_counselling_until: date | None
    wsnp_since: date | None
    wsnp_until: date | None
    deceased_on: date | None
    removed_from_source_at: datetime | None
    contracts: list[PartyOut]
    circumstances: list[CircumstanceOut] = Field(description="Circumstances in force today")


class ContractOut(Schema):
    contract_id: str
    unit_id: str
    start_date: date
    end_date: date | None
    monthly_rent: Money
    monthly_service_costs: Money
    payment_method: str
    due_day: int
    mandate_id: str
    mandate_date: date | None
    debit_iban: str
    payment_reference: str
    removed_from_source_at: datetime | None
    tenants: list[PartyOut]
    balance_as_of: date | None = Field(description="when the balance below was computed; null if never")
    balance: Money | None
    overdue_amount: Money | None
    oldest_overdue_date: date | None
