"""Where a channel reaches a tenant or their administrator (bewindvoerder). Pure."""

from vangnet.tenants.models import Tenant


def postal_lines(tenant: Tenant) -> list[str]:
    lines = [tenant.display_name, tenant.address_line, f"{tenant.postcode}  {tenant.city}".strip()]
    if tenant.country and tenant.country != "NL":
        lines.append(tenant.country)
    return [line for line in lines if line.strip()]


def address_for(tenant: Tenant, channel: str, recipient: str = "tenant") -> tuple[str, str]:
    """(name, address) for a channel; the address is '' when the tenant cannot be reached that way."""
    if recipient == "administrator":
        name = tenant.administrator_name
        match channel:
            case "email":
                return name, tenant.administrator_email
            case "sms" | "voice":
                return name, tenant.administrator_phone
            case _:
                # The window names the debtor too: the administrator writes on the tenant's behalf.
                parts = [p.strip() for p in tenant.administrator_address.split(",") if p.strip()]
                lines = [name, f"bewindvoerder van {tenant.display_name}", *parts]
                return name, "\n".join(lines) if tenant.administrator_address else ""
    name = tenant.display_name
    match channel:
        case "email":
            return name, tenant.email
        case "sms" | "voice":
            return name, tenant.phone_mobile or (tenant.phone_home if channel == "voice" else "")
        case _:
            lines = postal_lines(tenant)
            return name, "\n".join(lines) if tenant.street and tenant.postcode else ""


def restriction_for(tenant: Tenant, channel: str) -> str:
    """Why this channel may not be used for this tenant now, or ''."""
    if channel == "voice" and tenant.no_voice_calls:
        return "geen spraakberichten"
    if channel == "sms" and tenant.no_sms:
        return "geen SMS"
    if channel == "email" and tenant.no_email:
        return "geen e-mail"
    if channel != "letter" and tenant.paper_only:
        return "alleen post"
    return ""
