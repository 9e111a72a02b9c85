"""The demo's hand-overs: two agencies, and on the history's past days what a credit team does with the
proposals the nightly runs made: approve a batch, export it, read the agencies' feedback, recall one.

Everything goes through the real services on its own day, so the pages show real history: the holds held
the flows from the day of approval, the agencies' payments are on the ledger on the day they were paid.
"""

from datetime import date, timedelta
from decimal import Decimal

from vangnet.core import clock
from vangnet.core.models import Corporation, User
from vangnet.handovers.models import Agency, AgencyKind, Handover, HandoverPolicy, HandoverStatus
from vangnet.handovers.proposals import proposal_create
from vangnet.handovers.selectors import blocking_failures, proposal_checks
from vangnet.handovers.services import (
    agency_feedback_import,
    agency_save,
    handover_recall,
    handovers_approve,
    handovers_export,
    wki_check_record,
)
from vangnet.ledger.models import ContractStanding

# Days before today on which the team works the hand-overs (the history runs every one of them).
SETUP_DAY, APPROVE_DAY, FIRST_FEEDBACK_DAY, LAST_FEEDBACK_DAY = 56, 10, 6, 2


def demo_handovers_day(
    *, corporation: Corporation, day: date, days_back: int, as_of: date, manager: User
) -> None:
    """The hand-over work of one past day, after that night's run."""
    with clock.moved_to(day):
        if days_back == SETUP_DAY:
            _agencies(corporation, day, manager)
        elif days_back == APPROVE_DAY:
            _approve_and_export(corporation, day, manager)
        elif days_back == FIRST_FEEDBACK_DAY:
            _first_feedback(corporation, day, manager)
        elif days_back == LAST_FEEDBACK_DAY:
            _last_feedback(corporation, day, as_of, manager)


def _agencies(corporation: Corporation, day: date, manager: User) -> None:
    HandoverPolicy.objects.get_or_create(corporation=corporation)
    if Agency.objects.filter(corporation=corporation).exists():
        return  # a demo built again (--reset) keeps its agencies, as it keeps its flows
    bureau = agency_save(
        corporation=corporation,
        name="Incassobureau Noord-Holland B.V.",
        kind=AgencyKind.COLLECTION_AGENCY,
        export_format="xlsx",
        vat_uplift=Decimal("21"),
        actor=manager,
        slug="incasso-noord",
        contact_name="Ruud Bakker",
        email="dossiers@incasso-noord.example",
        phone="020-5550101",
        address="Postbus 1234, 1000 AB Amsterdam",
        kvk_number="61234567",
        costs_agreement="No cure, no pay: 15% van het geïnde bedrag, btw niet verrekenbaar.",
    )
    wki_check_record(
        agency=bureau,
        checked_on=day,
        registered=True,
        register_number="WKI-2024-000417",
        note="Register incassodienstverlening, Justis",
        actor=manager,
    )
    agency_save(
        corporation=corporation,
        name="Gerechtsdeurwaarders Van Dam & De Wit",
        kind=AgencyKind.BAILIFF,
        export_format="pdf",
        actor=manager,
        slug="vandam-dewit",
        contact_name="mr. A. van Dam",
        email="huur@vandamdewit.example",
        phone="030-5550202",
        address="Catharijnesingel 10, 3511 GB Utrecht",
        office_number="KBVG-3511",
        costs_agreement="Ambtshandelingen volgens het Btag; minnelijk traject tegen vast tarief.",
    )


def _by_status(corporation: Corporation, status: str, agency: str = "") -> list[Handover]:
    found = Handover.objects.filter(corporation=corporation, status=status).select_related(
        "corporation", "contract"
    )
    if agency:
        found = found.filter(agency__slug=agency)
    return list(found.order_by("pk"))


def _approve_and_export(corporation: Corporation, day: date, manager: User) -> None:
    # Two colleagues propose from the card as well; their dossiers had no 14-day letter yet, so the checks
    # keep them on the list with the reason shown.
    proposed = {h.contract_id for h in _by_status(corporation, HandoverStatus.PROPOSED)}
    biggest = (
        ContractStanding.objects.filter(corporation=corporation, overdue_amount__gt=0)
        .exclude(contract_id__in=proposed)
        .order_by("-overdue_amount", "contract_id")
        .select_related("contract")[:2]
    )
    for standing in biggest:
        proposal_create(
            contract=standing.contract,
            reason="Hoge achterstand en geen reactie op brieven of telefoon.",
            as_of=day,
            actor=manager,
        )
    waiting = _by_status(corporation, HandoverStatus.PROPOSED)
    checks = proposal_checks(waiting, as_of=day)
    passing = [h for h in waiting if not blocking_failures(checks[h.pk])]
    # Two stay on the list for the manager of today to decide.
    to_approve = passing[:-2] if len(passing) > 4 else passing[: max(len(passing) - 1, 0)]
    bureau = Agency.objects.get(corporation=corporation, slug="incasso-noord")
    bailiff = Agency.objects.get(corporation=corporation, slug="vandam-dewit")
    half = (len(to_approve) + 1) // 2
    if to_approve[:half]:
        handovers_approve(
            corporation=corporation, handovers=to_approve[:half], agency=bureau, as_of=day, actor=manager
        )
    if to_approve[half:]:
        handovers_approve(
            corporation=corporation, handovers=to_approve[half:], agency=bailiff, as_of=day, actor=manager
        )
    handovers_export(corporation=corporation, agency=None, as_of=day, actor=manager)


def _row(handover: Handover, day: date, kind: str, **values: str) -> dict[str, str]:
    return {"contract_id": handover.contract.source_id, "datum": day.isoformat(), "soort": kind, **values}


def _feedback(
    agency_slug: str, corporation: Corporation, rows: list[dict[str, str]], day: date, manager: User
) -> None:
    if rows:
        agency = Agency.objects.get(corporation=corporation, slug=agency_slug)
        agency_feedback_import(
            agency=agency,
            rows=rows,
            file_name=f"terugkoppeling-{agency_slug}-{day.isoformat()}.csv",
            content=repr(rows).encode(),
            as_of=day,
            actor=manager,
        )


def _first_feedback(corporation: Corporation, day: date, manager: User) -> None:
    at_bureau = _by_status(corporation, HandoverStatus.EXPORTED, "incasso-noord")
    at_bailiff = _by_status(corporation, HandoverStatus.EXPORTED, "vandam-dewit")
    rows = []
    if at_bureau:
        part = (at_bureau[0].amount / 3).quantize(Decimal("0.01"))
        rows.append(
            _row(at_bureau[0], day, "betaling", bedrag=f"{part:.2f}", kenmerk=f"INH-{day:%Y%m%d}-001")
        )
        rows.append(_row(at_bureau[0], day, "kosten", bedrag="35.00", toelichting="Sommatie"))
    for handover in at_bureau[1:3]:
        rows.append(_row(handover, day, "stadium", stadium="minnelijk"))
    _feedback("incasso-noord", corporation, rows, day, manager)
    _feedback(
        "vandam-dewit",
        corporation,
        [
            _row(h, day, "stadium", stadium="dagvaarding", toelichting="Dagvaarding betekend")
            for h in at_bailiff[:2]
        ],
        day,
        manager,
    )


def _last_feedback(corporation: Corporation, day: date, as_of: date, manager: User) -> None:
    at_bureau = _by_status(corporation, HandoverStatus.EXPORTED, "incasso-noord")
    at_bailiff = _by_status(corporation, HandoverStatus.EXPORTED, "vandam-dewit")
    rows = []
    if len(at_bureau) > 1:
        paid = at_bureau[1]
        rows.append(_row(paid, day, "betaling", bedrag=f"{paid.amount:.2f}", kenmerk=f"INH-{day:%Y%m%d}-002"))
        rows.append(_row(paid, day, "afgesloten", toelichting="Volledig betaald"))
    _feedback("incasso-noord", corporation, rows, day, manager)
    if at_bailiff:
        eviction = as_of + timedelta(days=12)
        _feedback(
            "vandam-dewit",
            corporation,
            [
                _row(
                    at_bailiff[0], day, "stadium", stadium="ontruiming", ontruimingsdatum=eviction.isoformat()
                )
            ],
            day,
            manager,
        )
    if len(at_bureau) > 2:
        handover_recall(
            handover=at_bureau[2],
            reason="arrangement",
            note="Huurder belde: regeling met ons getroffen, wij nemen het terug.",
            return_to_flow=True,
            as_of=day,
            actor=manager,
        )
