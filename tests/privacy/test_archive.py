"""The art. 15 export as a ZIP from the tenant card: the PDF and JSON, the sealed signed contracts and the
files the tenant gave or that were made about them, with a Dutch README; the accused of a nuisance report
gets nothing that shows who reported it."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from tests.privacy.world_processes import Processes, processes_world
from tests.world import staff_member
from vangnet.cases.models import Audience, CaseEntry, EntryKind
from vangnet.core import clock
from vangnet.core.models import AuditEntry, Role
from vangnet.inspections.models import Defect

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes(media_root) -> Processes:
    return processes_world()


def _zip(world: Processes, tenant, admin=None) -> zipfile.ZipFile:
    admin = admin or staff_member(world.corporation, username="beheer", role=Role.ADMIN)
    response = admin.client.get(f"/huurders/{tenant.pk}/gegevens.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        f'gegevens-huurder-{tenant.source_id}-{clock.today().isoformat()}.zip"'
        in response["Content-Disposition"]
    )
    return zipfile.ZipFile(io.BytesIO(response.content))


def _everything(archive: zipfile.ZipFile) -> str:
    """All text a person can read in the ZIP: the names, the README, the JSON and the PDF."""
    shown = [
        *archive.namelist(),
        archive.read("LEESMIJ.txt").decode(),
        archive.read("gegevens.json").decode(),
    ]
    shown += [page.extract_text() for page in PdfReader(io.BytesIO(archive.read("gegevens.pdf"))).pages]
    return " ".join(shown)


def test_the_zip_holds_the_signed_contract_and_the_tenants_files(
    processes: Processes, django_assert_max_num_queries
):
    reporter = processes.nuisance.tenant  # type: ignore[union-attr]
    admin = staff_member(processes.corporation, username="beheer", role=Role.ADMIN)
    with django_assert_max_num_queries(55):
        archive = _zip(processes, reporter, admin)

    names = archive.namelist()
    assert {"LEESMIJ.txt", "gegevens.pdf", "gegevens.json"} <= set(names)
    (contract,) = [name for name in names if name.startswith("contracten/")]
    assert contract.endswith("-getekend.pdf")
    assert archive.read(contract) == b"%PDF-1.7 verzegeld"
    photos = sorted(name.rsplit("-", 1)[-1] for name in names if name.startswith("zaken/"))
    assert photos == ["bon.png", "geluid.png", "lek.png"]
    readme = archive.read("LEESMIJ.txt").decode()
    assert "Uw gegevens bij Woonzorg" in readme
    assert "digitaal verzegeld" in readme
    assert f"Aantal bestanden: {len(names) - 3}." in readme
    assert "Verhuur en getekende huurcontracten" in _everything(archive)
    entry = AuditEntry.objects.get(action="tenant.data_exported")
    assert (entry.tenant_id, entry.data) == (reporter.pk, {"format": "zip"})


def test_the_accused_gets_what_was_written_for_them_and_nothing_of_the_reporter(processes: Processes):
    case = processes.nuisance
    assert case is not None
    letter = CaseEntry(
        corporation=processes.corporation,
        case=case,
        kind=EntryKind.MESSAGE,
        audience=Audience.ACCUSED,
        text="Uitnodiging gesprek",
        file_name="uitnodiging.pdf",
        at=clock.now(),
    )
    letter.file.save("uitnodiging.pdf", io.BytesIO(b"%PDF uitnodiging"), save=True)

    archive = _zip(processes, case.accused)

    cases = [name for name in archive.namelist() if name.startswith("zaken/")]
    assert [name.rsplit("-", 1)[-1] for name in cases] == ["uitnodiging.pdf"]
    shown = _everything(archive)
    for secret in ("Anna", "de Vries", "06 12345678", "muziek", "geluid.png", "Dank voor uw melding"):
        assert secret not in shown
    assert "Wij spreken u graag." in shown


def test_a_departed_tenant_gets_the_inspection_photos_and_a_missing_file_is_named(processes: Processes):
    departed = processes.old["letting ended"].tenant  # type: ignore[attr-defined]
    defect = Defect.objects.filter(inspection__case__termination__tenant=departed).order_by("pk")
    default_storage.delete(defect[1].photo.name)

    archive = _zip(processes, departed)

    photos = [name for name in archive.namelist() if name.startswith("inspecties/")]
    assert [name.rsplit("-", 1)[-1] for name in photos] == ["keuken.jpg"]
    assert archive.read(photos[0]) == b"\xff\xd8 foto"
    readme = archive.read("LEESMIJ.txt").decode()
    assert "Deze bestanden konden wij niet meer vinden" in readme
    assert f"{defect[1].pk}-keuken.jpg" in readme
