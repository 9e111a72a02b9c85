"""A tenant's contact points as the channels read them, from a Tenant (manual messages, notices, dispatch).

The flows engine builds the same ContactPoints from a query row for thousands of tenants at once
(`flows/engine/facts.py`). A letter's address here starts with the addressee's name, as the window shows it.
"""

from vangnet.messaging.channels.base import ContactPoints
from vangnet.tenants.models import Tenant


def postal_lines(tenant: Tenant) -> list[str]:
    lines = [tenant.display_name, tenant.address_line, f"{tenant.postcode}  {tenant.city}".strip()]
    if tenant.country and tenant.country != "NL":
        lines.append(tenant.country)
    return [line for line in lines if line.strip()]


def administrator_lines(tenant: Tenant) -> list[str]:
    parts = [part.strip() for part in tenant.administrator_address.split(",") if part.strip()]
    return [tenant.administrator_name, *parts]


def contact_points(tenant: Tenant) -> ContactPoints:
    return ContactPoints(
        name=tenant.display_name,
        email=tenant.email,
        phone_mobile=tenant.phone_mobile,
        phone_home=tenant.phone_home,
        postal_address="\n".join(postal_lines(tenant)) if tenant.street and tenant.postcode else "",
        no_voice_calls=tenant.no_voice_calls,
        no_sms=tenant.no_sms,
        no_email=tenant.no_email,
        paper_only=tenant.paper_only,
        administrator_name=tenant.administrator_name,
        administrator_email=tenant.administrator_email,
        administrator_address="\n".join(administrator_lines(tenant)) if tenant.administrator_address else "",
    )
