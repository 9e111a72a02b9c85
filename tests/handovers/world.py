"""A small world with real history for hand-over tests: a 14-day letter printed and posted, its term
passed, collection costs booked, and the night's run proposing the hand-over; then two agencies.

Dates are fixed in the autumn of 2026 and each day runs with the clock moved to it, as in
tests/daily/test_law_in_the_engine.py.
"""

import contextlib
import datetime as dt
from decimal import Decimal

from tests.flows.builders import corporation_with_flow, in_arrears, step
from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.daily.services import day_run
from vangnet.flows.models import Flow
from vangnet.handovers.models import Agency, AgencyKind, Handover, WkiCheck
from vangnet.ledger.models import Contract
from vangnet.messaging.models import Batch, MessagingSettings
from vangnet.messaging.posting import batch_letters_posted
from vangnet.messaging.services import templates_install_defaults

RENT_DUE = dt.date(2026, 10, 1)
LETTER_DAY = dt.date(2026, 10, 6)
POSTED_ON = dt.date(2026, 10, 7)
COSTS_DAY = dt.date(2026, 10, 26)
PROPOSAL_DAY = dt.date(2026, 11, 2)
CORPORATION = {
    "name": "Woonstichting De Vang",
    "sender_name": "Woonstichting De Vang",
    "iban": "NL91RABO0312345674",
    "bic": "RABONL2U",
    "phone": "033-4601200",
    "street": "Stadsring 120",
    "postcode": "3811 HR",
    "city": "Amersfoort",
}
STEPS = [
    step(
        5,
        "Veertiendagenbrief",
        action="fourteen_day_letter",
        channels=("letter",),
        template="veertiendagenbrief",
    ),
    step(6, "Incassokosten", action="add_costs", channels=("email",), template="incassokosten-berekend"),
    step(30, "Overdracht voorstellen", action="propose_handover"),
    # A step after the proposal keeps the dossier open, so the hand-over's hold has a flow to pause.
    step(90, "Einde traject", action="end"),
]


def run(corporation: Corporation, day: dt.date, capture) -> None:
    """The night of `day`; `capture` runs the after-commit work (None where commits are real)."""
    with clock.moved_to(day), capture(execute=True) if capture else contextlib.nullcontext():
        day_run(corporation=corporation, as_of=day, actor="test")


def proposals_world(capture, *, contracts: int = 2) -> tuple[Corporation, list[Contract]]:
    """`contracts` tenants €700 in arrears each, letters posted, costs booked, hand-overs proposed."""
    corporation, flow = corporation_with_flow(STEPS, **CORPORATION)
    Flow.objects.filter(pk=flow.pk).update(send_time=dt.time(7))
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    templates_install_defaults(corporation=corporation, actor="test")
    found = [in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY) for _ in range(contracts)]
    run(corporation, LETTER_DAY, capture)
    batch = Batch.objects.get(corporation=corporation, day=LETTER_DAY, flow__isnull=False)
    with clock.moved_to(POSTED_ON):
        batch_letters_posted(batch=batch, posted_on=POSTED_ON, actor="postkamer")
    run(corporation, COSTS_DAY, capture)
    run(corporation, PROPOSAL_DAY, capture)
    return corporation, found


def agencies(corporation: Corporation, *, checked_on: dt.date = PROPOSAL_DAY) -> tuple[Agency, Agency]:
    bureau = Agency.objects.create(
        corporation=corporation,
        slug="incasso-noord",
        name="Incasso Noord B.V.",
        kind=AgencyKind.COLLECTION_AGENCY,
        email="dossiers@incassonoord.example",
        export_format="csv",
        vat_uplift=Decimal("21"),
    )
    WkiCheck.objects.create(
        corporation=corporation,
        agency=bureau,
        checked_on=checked_on,
        checked_by="j.jansen",
        register_number="WKI-000123",
        registered=True,
    )
    bailiff = Agency.objects.create(
        corporation=corporation,
        slug="deurwaarders-midden",
        name="Gerechtsdeurwaarders Midden",
        kind=AgencyKind.BAILIFF,
        office_number="KBVG-4711",
        export_format="pdf",
    )
    return bureau, bailiff


def proposals(corporation: Corporation) -> list[Handover]:
    """In the order of the contracts: the night inserts its proposals set-based, in no promised order."""
    return list(
        Handover.objects.filter(corporation=corporation)
        .select_related("corporation", "contract")
        .order_by("contract_id")
    )
