"""A corporation with the records of the tenant-service processes, one past its period and one within it (or
still running) per kind: cases with files, a nuisance report, lettings with their signed PDF, payment-method
changes, swaps, terminations with an inspection photo, home modifications, appointments and signing codes."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    TenantFactory,
    UnitFactory,
    tenant_with_contract,
)
from vangnet.appointments.models import Booking, Resource, ResourceKind
from vangnet.cases.models import Audience, Case, CaseEntry, CaseType, EntryKind
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import (
    Letting,
    LettingStatus,
    PaymentMethodChange,
    SigningCode,
    Swap,
    SwapParty,
    SwapStatus,
)
from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.inspections.models import Defect, Inspection, InspectionKind, Modification, Termination
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant

YEARS_8 = dt.timedelta(days=8 * 365)
YEARS_3 = dt.timedelta(days=3 * 365)
YEAR_1 = dt.timedelta(days=365)
MONTH_2 = dt.timedelta(days=60)


@dataclass
class Processes:
    corporation: Corporation
    old: dict[str, object] = field(default_factory=dict)
    kept: dict[str, object] = field(default_factory=dict)
    files_gone: list[Path] = field(default_factory=list)
    files_kept: list[Path] = field(default_factory=list)
    nuisance: Case | None = None


class _Maker:
    def __init__(self, corporation: Corporation, tag: str) -> None:
        self.corporation = corporation
        self.tag = tag
        self.count = 0

    def number(self) -> str:
        self.count += 1
        return f"Z{self.tag}-{self.count:04d}"

    def case(
        self, code: str, *, tenant: Tenant | None, closed_on: dt.date | None, accused: Tenant | None = None
    ) -> Case:
        opened = (closed_on or clock.today()) - MONTH_2
        return Case.objects.create(
            corporation=self.corporation,
            case_type=CaseType.objects.get(corporation=self.corporation, code=code),
            number=self.number(),
            tenant=tenant,
            accused=accused,
            subject="Melding",
            answers={"wat": "Elke nacht harde muziek. Anna de Vries"} if accused else {},
            stage="afgesloten" if closed_on else "intake",
            stage_since=closed_on or opened,
            closed=closed_on is not None,
            closed_on=closed_on,
            channel="portal",
            opened_on=opened,
        )

    def entry(self, case: Case, *, audience: str, text: str, file: str = "") -> CaseEntry:
        entry = CaseEntry(
            corporation=self.corporation,
            case=case,
            kind=EntryKind.NOTE,
            audience=audience,
            text=text,
            file_name=file,
            at=clock.now() - YEARS_8,
        )
        if file:
            entry.file.save(file, ContentFile(b"\x89PNG foto"), save=False)
        entry.save()
        return entry

    def stored(self, file_field) -> Path:
        return Path(settings.MEDIA_ROOT) / file_field.name

    def ended_contract(self, tenant: Tenant, ended: dt.date) -> Contract:
        contract = ContractFactory(
            corporation=self.corporation, start_date=dt.date(2010, 1, 1), end_date=ended
        )
        ContractTenantFactory(corporation=self.corporation, contract=contract, tenant=tenant)
        return contract


def processes_world(slug: str = "woonzorg", *, into: Corporation | None = None, tag: str = "") -> Processes:
    """The records in a new corporation, or once more (`tag` keeps them apart) in an existing one."""
    corporation = into or CorporationFactory(slug=slug, name=slug.title())
    case_types_install_defaults(corporation=corporation)
    world = Processes(corporation)
    make = _Maker(corporation, tag)
    today, now = clock.today(), clock.now()
    party = tenant_with_contract(
        corporation=corporation, tenant_kwargs={"first_name": "Anna", "last_name": "de Vries"}
    ).tenant
    neighbour = tenant_with_contract(
        corporation=corporation, tenant_kwargs={"first_name": "Bram", "last_name": "Bakker"}
    ).tenant
    old, kept = world.old, world.kept

    # Closed service cases: after two years gone with their timeline and files; open ones stay.
    old["repair case"] = repair = make.case("reparatie", tenant=party, closed_on=today - YEARS_3)
    old["repair photo"] = photo = make.entry(repair, audience=Audience.PARTY, text="Lekkage", file="lek.png")
    world.files_gone.append(make.stored(photo.file))
    kept["recent complaint"] = make.case("klacht", tenant=party, closed_on=today - YEAR_1)
    kept["open repair"] = open_repair = make.case("reparatie", tenant=party, closed_on=None)
    Case.objects.filter(pk=open_repair.pk).update(opened_on=today - YEARS_8)
    recent = make.entry(kept["recent complaint"], audience=Audience.PARTY, text="Bon", file="bon.png")  # type: ignore[arg-type]
    world.files_kept.append(make.stored(recent.file))

    # A nuisance report closed a year ago: the case stays, who reported it goes.
    world.nuisance = nuisance = make.case(
        "overlast", tenant=party, closed_on=today - YEAR_1, accused=neighbour
    )
    Case.objects.filter(pk=nuisance.pk).update(party_name="Anna de Vries", party_phone="06 12345678")
    theirs = make.entry(nuisance, audience=Audience.PARTY, text="Dank voor uw melding", file="geluid.png")
    world.files_gone.append(make.stored(theirs.file))
    old["reporter's entry"] = theirs
    kept["accused's entry"] = make.entry(nuisance, audience=Audience.ACCUSED, text="Wij spreken u graag.")
    kept["colleague's note"] = make.entry(nuisance, audience=Audience.INTERNAL, text="Gesprek gevoerd.")
    kept["recent nuisance"] = make.case(
        "overlast", tenant=party, closed_on=today - MONTH_2, accused=neighbour
    )

    # Lettings: the signed contract stays while the contract runs and seven years after.
    departed = TenantFactory(corporation=corporation, last_name="Visser")
    ended_long_ago = make.ended_contract(departed, today - YEARS_8)
    ended_lately = make.ended_contract(departed, today - YEARS_3)
    running = Contract.objects.get(parties__tenant=party)
    for label, contract, bucket in (
        ("letting ended", ended_long_ago, old),
        ("letting running", running, kept),
    ):
        letting = Letting(
            corporation=corporation,
            reference=f"WRV-{label[-5:]}-{slug}{tag}",
            tenant=departed if bucket is old else party,
            unit=contract.unit,
            start_date=dt.date(2010, 1, 1),
            monthly_rent=Decimal("650.00"),
            monthly_service_costs=Decimal("40.00"),
            status=LettingStatus.SIGNED,
            contract=contract,
            signed_name="Anna de Vries",
            signed_at=now - YEARS_8 - YEARS_3,
        )
        letting.signed_pdf.save(f"{label}.pdf", ContentFile(b"%PDF-1.7 verzegeld"), save=False)
        letting.save()
        bucket[label] = letting
        (world.files_gone if bucket is old else world.files_kept).append(make.stored(letting.signed_pdf))
    old["letting lapsed"] = lapsed = Letting.objects.create(
        corporation=corporation,
        reference=f"WRV-lapsed-{slug}{tag}",
        tenant=party,
        unit=UnitFactory(corporation=corporation),
        start_date=today - YEARS_3,
        monthly_rent=Decimal("650.00"),
        monthly_service_costs=Decimal("40.00"),
        status=LettingStatus.CANCELLED,
    )
    Letting.objects.filter(pk=lapsed.pk).update(created_at=now - YEARS_3)

    # Payment-method changes follow their contract.
    for label, contract, bucket in (("iban ended", ended_long_ago, old), ("iban running", running, kept)):
        bucket[label] = PaymentMethodChange.objects.create(
            corporation=corporation,
            contract=contract,
            tenant=departed,
            method="direct_debit",
            iban="NL91ABNA0417164300",
            account_holder="A. de Vries",
        )

    # Terminations with their end inspection: seven years after the contract ended.
    for label, contract, bucket in (
        ("termination", ended_long_ago, old),
        ("recent termination", ended_lately, kept),
    ):
        ended = contract.end_date
        assert ended is not None
        case = make.case("opzegging", tenant=departed, closed_on=ended)
        bucket[label] = Termination.objects.create(
            corporation=corporation,
            case=case,
            contract=contract,
            tenant=departed,
            given_on=ended - MONTH_2,
            end_date=ended,
            reason="other_home",
            forwarding_address="Nieuwstraat 1, Utrecht",
        )
        inspection = Inspection.objects.create(
            corporation=corporation, case=case, unit=contract.unit, kind=InspectionKind.END
        )
        defect = Defect(
            corporation=corporation, inspection=inspection, room="keuken", description="Gat in muur"
        )
        defect.photo.save("gat.jpg", ContentFile(b"\xff\xd8 foto"), save=False)
        defect.payer = "tenant"
        defect.save()
        bucket[f"{label} defect"] = defect
        (world.files_gone if bucket is old else world.files_kept).append(make.stored(defect.photo))

    # A home modification stays while its tenant rents the home.
    for label, contract, bucket in (
        ("modification", ended_long_ago, old),
        ("modification renting", running, kept),
    ):
        tenant = departed if bucket is old else party
        case = make.case("woningaanpassing", tenant=tenant, closed_on=today - YEARS_8)
        bucket[label] = Modification.objects.create(
            corporation=corporation,
            case=case,
            unit=contract.unit,
            tenant=tenant,
            change="keuken",
            change_name="Nieuwe keuken",
            description="Eigen keuken geplaatst",
        )

    # Swaps: approved ones are what the new contracts rest on; a refused one is a closed case.
    for label, status, closed_on, bucket in (
        ("approved swap", SwapStatus.APPROVED, today - YEARS_8, old),
        ("refused swap", SwapStatus.REFUSED, today - YEARS_3, old),
        ("recent approved swap", SwapStatus.APPROVED, today - YEARS_3, kept),
    ):
        swap = Swap.objects.create(
            corporation=corporation,
            case=make.case("woningruil", tenant=party, closed_on=closed_on),
            status=status,
            decided_on=closed_on,
        )
        SwapParty.objects.create(
            corporation=corporation,
            swap=swap,
            tenant=party,
            contract=running,
            new_unit=UnitFactory(corporation=corporation),
            household=2,
        )
        bucket[label] = swap

    # Appointments after two years; signing codes after the access log's half year.
    resource = Resource.objects.create(
        corporation=corporation, name=f"Opzichter{tag}", kind=ResourceKind.INSPECTOR
    )
    for label, start, bucket in (("booking", now - YEARS_3, old), ("recent booking", now - YEAR_1, kept)):
        bucket[label] = Booking.objects.create(
            corporation=corporation,
            resource=resource,
            start=start,
            end=start + dt.timedelta(hours=1),
            purpose="Voorinspectie Kade 1",
            tenant=party,
        )
    for label, expires, bucket in (("signing code", now - YEAR_1, old), ("recent code", now - MONTH_2, kept)):
        bucket[label] = SigningCode.objects.create(
            corporation=corporation,
            tenant=party,
            purpose="letting",
            subject_id=1,
            code_hash="x",
            channel="email",
            created_at=expires - dt.timedelta(minutes=15),
            expires_at=expires,
        )
    return world
