"""One query per fired step for the people behind its enrollments: name, addresses, restrictions, statuses."""

from datetime import date

from django.db.models import QuerySet

from vangnet.flows.engine.deliveries import TenantFacts
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.tenants.models import period_in_force

TENANT_FIELDS = (
    "contract_id",
    "tenant_id",
    "tenant__kind",
    "tenant__initials",
    "tenant__first_name",
    "tenant__name_prefix",
    "tenant__last_name",
    "tenant__organisation_name",
    "tenant__email",
    "tenant__phone_mobile",
    "tenant__phone_home",
    "tenant__street",
    "tenant__house_number",
    "tenant__house_number_suffix",
    "tenant__postcode",
    "tenant__city",
    "tenant__language",
    "tenant__tone",
    "tenant__birth_date",
    "tenant__no_voice_calls",
    "tenant__no_sms",
    "tenant__no_email",
    "tenant__paper_only",
    "tenant__administrator_name",
    "tenant__administrator_email",
    "tenant__administrator_address",
    "tenant__administrator_since",
    "tenant__administrator_until",
    "contract__unit__street",
    "contract__unit__house_number",
    "contract__unit__house_number_suffix",
    "contract__unit__postcode",
    "contract__unit__city",
    "contract__unit__municipality",
    "contract__end_date",
)


def _address(street: str, number: str, suffix: str, postcode: str, city: str) -> str:
    if not street:
        return ""
    line = f"{street} {number}{'-' + suffix if suffix else ''}".strip()
    return f"{line}\n{postcode}  {city}".strip()


def _name(row: dict) -> str:
    # Tenant.display_name on a values() row: thousands of rows per step need no model instances.
    if row["tenant__kind"] == "organisation":
        return row["tenant__organisation_name"]
    parts = (
        row["tenant__first_name"] or row["tenant__initials"],
        row["tenant__name_prefix"],
        row["tenant__last_name"],
    )
    return " ".join(part for part in parts if part)


def _facts(row: dict, *, as_of: date) -> TenantFacts:
    since, until = row["tenant__administrator_since"], row["tenant__administrator_until"]
    own = _address(
        row["tenant__street"],
        row["tenant__house_number"],
        row["tenant__house_number_suffix"],
        row["tenant__postcode"],
        row["tenant__city"],
    )
    home = _address(
        row["contract__unit__street"],
        row["contract__unit__house_number"],
        row["contract__unit__house_number_suffix"],
        row["contract__unit__postcode"],
        row["contract__unit__city"],
    )
    ended = row["contract__end_date"] is not None and row["contract__end_date"] < as_of
    # After the contract ended the tenant no longer lives in the unit: only a forwarding address (the
    # tenant's own address when it differs from the vacated home) is one a letter may go to.
    postal = (own if own != home else "") if ended else (own or home)
    return TenantFacts(
        name=_name(row),
        email=row["tenant__email"],
        phone_mobile=row["tenant__phone_mobile"],
        phone_home=row["tenant__phone_home"],
        postal_address=postal,
        language=row["tenant__language"],
        tone=row["tenant__tone"],
        birth_date=row["tenant__birth_date"],
        no_voice_calls=row["tenant__no_voice_calls"],
        no_sms=row["tenant__no_sms"],
        no_email=row["tenant__no_email"],
        paper_only=row["tenant__paper_only"],
        administrator_name=row["tenant__administrator_name"],
        administrator_email=row["tenant__administrator_email"],
        administrator_address=row["tenant__administrator_address"],
        administrator_active=bool(row["tenant__administrator_name"]) and period_in_force(since, until, as_of),
        organisation=row["tenant__kind"] == "organisation",
    )


def main_tenants(contract_ids: QuerySet, *, as_of: date) -> dict[int, tuple[int, TenantFacts, str]]:
    """contract id → (tenant id, facts, municipality) of its main tenant; the first one when there are more."""
    rows = (
        ContractTenant.objects.filter(
            contract_id__in=contract_ids, role=ContractRole.MAIN, removed_from_source_at__isnull=True
        )
        .order_by("contract_id", "pk")
        .values(*TENANT_FIELDS)
    )
    result: dict[int, tuple[int, TenantFacts, str]] = {}
    for row in rows:
        if row["contract_id"] in result:
            continue
        result[row["contract_id"]] = (
            row["tenant_id"],
            _facts(row, as_of=as_of),
            row["contract__unit__municipality"],
        )
    return result


def co_tenants(contract_ids: QuerySet, *, as_of: date) -> dict[int, list[tuple[int, TenantFacts]]]:
    """contract id → (tenant id, facts) of every other tenant on it: co-tenants are jointly liable debtors
    (and a second main tenant is one too), so each gets their own legal letter."""
    rows = (
        ContractTenant.objects.filter(contract_id__in=contract_ids, removed_from_source_at__isnull=True)
        .order_by("contract_id", "pk")
        .values(*TENANT_FIELDS, "role")
    )
    first_main: dict[int, int] = {}
    result: dict[int, list[tuple[int, TenantFacts]]] = {}
    for row in rows:
        contract_id = row["contract_id"]
        if row["role"] == ContractRole.MAIN and contract_id not in first_main:
            first_main[contract_id] = row["tenant_id"]
            continue
        result.setdefault(contract_id, []).append((row["tenant_id"], _facts(row, as_of=as_of)))
    return result
