"""The canonical import format: one CSV file per entity, in the order they depend on each other.

Everything that reads ERP data (the CSV set, VERA JSON, the REST API) is turned into these rows; the
importer validates and applies only this shape. docs/import-format.md documents it for the ERP side.
"""

from dataclasses import dataclass, field

from vangnet.core.channels import PREFERENCE_KINDS

LANGUAGES = ("nl", "en", "tr", "ar", "pl")
# A tenant's preferred channel, as Tenant.preferred_channel stores it.
CHANNELS = tuple(kind.value for kind in PREFERENCE_KINDS)
# Ledger entries Vangnet books itself carry one of these prefixes in their id (costs "vangnet-wik-", interest
# "vangnet-rente-", portal payments "vangnet-pay-", settlement corrections "vangnet-settled-", bank payments
# "bank-"). A snapshot never closes them; see docs/import-format.md.
OWN_ENTRY_PREFIXES = ("vangnet-", "bank-")
# Tenants and contracts Vangnet made itself from a letting (the allocation system's candidate, signed in the
# portal) carry this prefix until the ERP registers them: a snapshot that does not list them yet says nothing
# about them, so it never marks them removed.
LETTING_PREFIX = "verhuur-"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | date | amount | positive_amount | int | bool | choice | ref | email | iban
    required: bool = False
    max_length: int = 200
    choices: tuple[str, ...] = ()
    ref: str = ""  # the entity a ref column points to
    doc: str = ""


@dataclass(frozen=True)
class Entity:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    # Ledger entries are immutable: a changed row under a known id is an error, not an update.
    immutable: bool = False
    doc: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _date(name: str, required: bool = False, doc: str = "") -> Column:
    return Column(name, "date", required=required, doc=doc)


TENANTS = Entity(
    "tenants",
    key=("tenant_id",),
    doc="Huurders: persons or organisations.",
    columns=(
        Column("tenant_id", "text", required=True, max_length=64, doc="The ERP's id of the tenant"),
        Column("kind", "choice", required=True, choices=("person", "organisation")),
        Column("initials", "text", max_length=20),
        Column("first_name", "text", max_length=100),
        Column("name_prefix", "text", max_length=20, doc="tussenvoegsel, e.g. 'van der'"),
        Column("last_name", "text", max_length=100, doc="required for a person"),
        Column("organisation_name", "text", max_length=200, doc="required for an organisation"),
        _date("birth_date"),
        Column("language", "choice", choices=LANGUAGES, doc="empty means nl"),
        Column("tone", "choice", choices=("je", "u"), doc="empty means: by age"),
        Column("email", "email", max_length=254),
        Column("phone_mobile", "text", max_length=20),
        Column("phone_home", "text", max_length=20),
        Column("street", "text", max_length=120),
        Column("house_number", "text", max_length=10),
        Column("house_number_suffix", "text", max_length=10),
        Column("postcode", "text", max_length=10),
        Column("city", "text", max_length=100),
        Column("country", "text", max_length=2, doc="ISO 3166 code, empty means NL"),
        Column("preferred_channel", "choice", choices=CHANNELS, doc="empty means email"),
        Column("no_voice_calls", "bool"),
        Column("no_sms", "bool"),
        Column("no_email", "bool"),
        Column("paper_only", "bool"),
        Column("administrator_name", "text", max_length=200, doc="bewindvoerder"),
        Column("administrator_email", "email", max_length=254),
        Column("administrator_phone", "text", max_length=20),
        Column("administrator_address", "text", max_length=300),
        _date("administrator_since"),
        _date("administrator_until"),
        _date("debt_counselling_since"),
        _date("debt_counselling_until"),
        _date("wsnp_since"),
        _date("wsnp_until"),
        _date("deceased_on"),
    ),
)

UNITS = Entity(
    "units",
    key=("unit_id",),
    doc="Eenheden: dwellings, parking spaces, business spaces.",
    columns=(
        Column("unit_id", "text", required=True, max_length=64),
        Column("kind", "choice", required=True, choices=("dwelling", "parking", "business")),
        Column("street", "text", required=True, max_length=120),
        Column("house_number", "text", required=True, max_length=10),
        Column("house_number_suffix", "text", max_length=10),
        Column("postcode", "text", required=True, max_length=10),
        Column("city", "text", required=True, max_length=100),
        Column("municipality", "text", required=True, max_length=100),
        Column("neighbourhood", "text", max_length=100),
        Column("complex_code", "text", max_length=32),
        Column("complex_name", "text", max_length=120),
    ),
)

CONTRACTS = Entity(
    "contracts",
    key=("contract_id",),
    doc="Huurovereenkomsten.",
    columns=(
        Column("contract_id", "text", required=True, max_length=64),
        Column("unit_id", "ref", required=True, ref="units", max_length=64),
        _date("start_date", required=True),
        _date("end_date"),
        Column("monthly_rent", "positive_amount", required=True),
        Column("monthly_service_costs", "positive_amount"),
        Column("payment_method", "choice", required=True, choices=("direct_debit", "transfer", "ideal_link")),
        Column("due_day", "int", doc="1-28, empty means 1"),
        Column("mandate_id", "text", max_length=35),
        _date("mandate_date"),
        Column("debit_iban", "iban", max_length=34),
        Column(
            "payment_reference", "text", max_length=16, doc="betalingskenmerk; a bad check digit is flagged"
        ),
    ),
)

CONTRACT_TENANTS = Entity(
    "contract_tenants",
    key=("contract_id", "tenant_id"),
    doc="Who is on which contract; co-tenants are jointly liable.",
    columns=(
        Column("contract_id", "ref", required=True, ref="contracts", max_length=64),
        Column("tenant_id", "ref", required=True, ref="tenants", max_length=64),
        Column("role", "choice", choices=("main", "co"), doc="empty means main"),
    ),
)

LEDGER_ENTRIES = Entity(
    "ledger_entries",
    key=("entry_id",),
    immutable=True,
    doc="Boekingen. Amounts are positive as the ERP shows them; the sign follows from the kind.",
    columns=(
        Column("entry_id", "text", required=True, max_length=64),
        Column("contract_id", "ref", required=True, ref="contracts", max_length=64),
        Column(
            "kind",
            "choice",
            required=True,
            choices=("invoice", "payment", "reversal", "correction", "write_off"),
        ),
        Column(
            "category",
            "choice",
            choices=("rent", "service_costs", "repair", "final_settlement", "other"),
            doc="for invoices; empty means rent",
        ),
        _date("booking_date", required=True),
        _date("due_date", doc="empty means the booking date"),
        Column("amount", "amount", required=True, doc="positive; a correction may be negative (credit)"),
        Column("payment_reference", "text", max_length=35),
        Column("linked_entry_id", "ref", ref="ledger_entries", max_length=64),
        Column("reversal_reason", "text", max_length=4, doc="bank return code for a reversal, e.g. AM04"),
        Column("description", "text", max_length=200),
    ),
)

ARRANGEMENTS = Entity(
    "arrangements",
    key=("arrangement_id",),
    doc="Betalingsregelingen made in the ERP.",
    columns=(
        Column("arrangement_id", "text", required=True, max_length=64),
        Column("contract_id", "ref", required=True, ref="contracts", max_length=64),
        Column(
            "status",
            "choice",
            required=True,
            choices=("requested", "active", "completed", "broken", "cancelled", "rejected"),
        ),
        _date("agreed_on", required=True),
        _date("start_date", required=True),
        Column("total_amount", "positive_amount", required=True),
    ),
)

ARRANGEMENT_INSTALLMENTS = Entity(
    "arrangement_installments",
    key=("arrangement_id", "sequence"),
    doc="Termijnen of an arrangement.",
    columns=(
        Column("arrangement_id", "ref", required=True, ref="arrangements", max_length=64),
        Column("sequence", "int", required=True),
        _date("due_date", required=True),
        Column("amount", "positive_amount", required=True),
    ),
)

PROMISES = Entity(
    "promises",
    key=("promise_id",),
    doc="Betalingsbeloften registered in the ERP.",
    columns=(
        Column("promise_id", "text", required=True, max_length=64),
        Column("contract_id", "ref", required=True, ref="contracts", max_length=64),
        Column("status", "choice", choices=("open", "kept", "broken", "cancelled"), doc="empty means open"),
        _date("made_on", required=True),
        _date("promised_date", required=True),
        Column("amount", "positive_amount", required=True),
    ),
)

CIRCUMSTANCES = Entity(
    "circumstances",
    key=("circumstance_id",),
    doc="Signaleringen: dated circumstances of a tenant's household (after VERA BRG Signaleringen).",
    columns=(
        Column("circumstance_id", "text", required=True, max_length=64),
        Column("tenant_id", "ref", required=True, ref="tenants", max_length=64),
        Column(
            "kind",
            "ref",
            required=True,
            ref="circumstance_kinds",
            max_length=40,
            doc="a kind code of the corporation, e.g. werkloos, scheiding, ziekte, overlijden-partner, "
            "geboorte, inkomensdaling, eerste-achterstand",
        ),
        _date("start_date", required=True),
        _date("end_date", doc="empty while it lasts"),
    ),
)

SERVICE_SUBSCRIPTIONS = Entity(
    "service_subscriptions",
    key=("contract_id", "plan", "start_date"),
    doc="Serviceabonnementen the ERP knows: a contract's plan, its price and the period it runs.",
    columns=(
        Column("contract_id", "ref", required=True, ref="contracts", max_length=64),
        Column(
            "plan",
            "ref",
            required=True,
            ref="subscription_plans",
            max_length=40,
            doc="a plan code of the corporation's serviceabonnement settings, e.g. basis, plus",
        ),
        Column("monthly_price", "positive_amount", required=True),
        _date("start_date", required=True),
        _date("end_date", doc="the last day; empty while it runs"),
    ),
)

ENTITIES: tuple[Entity, ...] = (
    TENANTS,
    UNITS,
    CONTRACTS,
    CONTRACT_TENANTS,
    LEDGER_ENTRIES,
    ARRANGEMENTS,
    ARRANGEMENT_INSTALLMENTS,
    PROMISES,
    CIRCUMSTANCES,
    SERVICE_SUBSCRIPTIONS,
)
BY_NAME = {e.name: e for e in ENTITIES}
