"""The declared catalogue of intake field kinds, and the pure check of a tenant's or colleague's answers.

A corporation configures which fields a case type asks (`CaseType.fields`); each field has one of these
kinds. Pure: no database, no clock (a date is checked against `as_of`).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 200
MAX_LONG_TEXT = 4000
PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


@dataclass(frozen=True)
class FieldKind:
    code: str
    label: object
    # Returns the stored value, or raises ValueError with the Dutch reason.
    clean: Callable[[str, dict, dt.date], object]


def _text(limit: int) -> Callable[[str, dict, dt.date], object]:
    def clean(raw: str, spec: dict, as_of: dt.date) -> object:
        value = raw.strip()
        if len(value) > limit:
            raise ValueError(gettext("Gebruik hoogstens %(max)s tekens.") % {"max": limit})
        return value

    return clean


def _choice(raw: str, spec: dict, as_of: dt.date) -> object:
    value = raw.strip()
    if value not in [c[0] if isinstance(c, list) else c for c in spec.get("choices", [])]:
        raise ValueError(gettext("Kies een van de mogelijkheden."))
    return value


def _date(raw: str, spec: dict, as_of: dt.date) -> object:
    try:
        value = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(gettext("Vul een datum in als 2026-12-31.")) from None
    if spec.get("not_future") and value > as_of:
        raise ValueError(gettext("Deze datum mag niet in de toekomst liggen."))
    return value.isoformat()


def _yes_no(raw: str, spec: dict, as_of: dt.date) -> object:
    value = raw.strip().lower()
    if value in {"ja", "yes", "true", "1"}:
        return True
    if value in {"nee", "no", "false", "0"}:
        return False
    raise ValueError(gettext("Kies ja of nee."))


def _phone(raw: str, spec: dict, as_of: dt.date) -> object:
    value = raw.strip()
    if not PHONE.match(value):
        raise ValueError(gettext("Vul een telefoonnummer in, zoals 06 12345678."))
    return value


FIELD_KINDS: dict[str, FieldKind] = {
    kind.code: kind
    for kind in (
        FieldKind("text", _("Korte tekst"), _text(MAX_TEXT)),
        FieldKind("long_text", _("Lange tekst"), _text(MAX_LONG_TEXT)),
        FieldKind("choice", _("Keuze"), _choice),
        FieldKind("date", _("Datum"), _date),
        FieldKind("yes_no", _("Ja of nee"), _yes_no),
        FieldKind("phone", _("Telefoonnummer"), _phone),
    )
}


def answers_clean(specs: list[dict], raw: dict, *, as_of: dt.date) -> tuple[dict, dict[str, str]]:
    """The cleaned answers and, per field code, what is wrong; unknown keys are an error too."""
    cleaned: dict = {}
    errors: dict[str, str] = {}
    known = {spec["code"] for spec in specs}
    for key in raw:
        if key not in known:
            errors[key] = gettext("Deze vraag hoort niet bij dit soort melding.")
    for spec in specs:
        value = raw.get(spec["code"])
        text = "" if value is None else str(value)
        if not text.strip():
            if spec.get("required"):
                errors[spec["code"]] = gettext("Vul dit in: %(label)s.") % {"label": spec["label"]}
            continue
        try:
            cleaned[spec["code"]] = FIELD_KINDS[spec["kind"]].clean(text, spec, as_of)
        except ValueError as error:
            errors[spec["code"]] = f"{spec['label']}: {error}"
    return cleaned, errors
