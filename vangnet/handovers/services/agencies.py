"""Agencies and their WKI register checks, kept by a colleague."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from vangnet.core.api_keys import api_key_create, api_key_revoke
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.handovers.formats import FORMATS
from vangnet.handovers.formats.columns import unknown_columns
from vangnet.handovers.models import Agency, AgencyKind, WkiCheck
from vangnet.handovers.proposals import actor_label


def agency_save(
    *,
    corporation: Corporation,
    agency: Agency | None = None,
    name: str,
    kind: str,
    export_format: str,
    columns: list[str] | None = None,
    vat_uplift: Decimal | None = None,
    actor: Actor,
    **details: str,
) -> Agency:
    """Creates or changes an agency; the checks say every problem at once."""
    problems = []
    if not name.strip():
        problems.append("Geef de naam van de partner.")
    if kind not in AgencyKind.values:
        problems.append("Kies incassobureau of gerechtsdeurwaarder.")
    if export_format not in FORMATS:
        problems.append(f"Onbekend exportformaat '{export_format}'; kies uit {', '.join(FORMATS)}.")
    bad = unknown_columns(columns or [])
    if bad:
        problems.append(f"Onbekende kolommen: {', '.join(bad)}.")
    if vat_uplift is not None and not Decimal("0") < vat_uplift <= Decimal("21"):
        problems.append("De btw-opslag is een percentage tussen 0 en 21.")
    if kind == AgencyKind.BAILIFF and not (details.get("office_number") or details.get("kvk_number")):
        problems.append("Een gerechtsdeurwaarder heeft een kantoor- of KvK-nummer.")
    if problems:
        raise ApplicationError(" ".join(problems))
    agency = agency or Agency(corporation=corporation, slug=slugify(details.pop("slug", "") or name)[:40])
    details.pop("slug", None)
    agency.name, agency.kind, agency.export_format = name.strip(), kind, export_format
    agency.columns, agency.vat_uplift = list(columns or []), vat_uplift
    for field, value in details.items():
        setattr(agency, field, value.strip())
    try:
        with transaction.atomic():
            agency.save()
            log_action(corporation=corporation, actor=actor, action="handovers.agency_saved", obj=agency)
    except IntegrityError:
        raise ApplicationError(f"Er is al een partner met de code '{agency.slug}'.") from None
    return agency


def wki_check_record(
    *, agency: Agency, checked_on: date, registered: bool, register_number: str, note: str, actor: Actor
) -> WkiCheck:
    """Who looked the agency up in the Justis register incassodienstverlening, when, and what they found."""
    if agency.kind != AgencyKind.COLLECTION_AGENCY:
        raise ApplicationError("Alleen een incassobureau staat in het register incassodienstverlening.")
    if registered and not register_number.strip():
        raise ApplicationError("Vul het registratienummer uit het register in.")
    with transaction.atomic():
        check = WkiCheck.objects.create(
            corporation_id=agency.corporation_id,
            agency=agency,
            checked_on=checked_on,
            checked_by=actor_label(actor)[:150],
            register_number=register_number.strip()[:40],
            registered=registered,
            note=note.strip()[:300],
        )
        log_action(
            corporation=agency.corporation,
            actor=actor,
            action="handovers.wki_checked",
            obj=agency,
            data={"registered": registered, "register_number": check.register_number},
        )
    return check


def agency_api_key_create(*, agency: Agency, actor: Actor) -> str:
    """A key for an agency that pulls its dossiers and sends feedback through the API; an earlier key of
    this agency stops working. Returns the secret, which is shown once and not stored."""
    with transaction.atomic():
        if agency.api_key is not None:
            api_key_revoke(api_key=agency.api_key, actor=actor)
        api_key, secret = api_key_create(
            corporation=agency.corporation, name=f"Partner {agency.name}"[:100], actor=actor
        )
        agency.api_key = api_key
        agency.save(update_fields=["api_key"])
    return secret
