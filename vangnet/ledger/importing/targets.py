"""How each canonical entity lands in its table: typed SQL expressions over the staging row `s`."""

from collections.abc import Callable
from dataclasses import dataclass, field

from vangnet.core import sql
from vangnet.core.models import Corporation
from vangnet.ledger.importing.schema import (
    ARRANGEMENT_INSTALLMENTS,
    ARRANGEMENTS,
    CIRCUMSTANCES,
    CONTRACT_TENANTS,
    CONTRACTS,
    LEDGER_ENTRIES,
    LETTING_PREFIX,
    OWN_ENTRY_PREFIXES,
    PROMISES,
    SERVICE_SUBSCRIPTIONS,
    TENANTS,
    UNITS,
    Entity,
)
from vangnet.ledger.models import ContractTenant


@dataclass(frozen=True)
class Field:
    column: str  # the target table's column
    expr: str  # SQL over the staging alias s and the parent aliases
    sources: tuple[str, ...]  # canonical columns it is computed from; absent ones leave the column alone


@dataclass(frozen=True)
class Target:
    entity: Entity
    # The model the entity lands in, by label: the ledger sits below arrangements and must not import them.
    model: str
    # The natural key: target columns and the expressions they must equal.
    key: tuple[Field, ...]
    fields: tuple[Field, ...]
    # Joins that resolve references, as (alias, model label, on-clause); inner joins, checked before applying.
    joins: tuple[tuple[str, str, str], ...] = field(default=())
    # Columns only written on insert or update, as SQL over the parameters (%(now)s, %(run)s).
    stamps: tuple[tuple[str, str], ...] = field(default=())
    # Whether a snapshot may mark rows the source no longer lists (the table has removed_from_source_at).
    closable: bool = True
    # Which of those rows are the source's to mark at all (SQL over the table's columns); empty: every row.
    closable_where: str = ""

    @property
    def table(self) -> str:
        return sql.table(self.model)

    def inserted(self) -> tuple[list[str], list[str]]:
        """The columns a new row gets and the SQL that fills each over the staged row `s` and the parameters
        %(corporation)s and the stamps' (%(now)s, %(run)s): the corporation, the key, the fields, the stamps."""
        columns = ["corporation_id", *(k.column for k in self.key), *(f.column for f in self.fields)]
        exprs = ["%(corporation)s", *(k.expr for k in self.key), *(f.expr for f in self.fields)]
        return columns + [c for c, _ in self.stamps], exprs + [e for _, e in self.stamps]

    def join_clauses(self, join: str = "JOIN") -> str:
        """The reference joins as SQL: `JOIN <table> <alias> ON <condition>` each."""
        return " ".join(f"{join} {ref_table(model)} {alias} ON {on}" for alias, model, on in self.joins)


# Reference lists that live in a domain's settings, not in a table of their own: the service subscription
# plans are the `serviceabonnement` case type's settings. The domain registers a function per list that
# gives a corporation's (code, name) pairs (from its AppConfig.ready(), so the ledger imports none of it);
# a delivery that refers to a list stages it first as a temporary table (corporation_id, code, name).
REFERENCE_LISTS: dict[str, Callable[[Corporation], list[tuple[str, str]]]] = {}


def reference_table(name: str) -> str:
    return f"stage_ref_{name}"


def ref_table(model: str) -> str:
    """A model's table by its label ("app.Model"), or a staged reference list's table as it is."""
    return sql.table(model) if "." in model else model


def _text(name: str, column: str | None = None) -> Field:
    return Field(column or name, f"s.{name}", (name,))


def _date(name: str, column: str | None = None) -> Field:
    return Field(column or name, sql.as_date(f"s.{name}"), (name,))


def _amount(name: str, column: str | None = None) -> Field:
    return Field(column or name, sql.as_amount(f"s.{name}"), (name,))


def _bool(name: str) -> Field:
    return Field(name, f"(lower(s.{name}) IN ('1', 'true', 'ja', 'yes', 'j', 'y'))", (name,))


def _choice(name: str, default: str, column: str | None = None) -> Field:
    return Field(column or name, f"COALESCE(NULLIF(s.{name}, ''), '{default}')", (name,))


def _int(name: str, default: int, column: str | None = None) -> Field:
    return Field(column or name, f"COALESCE(CAST(NULLIF(s.{name}, '') AS integer), {default})", (name,))


def _parent(alias: str, model: str, column: str) -> tuple[str, str, str]:
    return (alias, model, f"{alias}.corporation_id = %(corporation)s AND {alias}.source_id = s.{column}")


TENANT_TARGET = Target(
    TENANTS,
    "tenants.Tenant",
    key=(Field("source_id", "s.tenant_id", ("tenant_id",)),),
    fields=(
        _choice("kind", "person"),
        *(
            _text(n)
            for n in [
                "initials",
                "first_name",
                "name_prefix",
                "last_name",
                "organisation_name",
                "email",
                "phone_mobile",
                "phone_home",
                "street",
                "house_number",
                "house_number_suffix",
                "postcode",
                "city",
                "administrator_name",
                "administrator_email",
                "administrator_phone",
                "administrator_address",
                "tone",
            ]
        ),
        _date("birth_date"),
        _choice("language", "nl"),
        _choice("country", "NL"),
        _choice("preferred_channel", "email"),
        *(_bool(n) for n in ("no_voice_calls", "no_sms", "no_email", "paper_only")),
        *(
            _date(n)
            for n in [
                "administrator_since",
                "administrator_until",
                "debt_counselling_since",
                "debt_counselling_until",
                "wsnp_since",
                "wsnp_until",
                "deceased_on",
            ]
        ),
    ),
    stamps=(("updated_at", "%(now)s"),),
    closable_where=f"source_id NOT LIKE '{LETTING_PREFIX}%%'",
)

UNIT_TARGET = Target(
    UNITS,
    "ledger.Unit",
    key=(Field("source_id", "s.unit_id", ("unit_id",)),),
    fields=(
        _choice("kind", "dwelling"),
        *(
            _text(n)
            for n in [
                "street",
                "house_number",
                "house_number_suffix",
                "postcode",
                "city",
                "municipality",
                "neighbourhood",
                "complex_code",
                "complex_name",
            ]
        ),
    ),
)

CONTRACT_TARGET = Target(
    CONTRACTS,
    "ledger.Contract",
    key=(Field("source_id", "s.contract_id", ("contract_id",)),),
    fields=(
        Field("unit_id", "u.id", ("unit_id",)),
        _date("start_date"),
        _date("end_date"),
        _amount("monthly_rent"),
        Field(
            "monthly_service_costs",
            f"COALESCE({sql.as_amount('s.monthly_service_costs')}, 0)",
            ("monthly_service_costs",),
        ),
        _text("payment_method"),
        _int("due_day", 1),
        _text("mandate_id"),
        _date("mandate_date"),
        Field("debit_iban", "upper(replace(s.debit_iban, ' ', ''))", ("debit_iban",)),
        _text("payment_reference"),
    ),
    joins=(_parent("u", "ledger.Unit", "unit_id"),),
    closable_where=f"source_id NOT LIKE '{LETTING_PREFIX}%%'",
)

CONTRACT_TENANT_TARGET = Target(
    CONTRACT_TENANTS,
    "ledger.ContractTenant",
    key=(Field("contract_id", "c.id", ("contract_id",)), Field("tenant_id", "t.id", ("tenant_id",))),
    fields=(_choice("role", "main"),),
    joins=(_parent("c", "ledger.Contract", "contract_id"), _parent("t", "tenants.Tenant", "tenant_id")),
    # The parties of a letting signed in Vangnet, and a co-tenant a tenaamstelling added (their tenant is
    # prefixed too), until the ERP lists them.
    closable_where=(
        f"contract_id NOT IN (SELECT id FROM ledger_contract WHERE source_id LIKE '{LETTING_PREFIX}%%') "
        f"AND tenant_id NOT IN (SELECT id FROM tenants_tenant WHERE source_id LIKE '{LETTING_PREFIX}%%')"
    ),
)

# Payments and write-offs lower the debt; the ERP shows them positive, the ledger stores them negative.
SIGNED_AMOUNT = (
    f"CASE WHEN s.kind IN ('payment', 'write_off') THEN -{sql.as_amount('s.amount')} "
    f"ELSE {sql.as_amount('s.amount')} END"
)

LEDGER_TARGET = Target(
    LEDGER_ENTRIES,
    "ledger.LedgerEntry",
    key=(Field("source_id", "s.entry_id", ("entry_id",)),),
    fields=(
        Field("contract_id", "c.id", ("contract_id",)),
        _text("kind"),
        Field(
            "category",
            "CASE WHEN s.kind = 'invoice' THEN COALESCE(NULLIF(s.category, ''), 'rent') ELSE s.category END",
            ("category",),
        ),
        _date("booking_date"),
        Field("due_date", sql.as_date("COALESCE(NULLIF(s.due_date, ''), s.booking_date)"), ("due_date",)),
        Field("amount", SIGNED_AMOUNT, ("amount",)),
        _text("payment_reference"),
        _text("reversal_reason"),
        _text("description"),
    ),
    joins=(_parent("c", "ledger.Contract", "contract_id"),),
    stamps=(("import_run_id", "%(run)s"),),
    # What Vangnet booked itself (costs, interest, bank and portal payments, its settlement corrections) is
    # not the ERP's to close: a snapshot that does not list it says nothing about it.
    closable_where=" AND ".join(f"source_id NOT LIKE '{prefix}%%'" for prefix in OWN_ENTRY_PREFIXES),
)

ARRANGEMENT_TARGET = Target(
    ARRANGEMENTS,
    "arrangements.Arrangement",
    key=(Field("source_id", "s.arrangement_id", ("arrangement_id",)),),
    fields=(
        Field("contract_id", "c.id", ("contract_id",)),
        _text("status"),
        _date("agreed_on"),
        _date("start_date"),
        _amount("total_amount"),
    ),
    joins=(_parent("c", "ledger.Contract", "contract_id"),),
    # Arrangements and promises made in Vangnet itself are not the ERP's to remove.
    closable_where="channel = 'erp'",
)

INSTALLMENT_TARGET = Target(
    ARRANGEMENT_INSTALLMENTS,
    "arrangements.Installment",
    key=(Field("arrangement_id", "a.id", ("arrangement_id",)), _int("sequence", 0)),
    fields=(_date("due_date"), _amount("amount")),
    joins=(_parent("a", "arrangements.Arrangement", "arrangement_id"),),
    closable=False,
)

PROMISE_TARGET = Target(
    PROMISES,
    "arrangements.Promise",
    key=(Field("source_id", "s.promise_id", ("promise_id",)),),
    fields=(
        Field("contract_id", "c.id", ("contract_id",)),
        _choice("status", "open"),
        _date("made_on"),
        _date("promised_date"),
        _amount("amount"),
    ),
    joins=(_parent("c", "ledger.Contract", "contract_id"),),
    # Arrangements and promises made in Vangnet itself are not the ERP's to remove.
    closable_where="channel = 'erp'",
)

CIRCUMSTANCE_TARGET = Target(
    CIRCUMSTANCES,
    "tenants.Circumstance",
    key=(Field("source_id", "s.circumstance_id", ("circumstance_id",)),),
    fields=(
        Field("tenant_id", "t.id", ("tenant_id",)),
        Field("kind_id", "k.id", ("kind",)),
        _date("start_date", "starts_on"),
        _date("end_date", "ends_on"),
    ),
    joins=(
        _parent("t", "tenants.Tenant", "tenant_id"),
        ("k", "tenants.CircumstanceKind", "k.corporation_id = %(corporation)s AND k.code = s.kind"),
    ),
    stamps=(("source", "'erp'"), ("recorded_by", "''"), ("recorded_at", "%(now)s")),
    # What a colleague, a call or the tenant recorded in Vangnet is not the ERP's to remove.
    closable_where="source = 'erp'",
)

# The contract's main tenant (one still listed first), for the subscriptions the ERP knows: a new one is
# kept under the tenant who rents the home, as a subscription taken in the portal is under its taker.
MAIN_TENANT = (
    f"(SELECT ct.tenant_id FROM {sql.table(ContractTenant)} ct WHERE ct.contract_id = c.id "
    "ORDER BY CASE WHEN ct.removed_from_source_at IS NULL THEN 0 ELSE 1 END, "
    "CASE WHEN ct.role = 'main' THEN 0 ELSE 1 END, ct.id LIMIT 1)"
)

SUBSCRIPTION_TARGET = Target(
    SERVICE_SUBSCRIPTIONS,
    "contracts.ServiceSubscription",
    key=(Field("contract_id", "c.id", ("contract_id",)), _text("plan"), _date("start_date")),
    fields=(Field("plan_name", "p.name", ("plan",)), _amount("monthly_price"), _date("end_date")),
    joins=(
        _parent("c", "ledger.Contract", "contract_id"),
        (
            "p",
            reference_table("subscription_plans"),
            "p.corporation_id = %(corporation)s AND p.code = s.plan",
        ),
    ),
    stamps=(("tenant_id", MAIN_TENANT), ("created_at", "%(now)s")),
    # The ERP ends a subscription by sending its end date; a snapshot that no longer lists one leaves it.
    closable=False,
)

TARGETS = {
    t.entity.name: t
    for t in (
        TENANT_TARGET,
        UNIT_TARGET,
        CONTRACT_TARGET,
        CONTRACT_TENANT_TARGET,
        LEDGER_TARGET,
        ARRANGEMENT_TARGET,
        INSTALLMENT_TARGET,
        PROMISE_TARGET,
        CIRCUMSTANCE_TARGET,
        SUBSCRIPTION_TARGET,
    )
}
# What a reference column may point to: (model, the key column in its staged file, the model's column).
# Entities carry the natural key as source_id; circumstance kinds are the corporation's own codes.
REF_TABLES = {
    "tenants": ("tenants.Tenant", "tenant_id", "source_id"),
    "units": ("ledger.Unit", "unit_id", "source_id"),
    "contracts": ("ledger.Contract", "contract_id", "source_id"),
    "ledger_entries": ("ledger.LedgerEntry", "entry_id", "source_id"),
    "arrangements": ("arrangements.Arrangement", "arrangement_id", "source_id"),
    "circumstance_kinds": ("tenants.CircumstanceKind", "code", "code"),
    "subscription_plans": (reference_table("subscription_plans"), "code", "code"),
}
