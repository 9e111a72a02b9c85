"""The art. 15 export as one ZIP file: the PDF summary and the JSON of `privacy.export.tenant_data`, the
sealed signed contracts, and the files the tenant gave or that were made about them (documents, dispute
attachments, the files of their cases' timelines, the photos of their inspections and meter readings), with a Dutch README
(LEESMIJ.txt). Of a nuisance report about the tenant only the files written for the accused are included,
the same entries the JSON shows, so nothing in the ZIP shows who reported (docs/privacy.md)."""

import io
import json
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext as _

from vangnet.campaigns.models import MeterReading
from vangnet.contracts.models import Letting
from vangnet.disputes.models import DisputeAttachment
from vangnet.inspections.models import Defect
from vangnet.ledger.models import ContractTenant
from vangnet.privacy.document import tenant_data_pdf
from vangnet.privacy.export_processes import readable_entries
from vangnet.tenants.models import Tenant, TenantDocument


def _safe(name: str) -> str:
    """A file name without folders or odd characters, so it unpacks where it belongs."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(char if char.isalnum() or char in " .-_()" else "_" for char in base).strip(" .")
    return cleaned or "bestand"


def _files(tenant: Tenant) -> list[tuple[str, str]]:
    """(path in the ZIP, name in storage) of every file that belongs in the tenant's export. Six queries."""
    contracts = ContractTenant.objects.filter(tenant=tenant).values("contract_id")
    found: list[tuple[str, str]] = []
    for reference, stored in (
        Letting.objects.filter(tenant=tenant).exclude(signed_pdf="").values_list("reference", "signed_pdf")
    ):
        found.append((f"contracten/{_safe(reference)}-getekend.pdf", stored))
    for pk, original, stored in (
        TenantDocument.objects.filter(tenant=tenant)
        .exclude(file="")
        .values_list("pk", "original_name", "file")
    ):
        found.append((f"documenten/{pk}-{_safe(original)}", stored))
    for pk, original, stored in (
        DisputeAttachment.objects.filter(dispute__contract_id__in=contracts)
        .exclude(file="")
        .values_list("pk", "original_name", "file")
    ):
        found.append((f"geschillen/{pk}-{_safe(original)}", stored))
    for pk, number, original, stored in (
        readable_entries(tenant=tenant)
        .exclude(file="")
        .values_list("pk", "case__number", "file_name", "file")
    ):
        found.append((f"zaken/{_safe(number)}/{pk}-{_safe(original or stored)}", stored))
    own_cases = Q(inspection__case__termination__tenant=tenant) | Q(
        inspection__case__modification__tenant=tenant
    )
    for pk, number, room, stored in (
        Defect.objects.filter(own_cases)
        .exclude(photo="")
        .values_list("pk", "inspection__case__number", "room", "photo")
    ):
        suffix = PurePosixPath(stored).suffix
        found.append((f"inspecties/{_safe(number)}/{pk}-{_safe(room)}{suffix}", stored))
    for pk, number, stored in (
        MeterReading.objects.filter(target__tenant=tenant)
        .exclude(photo="")
        .values_list("pk", "meter__number", "photo")
    ):
        suffix = PurePosixPath(stored).suffix
        found.append((f"meterstanden/{pk}-{_safe(number)}{suffix}", stored))
    return found


def _readme(data: dict[str, Any], included: list[str], missing: list[str]) -> str:
    lines = [
        _("Uw gegevens bij %(corporation)s") % {"corporation": data["export"]["corporation"]},
        "",
        _("Dit bestand bevat alle gegevens die wij over u bewaren (AVG artikel 15), gemaakt op %(made_at)s.")
        % {"made_at": data["export"]["made_at"]},
        "",
        _("Wat zit erin:"),
        _("- gegevens.pdf: een overzicht om te lezen, per onderwerp."),
        _("- gegevens.json: dezelfde gegevens in een vorm die een computer kan lezen."),
        _(
            "- contracten/: uw getekende huurcontracten. Ze zijn digitaal verzegeld: een PDF-lezer laat zien "
            "dat er na het tekenen niets aan is veranderd."
        ),
        _("- documenten/: documenten die bij uw gegevens zijn bewaard."),
        _("- geschillen/: wat u meestuurde bij een geschil over uw rekening."),
        _("- zaken/: foto's en bestanden bij uw meldingen en verzoeken, en wat wij u daarbij stuurden."),
        _("- inspecties/: foto's van de inspecties van uw woning."),
        _("- meterstanden/: foto's van meterstanden die u doorgaf."),
        "",
        _("Aantal bestanden: %(count)s.") % {"count": len(included)},
    ]
    if missing:
        lines += [
            "",
            _("Deze bestanden konden wij niet meer vinden. Neem contact met ons op als u ze nodig heeft:"),
            *(f"- {name}" for name in missing),
        ]
    lines += [
        "",
        _(
            "Hoe lang wij uw gegevens bewaren, staat in gegevens.pdf onder 'Bewaartermijnen'. Heeft u een "
            "vraag over uw gegevens, of wilt u iets laten verbeteren of verwijderen? Neem contact met ons op."
        ),
        "",
    ]
    return "\n".join(lines)


def tenant_data_zip(*, tenant: Tenant, data: dict[str, Any]) -> bytes:
    """The ZIP of the tenant's export: README, PDF, JSON and the files (a file no longer in storage is named
    in the README instead)."""
    buffer = io.BytesIO()
    included: list[str] = []
    missing: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.pdf", tenant_data_pdf(data))
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
        for path, stored in _files(tenant):
            if not default_storage.exists(stored):
                missing.append(path)
                continue
            with default_storage.open(stored, "rb") as file:
                archive.writestr(path, file.read())
            included.append(path)
        archive.writestr("LEESMIJ.txt", _readme(data, included, missing))
    return buffer.getvalue()
