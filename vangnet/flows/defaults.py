"""The setup a new corporation starts with: four flows of rising strictness chosen by payment behaviour over
the last months, a track for departed tenants, one for tenants that are organisations (the debtor decides
the legal route, not the unit), and "Extra aandacht" for tenants whose life changed lately.

Data, not logic: `flows_install_defaults` writes these rows once; from then on the corporation edits them
in the back office. Template codes name the messaging app's default templates.
"""

from dataclasses import dataclass, field
from datetime import time

from vangnet.core.channels import ChannelKind
from vangnet.flows.models import StepAction, StepAnchor

EMAIL, SMS, LETTER, VOICE = (ChannelKind.EMAIL, ChannelKind.SMS, ChannelKind.LETTER, ChannelKind.VOICE)


@dataclass(frozen=True)
class StepSpec:
    day: int
    name: str
    action: StepAction
    channels: tuple[str, ...] = ()
    template: str = ""
    anchor: StepAnchor = StepAnchor.OLDEST_DUE
    min_amount: str | None = None
    weekdays_only: bool = False
    priority: int = 2


@dataclass(frozen=True)
class FlowSpec:
    code: str
    name: str
    description: str
    send_time: time
    colour: str
    strictness: int
    steps: tuple[StepSpec, ...] = field(default_factory=tuple)
    # Open dossiers follow their contract into this flow when its segment changes (flows/engine/reroute.py).
    takes_over_open: bool = False


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    description: str
    flow: str
    conditions: tuple[dict, ...] = ()
    match: str = "all"


M = StepAction
FLOWS: tuple[FlowSpec, ...] = (
    FlowSpec(
        "zacht",
        "Zacht: altijd op tijd",
        "Voor huurders die het afgelopen halfjaar steeds op tijd betaalden: eerst een vriendelijke herinnering.",
        time(10, 0),
        "#2e7d32",
        1,
        (
            StepSpec(5, "Vriendelijke herinnering", M.MESSAGE, (EMAIL,), "herinnering-vriendelijk"),
            StepSpec(12, "Herinnering per SMS", M.MESSAGE, (SMS,), "herinnering-sms"),
            StepSpec(19, "Tweede herinnering", M.MESSAGE, (EMAIL, LETTER), "herinnering-tweede"),
            StepSpec(26, "Bellen", M.CALL_TASK, priority=2),
            StepSpec(33, "Veertiendagenbrief", M.FOURTEEN_DAY_LETTER, (LETTER, EMAIL), "veertiendagenbrief"),
            StepSpec(40, "Melding vroegsignalering", M.EARLY_SIGNAL, min_amount="100"),
            StepSpec(52, "Incassokosten rekenen", M.ADD_COSTS, (EMAIL,), "incassokosten-berekend"),
            StepSpec(56, "Huisbezoek", M.HOUSE_VISIT, priority=3),
            StepSpec(75, "Overdracht voorstellen", M.PROPOSE_HANDOVER, min_amount="250", priority=3),
        ),
    ),
    FlowSpec(
        "vriendelijk",
        "Vriendelijk: één keer te laat",
        "Voor huurders die het afgelopen halfjaar één keer te laat betaalden.",
        time(10, 30),
        "#558b2f",
        2,
        (
            StepSpec(3, "Herinnering", M.MESSAGE, (EMAIL, SMS), "herinnering-vriendelijk"),
            StepSpec(10, "Tweede herinnering", M.MESSAGE, (EMAIL, LETTER), "herinnering-tweede"),
            StepSpec(17, "Bellen", M.CALL_TASK, priority=2),
            StepSpec(24, "Veertiendagenbrief", M.FOURTEEN_DAY_LETTER, (LETTER, EMAIL), "veertiendagenbrief"),
            StepSpec(35, "Melding vroegsignalering", M.EARLY_SIGNAL, min_amount="100"),
            StepSpec(43, "Incassokosten rekenen", M.ADD_COSTS, (EMAIL,), "incassokosten-berekend"),
            StepSpec(47, "Huisbezoek", M.HOUSE_VISIT, priority=3),
            StepSpec(65, "Overdracht voorstellen", M.PROPOSE_HANDOVER, min_amount="250", priority=3),
        ),
    ),
    FlowSpec(
        "stevig",
        "Stevig: regelmatig te laat",
        "Voor huurders die het afgelopen halfjaar twee of drie keer te laat betaalden: sneller bellen.",
        time(9, 30),
        "#ef6c00",
        3,
        (
            StepSpec(2, "Herinnering per SMS", M.MESSAGE, (SMS, EMAIL), "herinnering-sms"),
            StepSpec(7, "Bellen", M.CALL_TASK, priority=3),
            StepSpec(
                9, "Spraakbericht", M.MESSAGE, (VOICE,), "spraakbericht-herinnering", weekdays_only=True
            ),
            StepSpec(14, "Veertiendagenbrief", M.FOURTEEN_DAY_LETTER, (LETTER, EMAIL), "veertiendagenbrief"),
            StepSpec(21, "Huisbezoek", M.HOUSE_VISIT, priority=3),
            StepSpec(30, "Melding vroegsignalering", M.EARLY_SIGNAL, min_amount="100"),
            StepSpec(33, "Incassokosten rekenen", M.ADD_COSTS, (EMAIL,), "incassokosten-berekend"),
            StepSpec(55, "Overdracht voorstellen", M.PROPOSE_HANDOVER, min_amount="250", priority=3),
        ),
    ),
    FlowSpec(
        "streng",
        "Streng: structureel te laat",
        "Voor huurders die het afgelopen halfjaar vier keer of vaker te laat betaalden.",
        time(9, 0),
        "#c62828",
        4,
        (
            StepSpec(1, "Herinnering per SMS", M.MESSAGE, (SMS,), "herinnering-sms"),
            StepSpec(4, "Bellen", M.CALL_TASK, priority=3),
            StepSpec(8, "Veertiendagenbrief", M.FOURTEEN_DAY_LETTER, (LETTER, EMAIL), "veertiendagenbrief"),
            StepSpec(12, "Huisbezoek", M.HOUSE_VISIT, priority=4),
            StepSpec(26, "Melding vroegsignalering", M.EARLY_SIGNAL, min_amount="100"),
            StepSpec(27, "Incassokosten rekenen", M.ADD_COSTS, (EMAIL,), "incassokosten-berekend"),
            StepSpec(40, "Overdracht voorstellen", M.PROPOSE_HANDOVER, min_amount="250", priority=4),
        ),
    ),
    FlowSpec(
        "extra-aandacht",
        "Extra aandacht: het leven veranderde",
        # vangnet/tenants/circumstances.py: job loss, separation, illness, a death, a new baby, less income.
        "Voor huurders bij wie kort geleden iets veranderde (werkloos, scheiding, ziekte, overlijden, minder "
        "inkomen): eerst persoonlijk contact, zachte teksten, geen incassokosten en de weg naar gratis "
        "schuldhulp van de gemeente. Een collega kiest na het gesprek hoe het verder gaat.",
        time(10, 0),
        "#00838f",
        1,
        (
            StepSpec(1, "Persoonlijk bellen: vraag hoe het gaat", M.CALL_TASK, priority=4),
            StepSpec(3, "Steuntje in de rug", M.MESSAGE, (EMAIL, LETTER), "extra-aandacht"),
            StepSpec(10, "Huisbezoek", M.HOUSE_VISIT, priority=3),
            StepSpec(30, "Melding vroegsignalering", M.EARLY_SIGNAL, min_amount="100"),
            StepSpec(45, "Bespreek met de huurder hoe het verder gaat", M.TASK, priority=3),
        ),
        takes_over_open=True,
    ),
    FlowSpec(
        "vertrokken",
        "Vertrokken huurders",
        "Voor contracten die zijn beëindigd: de eindafrekening en daarna overdracht.",
        time(11, 0),
        "#6a1b9a",
        5,
        (
            StepSpec(7, "Brief eindafrekening", M.MESSAGE, (LETTER, EMAIL), "vertrokken-eindafrekening"),
            StepSpec(28, "Veertiendagenbrief", M.FOURTEEN_DAY_LETTER, (LETTER,), "veertiendagenbrief"),
            StepSpec(47, "Incassokosten rekenen", M.ADD_COSTS, (LETTER,), "incassokosten-berekend"),
            StepSpec(60, "Overdracht voorstellen", M.PROPOSE_HANDOVER, min_amount="50", priority=3),
            StepSpec(61, "Einde traject", M.END),
        ),
    ),
    FlowSpec(
        "zakelijk",
        "Zakelijke huurders",
        "Voor huurders die een organisatie zijn: zakelijk, zonder veertiendagenbrief.",
        time(11, 30),
        "#37474f",
        6,
        (
            StepSpec(5, "Herinnering", M.MESSAGE, (EMAIL,), "zakelijk-herinnering"),
            StepSpec(14, "Aanmaning", M.MESSAGE, (LETTER, EMAIL), "zakelijk-aanmaning"),
            StepSpec(21, "Bellen", M.CALL_TASK, priority=2),
            StepSpec(35, "Overdracht voorstellen", M.PROPOSE_HANDOVER, priority=3),
        ),
    ),
)

SEGMENTS: tuple[SegmentSpec, ...] = (
    SegmentSpec(
        "Vertrokken",
        "Het contract is beëindigd.",
        "vertrokken",
        ({"field": "contract_ended", "op": "is", "value": "1"},),
    ),
    SegmentSpec(
        "Zakelijke huurder",
        # Not the unit: a private person renting a parking space or garage is a consumer and gets the
        # consumer route with its 14-day letter (art. 6:96 lid 6 BW).
        "De huurder is een organisatie (bedrijf of instelling), welke eenheid het ook is.",
        "zakelijk",
        ({"field": "debtor_kind", "op": "eq", "value": "organisation"},),
    ),
    SegmentSpec(
        "Extra aandacht",
        "Er is iets veranderd in het leven van de huurder, in de laatste 180 dagen (zie Omstandigheden op "
        "de huurderskaart).",
        "extra-aandacht",
        ({"field": "recent_circumstance", "op": "lte", "value": "180"},),
    ),
    SegmentSpec(
        "Structureel te laat",
        "Vier keer of vaker te laat in het venster, of gemiddeld meer dan 20 dagen.",
        "streng",
        (
            {"field": "late_in_window", "op": "gte", "value": "4"},
            {"field": "average_days_late", "op": "gt", "value": "20"},
        ),
        match="any",
    ),
    SegmentSpec(
        "Regelmatig te laat",
        "Twee of drie keer te laat, of een storno.",
        "stevig",
        (
            {"field": "late_in_window", "op": "gte", "value": "2"},
            {"field": "reversals_in_window", "op": "gte", "value": "1"},
        ),
        match="any",
    ),
    SegmentSpec(
        "Eén keer te laat",
        "Eén keer te laat in het venster.",
        "vriendelijk",
        ({"field": "late_in_window", "op": "eq", "value": "1"},),
    ),
    SegmentSpec("Altijd op tijd", "Alle anderen: steeds op tijd betaald.", "zacht", ()),
)


@dataclass(frozen=True)
class ReversalSpec:
    code: str
    name: str
    channels: tuple[str, ...] = ()
    template: str = ""
    task_kind: str = ""
    task_title: str = ""
    repeat_count: int = 0
    repeat_task_title: str = ""


CHECK_MANDATE = "Rekening of machtiging controleren en de huurder vragen hoe hij wil betalen"
# law-and-standards.md §3.2: a refund asked by the tenant (MD06) or refused (MS02) gets a reminder, never an
# automatic second collection; too little balance (AM04/MS03) a payment link; a mandate that no longer
# works a colleague; a death (MD07) the estate process.
REVERSALS: tuple[ReversalSpec, ...] = (
    ReversalSpec("MD06", "Teruggeboekt door de huurder", (EMAIL, SMS), "storno-md06"),
    ReversalSpec("MS02", "Geweigerd door de huurder", (EMAIL, SMS), "storno-md06"),
    ReversalSpec(
        "AM04",
        "Onvoldoende saldo",
        (SMS, EMAIL),
        "storno-algemeen",
        repeat_count=2,
        repeat_task_title="Vaker onvoldoende saldo: bespreek een andere betaaldatum of betaalwijze",
    ),
    ReversalSpec(
        "MS03",
        "Geweigerd door de bank",
        (SMS, EMAIL),
        "storno-algemeen",
        repeat_count=2,
        repeat_task_title="Vaker geweigerd: bespreek een andere betaaldatum of betaalwijze",
    ),
    ReversalSpec("AC01", "Rekeningnummer onjuist", (EMAIL,), "storno-algemeen", "call", CHECK_MANDATE),
    ReversalSpec("AC04", "Rekening opgeheven", (EMAIL,), "storno-algemeen", "call", CHECK_MANDATE),
    ReversalSpec("AC06", "Rekening geblokkeerd", (EMAIL,), "storno-algemeen", "call", CHECK_MANDATE),
    ReversalSpec("MD01", "Geen geldige machtiging", (EMAIL,), "storno-algemeen", "call", CHECK_MANDATE),
    ReversalSpec(
        "MD07",
        "Rekeninghouder overleden",
        (),
        "",
        "contact_heirs",
        "Incasso kwam terug: rekeninghouder overleden",
    ),
    ReversalSpec("*", "Andere reden", (EMAIL,), "storno-algemeen"),
)
