# Turkish texts keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""The salutation ({{ aanhef }}) in the language of the message's text."""

from vangnet.messaging.models import Recipient
from vangnet.tenants.models import Tenant, TenantKind

# Salutation per language: (to a person, to a person by first name, to an organisation or administrator).
GREETINGS = {
    "nl": ("Beste {}", "Beste {}", "Geachte heer, mevrouw"),
    "en": ("Dear {}", "Dear {}", "Dear Sir or Madam"),
    "tr": ("Sayın {}", "Merhaba {}", "Sayın yetkili"),
    "ar": ("حضرة {}", "مرحبًا {}", "السادة المحترمون"),
    "pl": ("Dzień dobry, {}", "Cześć, {}", "Szanowni Państwo"),
}


def salutation(tenant: Tenant | None, *, tone: str, recipient: str, name: str, language: str = "nl") -> str:
    formal, informal, organisation = GREETINGS.get(language, GREETINGS["nl"])
    if tenant is None or recipient == Recipient.ADMINISTRATOR or tenant.kind == TenantKind.ORGANISATION:
        return organisation
    if tone == "je":
        return informal.format(tenant.first_name or tenant.display_name or name)
    parts = [tenant.initials or tenant.first_name, tenant.name_prefix, tenant.last_name]
    return formal.format(" ".join(p for p in parts if p) or name)
