"""Writes on tenants that do not come from the ERP: the tenant correcting their own contact details, and the
days the tenant signed in to the portal."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.core.text import has_control_character
from vangnet.tenants.models import PortalVisit, Tenant
from vangnet.tenants.selectors import POSTCODE, normalise_postcode

# Dutch numbers as people type them: 06-12345678, +31 6 1234 5678, 030 123 45 67.
PHONE_CHARS = re.compile(r"^\+?[0-9][0-9 \-()]{7,19}$")
CONTACT_FIELDS = ("email", "phone_mobile", "phone_home")
ADDRESS_FIELDS = ("street", "house_number", "house_number_suffix", "postcode", "city", "country")


@dataclass(frozen=True)
class PostalAddress:
    street: str
    house_number: str
    house_number_suffix: str
    postcode: str
    city: str
    country: str = "NL"


def normalise_phone(value: str) -> str:
    return re.sub(r"[ \-()]", "", value.strip())


def _problems(
    email: str, phone_mobile: str, phone_home: str, address: PostalAddress | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    one_line = gettext("Schrijf dit op één regel, zonder tabs of andere speciale tekens.")
    if has_control_character(email):
        problems["email"] = one_line
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = gettext("Dit e-mailadres klopt niet. Kijk of er een @ in staat.")
    for name, value in (("phone_mobile", phone_mobile), ("phone_home", phone_home)):
        if value and not PHONE_CHARS.match(value):
            problems[name] = gettext("Dit telefoonnummer klopt niet. Schrijf het zo: 0612345678.")
    if address is not None:
        for name in ADDRESS_FIELDS:
            if has_control_character(getattr(address, name).strip()):
                problems[name] = one_line
        # setdefault: a line break is the first thing to say about a field that has one.
        if not address.street.strip():
            problems.setdefault("street", gettext("Vul de straat in."))
        if not address.house_number.strip().isdigit():
            problems.setdefault("house_number", gettext("Vul het huisnummer in, alleen cijfers."))
        if address.country == "NL" and not POSTCODE.match(address.postcode.strip()):
            problems.setdefault("postcode", gettext("Schrijf de postcode zo: 1234 AB."))
        if not address.city.strip():
            problems.setdefault("city", gettext("Vul de plaats in."))
    return problems


def tenant_contact_update(
    *,
    tenant: Tenant,
    email: str,
    phone_mobile: str,
    phone_home: str,
    address: PostalAddress | None = None,
    actor: User | str,
    action: str = "tenant.contact_updated",
) -> list[str]:
    """Save the tenant's e-mail address and phone numbers (and a postal address, for a tenant who moved out).

    Returns the names of the fields that changed. Raises ApplicationError with `extra["fields"]` (field name
    to Dutch message) when a value is not valid; nothing is saved then. The audit entry records which fields
    changed, not their values.
    """
    email = email.strip().lower()
    phone_mobile = normalise_phone(phone_mobile)
    phone_home = normalise_phone(phone_home)
    problems = _problems(email, phone_mobile, phone_home, address)
    if problems:
        raise ApplicationError(
            gettext("Niet alles is goed ingevuld. Kijk bij de velden wat er mis is."),
            extra={"fields": problems},
        )
    values: dict[str, Any] = {"email": email, "phone_mobile": phone_mobile, "phone_home": phone_home}
    if address is not None:
        values |= {
            "street": address.street.strip(),
            "house_number": address.house_number.strip(),
            "house_number_suffix": address.house_number_suffix.strip(),
            "postcode": normalise_postcode(address.postcode) if address.country == "NL" else address.postcode,
            "city": address.city.strip(),
            "country": address.country,
        }
    changed = [name for name, value in values.items() if getattr(tenant, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(tenant, name, values[name])
        tenant.save(update_fields=[*changed, "updated_at"])
        log_action(
            corporation=tenant.corporation,
            actor=actor,
            action=action,
            obj=tenant,
            data={"fields": changed},
        )
    return changed


def portal_visit_record(*, tenant: Tenant, day: dt.date) -> None:
    """The tenant signed in to the portal on this day: one insert that a second sign-in the same day skips."""
    PortalVisit.objects.bulk_create(
        [PortalVisit(corporation_id=tenant.corporation_id, tenant=tenant, day=day)], ignore_conflicts=True
    )
