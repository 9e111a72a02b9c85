"""Cases in the demo corporation: open and closed ones of every type of tenant service, with a history that
is real history. Every step runs the real service on the day it happened (`clock.moved_to`), so timelines,
SLA colours, escalation tasks, messages and ERP events are what the product made, not planted rows.

Deterministic: the same tenants (by id), the same words; a second call opens nothing new.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django_scopes import scopes_disabled

from vangnet.cases.models import Article, Case, CaseType, Contractor
from vangnet.cases.orders import free_moments
from vangnet.cases.services import (
    case_assign,
    case_note_add,
    case_open,
    case_rate,
    case_transition,
    case_types_install_defaults,
    cases_escalate,
    contact_register,
    contractor_agenda_ensure,
    contractor_create,
    work_order_cancel,
    work_order_confirm,
    work_order_done,
    work_order_issue,
    work_order_pick,
)
from vangnet.core import clock
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import ContractTenant
from vangnet.tenants.models import Tenant

ACTOR = "seed_demo"

# Two contractors a colleague can give a repair to ("Opdracht geven" on a repair case).
CONTRACTORS = (
    (
        "Loodgietersbedrijf Van Dijk",
        "planning@vandijk-loodgieters.example",
        "loodgieter, sanitair",
        "030-2223344",
    ),
    ("Installatiebedrijf Warmte & Co", "opdrachten@warmte-co.example", "cv, elektra", "030-5556677"),
)

ARTICLES = (
    ("Standaardantwoorden", "Terugbelverzoek niet nagekomen", "klacht", False,
     "Bied excuses aan. Beloof dat de behandelaar binnen 2 werkdagen terugbelt en zet een vervolgtaak.",
     "terugbellen klacht excuses"),
    ("Onderhoud", "Wie repareert wat? (kleine herstellingen)", "reparatie", True,
     "Kleine reparaties doet u zelf, zoals een leertje in de kraan of een verstopte afvoer. Met het "
     "serviceabonnement doen wij dat voor u. Grote reparaties doen wij altijd.",
     "kraan leertje afvoer verstopt serviceabonnement"),
    ("Onderhoud", "Spoed: gaslucht of grote lekkage", "reparatie", True,
     "Ruikt u gas? Bel eerst de netbeheerder (0800-9009) en daarna ons. Bij een grote lekkage: draai de "
     "hoofdkraan dicht en bel ons meteen.",
     "gas lekkage spoed storing"),
    ("Wijkbeheer", "Overlast: zo werken wij", "overlast", True,
     "Wij praten eerst met u, dan met de buren. Wij zeggen nooit wie de melding deed. Buurtbemiddeling kan "
     "helpen om samen een oplossing te vinden.",
     "overlast buren geluid bemiddeling"),
    ("Beleid", "Klachtencommissie", "klacht", False,
     "Is de huurder het niet eens met ons antwoord op een klacht? Dan kan de klacht naar de "
     "klachtencommissie. Termijn: 8 weken.",
     "klachtencommissie bezwaar"),
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    days_ago: int
    action: Callable[..., object]


def _tenants(corporation: Corporation, count: int) -> list[Tenant]:
    """Tenants with an e-mail address, the portal's demo tenants first (the same order as portal/demo.py)."""
    ids = (
        ContractTenant.objects.filter(corporation=corporation, contract__standing__balance__gt=0)
        .order_by("tenant_id")
        .values_list("tenant_id", flat=True)
    )
    first = list(
        Tenant.objects.filter(pk__in=ids, deceased_on__isnull=True).exclude(email="").order_by("pk")[:2]
    )
    others = list(
        Tenant.objects.filter(corporation=corporation, deceased_on__isnull=True)
        .exclude(pk__in=[t.pk for t in first])
        .exclude(email="")
        .order_by("pk")[: count - len(first)]
    )
    return first + others


def _on[T](day: date, work: Callable[[date], T]) -> T:
    with clock.moved_to(day):
        return work(day)


def demo_cases_open(*, corporation: Corporation, as_of: date) -> int:
    """Installs the case types and the knowledge base, and runs the demo cases' history; returns how many."""
    with scopes_disabled():
        case_types_install_defaults(corporation=corporation, actor=ACTOR)
        if not Article.objects.filter(corporation=corporation).exists():
            Article.objects.bulk_create(
                Article(
                    corporation=corporation,
                    section=section,
                    title=title,
                    case_types=[case_type],
                    for_tenants=for_tenants,
                    body=body,
                    keywords=keywords,
                    owner="Kwaliteit",
                    # The first is due for review, so the knowledge base shows "Controleren".
                    review_on=as_of + timedelta(days=180 if index else -14),
                )
                for index, (section, title, case_type, for_tenants, body, keywords) in enumerate(ARTICLES)
            )
        for name, email, trades, phone in CONTRACTORS:
            found = Contractor.objects.filter(corporation=corporation, name=name).first()
            if found is None:
                found = contractor_create(
                    corporation=corporation, name=name, email=email, trades=trades, phone=phone, actor=ACTOR
                )
            contractor_agenda_ensure(contractor=found, actor=ACTOR)
        if Case.objects.filter(corporation=corporation, opened_by=ACTOR).exists():
            return 0
        tenants = _tenants(corporation, 8)
        if len(tenants) < 6:
            return 0
        types = {t.code: t for t in CaseType.objects.filter(corporation=corporation)}
        staff = User.objects.filter(memberships__corporation=corporation).order_by("pk").first()
        worker: User | str = staff or ACTOR
        return _history(corporation, types, tenants, worker, as_of)


def _work_orders(
    case: Case,
    contractor: Contractor,
    day,
    worker,
    as_of: date,
    *,
    issued: int = 19,
    confirmed: bool = False,
    done: bool = False,
) -> None:
    """A repair through the contractor's agenda: issued, a slot picked (from a day after `as_of` for a
    running one), confirmed by the tenant and, when `done`, reported done four days later."""
    order = _on(
        day(issued), lambda d: work_order_issue(case=case, contractor=contractor, as_of=d, actor=worker)
    )
    with clock.moved_to(day(issued - 1) if done else day(issued)):
        free = free_moments(order)
        after = day(issued - 4) if done else as_of + timedelta(days=2)
        start = next(s for s in free if s.date() >= after)
        order = work_order_pick(work_order=order, start=start, as_of=clock.today())
    tenant = case.tenant
    if (confirmed or done) and tenant is not None:
        order = _on(day(issued - 3 if done else 0), lambda d: work_order_confirm(
            case=case, tenant=tenant, as_of=d, actor="portal"))  # fmt: skip
    if done:
        _on(day(issued - 7), lambda d: work_order_done(
            work_order=order, notes="Kraan vervangen en de aansluiting opnieuw afgedicht.", hours="1,5",
            as_of=d))  # fmt: skip


def _history(corporation, types, tenants, worker, as_of: date) -> int:
    def day(n: int) -> date:
        return as_of - timedelta(days=n)

    def move(case: Case, *steps: tuple[int, str]) -> Case:
        for days_ago, stage in steps:
            with clock.moved_to(day(days_ago)):
                case = case_transition(case=case, to=stage, as_of=day(days_ago), actor=worker)
        return case

    def open_(days_ago: int, code: str, **kwargs) -> Case:
        kwargs.setdefault("actor", ACTOR)
        with clock.moved_to(day(days_ago)):
            return case_open(case_type=types[code], as_of=day(days_ago), **kwargs)

    reporter, accused, *others = tenants
    # Repairs: one finished and rated, one urgent on its way, one left too long (red on the list).
    tap = open_(20, "reparatie", channel="portal", tenant=reporter, guide="keuken/kraan/lekt",
                answers={"omschrijving": "Onder de kraan in de keuken staat steeds een plas water."})  # fmt: skip
    plumber, heating_firm = (Contractor.objects.get(corporation=corporation, name=c[0]) for c in CONTRACTORS)
    _work_orders(tap, plumber, day, worker, as_of, done=True)
    tap.refresh_from_db()
    _on(day(11), lambda d: case_rate(case=tap, score=4, actor="portal"))
    move(tap, (9, "afgesloten"))
    heating = open_(2, "reparatie", channel="phone", tenant=others[0], guide="installaties/cv/geen-warmte",
                    answers={"omschrijving": "Geen warm water sinds gisteravond.", "telefoon": "06 12345678"})  # fmt: skip
    # Given to the plumber first, then moved to the heating firm: a cancelled and an issued work order.
    wrong = _on(day(2), lambda d: work_order_issue(case=heating, contractor=plumber, as_of=d, actor=worker))
    _on(day(1), lambda d: work_order_cancel(work_order=wrong, reason="Dit is werk voor de cv-monteur.",
                                            contractor=heating_firm, as_of=d, actor=worker))  # fmt: skip
    # One waiting for the tenant to confirm the plumber's slot, one with the appointment made.
    shower = open_(4, "reparatie", channel="portal", tenant=others[4], guide="badkamer/douche/lekt",
                   answers={"omschrijving": "Bij het douchen lekt het water door naar de gang beneden."})  # fmt: skip
    _work_orders(shower, plumber, day, worker, as_of, issued=3, confirmed=True)
    roof = open_(3, "reparatie", channel="phone", tenant=others[5], actor=worker, guide="buiten/dak/lekt",
                 answers={"omschrijving": "Na de regen een natte plek op het plafond van de slaapkamer."})  # fmt: skip
    _work_orders(roof, plumber, day, worker, as_of, issued=1)
    open_(25, "reparatie", channel="portal", tenant=others[1], guide="badkamer/wc/loopt-door",
          answers={"omschrijving": "De wc blijft de hele nacht doorlopen."})  # fmt: skip
    # Complaints: one of someone who is not a tenant at the committee, a fresh one, a closed one.
    neighbour_complaint = open_(40, "klacht", channel="phone", party_name="Karin Smit", party_phone="06 11223344",
                                answers={"onderwerp": "service", "klacht": "Drie keer beloofd terug te bellen."})  # fmt: skip
    move(neighbour_complaint, (38, "in-behandeling"), (20, "beantwoord"), (10, "klachtencommissie"))
    open_(3, "klacht", channel="portal", tenant=others[2],
          answers={"onderwerp": "reparatie", "klacht": "De monteur kwam niet op de afgesproken dag."})  # fmt: skip
    closed_complaint = open_(60, "klacht", channel="email", tenant=others[3],
                             answers={"onderwerp": "medewerker", "klacht": "Onvriendelijk te woord gestaan."})  # fmt: skip
    move(closed_complaint, (57, "in-behandeling"), (40, "beantwoord"), (25, "afgesloten"))
    # Nuisance: two reports about one tenant, grouped; the accused gets their own timeline; one closed.
    noise = open_(14, "overlast", channel="portal", tenant=reporter, accused=accused,
                  answers={"soort": "geluid", "adres": "de buren", "wat": "Elke nacht harde muziek tot 3 uur."})  # fmt: skip
    _on(
        day(13),
        lambda d: case_assign(
            case=noise, owner=worker if isinstance(worker, User) else None, team="Wijkbeheer", actor=worker
        ),
    )
    move(noise, (10, "gesprek-betrokkene"))
    _on(day(9), lambda d: case_note_add(case=noise, text="Wij spreken u graag op het kantoor. Bel ons voor een afspraak.", audience="accused", actor=worker))  # fmt: skip
    open_(5, "overlast", channel="phone", tenant=others[4], accused=accused, actor=worker,
          answers={"soort": "geluid", "adres": "de buren", "wat": "Ook bij ons is het 's nachts te hard."})  # fmt: skip
    old_noise = open_(90, "overlast", channel="phone", tenant=others[3], accused=others[1],
                      answers={"soort": "vervuiling", "adres": "de buren", "wat": "Vuilniszakken in het trappenhuis."})  # fmt: skip
    move(old_noise, (85, "gesprek-betrokkene"), (70, "buurtbemiddeling"), (30, "afgesloten"))
    # Service questions and the money processes as case types.
    open_(
        1, "vraag", channel="portal", tenant=others[0], answers={"vraag": "Mag ik een schotel op het balkon?"}
    )
    answered = open_(15, "vraag", channel="counter", tenant=others[2], actor=worker,
                     answers={"vraag": "Wanneer komt de glazenwasser?"})  # fmt: skip
    move(answered, (14, "beantwoord"))
    link = open_(7, "betaallink", channel="phone", tenant=others[1], actor=worker, answers={})
    move(link, (7, "verstuurd"))
    open_(0, "betaallink", channel="phone", tenant=others[3], actor=worker, answers={})
    open_(2, "betalingsregeling", channel="phone", tenant=others[4], actor=worker,
          answers={"toelichting": "Ik kan 100 euro per maand extra betalen tot de achterstand weg is."})  # fmt: skip
    agreed = open_(40, "betalingsregeling", channel="phone", tenant=others[2], actor=worker,
                   answers={"toelichting": "Na het gesprek over de achterstand van twee maanden."})  # fmt: skip
    move(agreed, (38, "afgesproken"))
    # Contacts without a case, on the card and to the ERP.
    _on(day(4), lambda d: contact_register(corporation=corporation, channel="phone", subject="Vraag over de jaarafrekening servicekosten",
                                           outcome="answered", tenant=others[2], actor=worker))  # fmt: skip
    _on(day(2), lambda d: contact_register(corporation=corporation, channel="counter", subject="Sleutel van de berging kwijt",
                                           outcome="forwarded", tenant=reporter, actor=worker))  # fmt: skip
    cases_escalate(corporation=corporation, as_of=as_of, actor=ACTOR)
    return Case.objects.filter(corporation=corporation).count()
