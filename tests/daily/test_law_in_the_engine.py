"""The law in the engine (issue 21): real daily runs on small portfolios, asserting the booked entries and
the text of what was sent (the letter's PDF read back with pypdf, the email's body).

Dates are fixed in the autumn of 2026 and each day runs with the clock moved to it, so what the dispatcher
stamps (sent, posted) agrees with the day the run works on.
"""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import LedgerEntryFactory
from tests.flows.builders import corporation_with_flow, in_arrears, pay, step
from vangnet.core import clock
from vangnet.daily.services import day_run
from vangnet.flows.legal.fourteen_day_letter import term_end
from vangnet.flows.models import CollectionPolicy, Enrollment, Flow, StepOutcome, StepRun
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry
from vangnet.messaging.models import Batch, MessageStatus, MessagingSettings, OutgoingMessage
from vangnet.messaging.posting import batch_letters_posted
from vangnet.messaging.services import templates_install_defaults

pytestmark = pytest.mark.django_db

RENT_DUE = dt.date(2026, 10, 1)  # a Thursday
LETTER_DAY = dt.date(2026, 10, 6)  # Tuesday: day 5, the 14-day letter
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


@pytest.fixture(autouse=True)
def letter_dir(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"


def _world(*, letter_channel="letter", costs_day=6, review=False, steps=None):
    steps = steps or [
        step(
            5,
            "Veertiendagenbrief",
            action="fourteen_day_letter",
            channels=(letter_channel,),
            template="veertiendagenbrief",
        ),
        step(
            costs_day,
            "Incassokosten",
            action="add_costs",
            channels=("email",),
            template="incassokosten-berekend",
        ),
    ]
    corporation, flow = corporation_with_flow(steps, **CORPORATION)
    Flow.objects.filter(pk=flow.pk).update(send_time=dt.time(7))
    MessagingSettings.objects.create(corporation=corporation, review_batches=review, sandbox=True)
    templates_install_defaults(corporation=corporation, actor="test")
    return corporation


def _run(corporation, day, capture):
    with clock.moved_to(day), capture(execute=True):
        return day_run(corporation=corporation, as_of=day, actor="test")


def _pdf_text(message: OutgoingMessage) -> str:
    reader = PdfReader(io.BytesIO(Path(message.pdf_path).read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _costs(contract) -> list[Decimal]:
    return list(
        LedgerEntry.objects.filter(contract=contract, category=InvoiceCategory.COLLECTION_COSTS).values_list(
            "amount", flat=True
        )
    )


def _post(corporation, day):
    batch = Batch.objects.get(corporation=corporation, day=LETTER_DAY, flow__isnull=False)
    with clock.moved_to(day):
        batch_letters_posted(batch=batch, posted_on=day, actor="postkamer")


def test_costs_only_after_the_printed_letter_was_posted_on_the_principal_it_named(
    django_capture_on_commit_callbacks,
):
    corporation = _world()
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)
    # €60 statutory interest is open as well: it is no principal, so neither the letter nor the costs count it.
    LedgerEntryFactory(
        contract=contract,
        category=InvoiceCategory.INTEREST,
        booking_date=RENT_DUE,
        amount=Decimal("60.00"),
        description="Wettelijke rente",
    )

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)

    letter = OutgoingMessage.objects.get(contract=contract, channel="letter")
    assert letter.status == MessageStatus.SENT  # printed, not yet posted
    text = _pdf_text(letter)
    assert (
        "Betaal het bedrag van € 700,00 binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd."
        in text
    )
    assert "Betaalt u niet op tijd, dan moet u ook € 105,00 incassokosten betalen." in text
    assert "btw" not in text
    assert Enrollment.objects.get(contract=contract).letter_term_end is None

    # Three weeks on and the printed letter was never handed to the post: no term, no costs.
    waiting = _run(corporation, dt.date(2026, 10, 27), django_capture_on_commit_callbacks)
    assert _costs(contract) == []
    assert waiting.run.steps[-1].waiting == 1

    posted_on = dt.date(2026, 10, 28)  # Wednesday: delivered Friday 30 October, term to Friday 13 November
    _post(corporation, posted_on)
    last_day = term_end(posted_on, "letter")
    assert last_day == dt.date(2026, 11, 13)
    assert Enrollment.objects.get(contract=contract).letter_term_end == last_day

    _run(corporation, last_day, django_capture_on_commit_callbacks)
    assert _costs(contract) == []
    _run(corporation, dt.date(2026, 11, 16), django_capture_on_commit_callbacks)
    assert _costs(contract) == [Decimal("105.00")]  # what the letter stated, on the €700 it named


def test_a_letter_never_approved_never_leads_to_costs(django_capture_on_commit_callbacks):
    corporation = _world(review=True)
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)
    assert OutgoingMessage.objects.get(contract=contract).status == MessageStatus.IN_REVIEW
    _run(corporation, dt.date(2026, 10, 27), django_capture_on_commit_callbacks)
    _run(corporation, dt.date(2026, 11, 9), django_capture_on_commit_callbacks)

    costs_step = StepRun.objects.get(enrollment__contract=contract, step__name="Incassokosten")
    assert costs_step.outcome == StepOutcome.SKIPPED
    assert "geen veertiendagenbrief verstuurd" in costs_step.reason
    assert _costs(contract) == []


def test_the_email_variant_says_bericht_and_its_term_starts_when_the_provider_accepted_it(
    django_capture_on_commit_callbacks,
):
    corporation = _world(letter_channel="email")
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)

    email = OutgoingMessage.objects.get(contract=contract, channel="email")
    assert email.status == MessageStatus.SENT
    body = " ".join(email.body_text.split())
    assert "binnen veertien dagen vanaf de dag nadat dit bericht bij u is bezorgd" in body
    assert "brief" not in body.lower()
    last_day = term_end(LETTER_DAY, "email")
    assert last_day == dt.date(2026, 10, 20)
    assert Enrollment.objects.get(contract=contract).letter_term_end == last_day
    _run(corporation, last_day, django_capture_on_commit_callbacks)
    assert _costs(contract) == []
    _run(corporation, dt.date(2026, 10, 21), django_capture_on_commit_callbacks)
    assert _costs(contract) == [Decimal("105.00")]


def test_partial_payment_within_the_term_gives_costs_on_the_rest_of_the_named_items(
    django_capture_on_commit_callbacks,
):
    corporation = _world(costs_day=36)  # the costs step after November's rent fell due
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2026, 11, 1), amount=Decimal("700.00"))

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)
    _post(corporation, LETTER_DAY)
    pay(contract, Decimal("650.00"), dt.date(2026, 10, 15))  # within the term (to 22 October)
    _run(corporation, dt.date(2026, 11, 6), django_capture_on_commit_callbacks)

    # November's rent is not part of the letter; of October's €700, €50 was left unpaid: WIK minimum €40.
    assert _costs(contract) == [Decimal("40.00")]
    entry = LedgerEntry.objects.get(contract=contract, category=InvoiceCategory.COLLECTION_COSTS)
    assert entry.description.startswith("Incassokosten over € 50,00")


def test_a_fourteen_day_step_with_another_template_is_refused_at_save():
    from vangnet.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="niet opgeslagen") as refused:
        corporation_with_flow(
            [
                step(
                    5,
                    "Brief",
                    action="fourteen_day_letter",
                    channels=("letter",),
                    template="herinnering-tweede",
                )
            ]
        )
    assert any("wettelijk sjabloon" in error for error in refused.value.extra["errors"])


def test_letters_list_open_items_as_the_ledger_allocates_them(django_capture_on_commit_callbacks):
    corporation = _world()
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)
    LedgerEntryFactory(
        contract=contract,
        category=InvoiceCategory.INTEREST,
        booking_date=dt.date(2026, 10, 2),
        amount=Decimal("60.00"),
        description="Wettelijke rente september",
    )
    # Art. 6:44 BW: this payment settles the interest first, so October's rent stays open in full.
    pay(contract, Decimal("60.00"), dt.date(2026, 10, 3))

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)

    text = _pdf_text(OutgoingMessage.objects.get(contract=contract, channel="letter"))
    assert "Huur 10-2026 € 700,00 € 700,00" in text
    assert "Wettelijke rente september" not in text
    assert "Betaal het bedrag van € 700,00" in text


def test_statutory_interest_per_item_over_a_rate_change_and_a_yearly_compounding(
    django_capture_on_commit_callbacks,
):
    corporation, _ = corporation_with_flow(
        [step(0, "Rente", action="start_interest"), step(900, "Bellen", action="call_task")]
    )
    CollectionPolicy.objects.filter(corporation=corporation).update(charge_interest=True)
    contract = in_arrears(
        corporation, due=dt.date(2024, 12, 1), as_of=dt.date(2024, 12, 5), amount=Decimal("800")
    )
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2026, 1, 1), amount=Decimal("800.00"))
    # Costs charged and paid (art. 6:44: the payment settles the costs): they never lower the basis.
    LedgerEntryFactory(
        contract=contract,
        category=InvoiceCategory.COLLECTION_COSTS,
        booking_date=dt.date(2024, 12, 2),
        amount=Decimal("120.00"),
    )
    LedgerEntryFactory(
        contract=contract,
        kind=EntryKind.PAYMENT,
        booking_date=dt.date(2024, 12, 3),
        amount=Decimal("-120.00"),
    )

    _run(corporation, dt.date(2024, 12, 5), django_capture_on_commit_callbacks)
    assert Enrollment.objects.get(contract=contract).interest_since == dt.date(2024, 12, 5)
    report = _run(corporation, dt.date(2026, 2, 2), django_capture_on_commit_callbacks)

    # By hand, actual/365, each line rounded to cents:
    # December 2024 rent, €800 from 5-12-2024 (interest started; later than the day after its due date):
    #   5-12-2024 .. 1-1-2025   27 days at 7 %: 800 * 0.07 * 27/365 =  4.14
    #   1-1-2025 .. 1-7-2025   181 days at 6 %: 800 * 0.06 * 181/365 = 23.80
    #   1-7-2025 .. 5-12-2025  157 days at 6 %: 800 * 0.06 * 157/365 = 20.65   year one: 48.59
    #   compounded: the basis becomes 848.59 on 5-12-2025
    #   5-12-2025 .. 1-1-2026   27 days at 6 %: 848.59 * 0.06 * 27/365 = 3.77
    #   1-1-2026 .. 1-2-2026    31 days at 4 %: 848.59 * 0.04 * 31/365 = 2.88   item: 55.24
    # January 2026 rent, €800 from 2-1-2026 (the day after its due date):
    #   2-1-2026 .. 1-2-2026    30 days at 4 %: 800 * 0.04 * 30/365 = 2.63
    interest = LedgerEntry.objects.get(contract=contract, category=InvoiceCategory.INTEREST)
    assert interest.amount == Decimal("55.24") + Decimal("2.63")
    assert interest.source_id.endswith("-2026-01")
    assert report.run.warnings == []


def test_the_run_warns_when_the_newest_statutory_rate_is_over_six_months_old(
    django_capture_on_commit_callbacks,
):
    corporation, _ = corporation_with_flow([step(0, "Rente", action="start_interest")])
    CollectionPolicy.objects.filter(corporation=corporation).update(charge_interest=True)

    report = _run(corporation, dt.date(2026, 7, 20), django_capture_on_commit_callbacks)

    assert report.run.warnings == [
        "De nieuwste wettelijke rente in de tabel geldt vanaf 01-01-2026; controleer of er sindsdien een nieuw "
        "Besluit vaststelling wettelijke rente is."
    ]
    assert report.as_dict()["warnings"] == report.run.warnings


def test_every_debtor_gets_a_letter_naming_them_in_the_address_window(django_capture_on_commit_callbacks):
    from tests.factories import ContractTenantFactory, TenantFactory
    from vangnet.ledger.models import ContractRole

    corporation = _world()
    together = in_arrears(
        corporation,
        due=RENT_DUE,
        as_of=LETTER_DAY,
        tenant_kwargs={"initials": "J.", "first_name": "", "last_name": "Jansen"},
    )
    co_tenant = TenantFactory(
        corporation=corporation, initials="M.", first_name="", last_name="Pietersen", street="Kerkstraat"
    )
    ContractTenantFactory(corporation=corporation, contract=together, tenant=co_tenant, role=ContractRole.CO)
    administered = in_arrears(
        corporation,
        due=RENT_DUE,
        as_of=LETTER_DAY,
        tenant_kwargs={
            "initials": "K.",
            "first_name": "",
            "last_name": "de Vries",
            "administrator_name": "Bewind & Co",
            "administrator_address": "Postbus 12, 3800 AA  Amersfoort",
            "administrator_since": dt.date(2025, 1, 1),
        },
    )
    departed = in_arrears(
        corporation,
        due=RENT_DUE,
        as_of=LETTER_DAY,
        end_date=dt.date(2026, 9, 30),
        tenant_kwargs={
            "initials": "P.",
            "first_name": "",
            "last_name": "Bakker",
            "street": "Nieuwe Weg",
            "house_number": "8",
            "postcode": "1011 AA",
            "city": "Amsterdam",
        },
    )

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)

    windows = {
        message.recipient_name: _pdf_text(message).split("Datum")[0]
        for message in OutgoingMessage.objects.filter(channel="letter")
    }
    assert "J. Jansen Dorpsstraat" in windows["J. Jansen"]
    assert "M. Pietersen Kerkstraat" in windows["M. Pietersen"]
    assert "Bewind & Co bewindvoerder van K. de Vries Postbus 12 3800 AA Amersfoort" in windows["Bewind & Co"]
    # The contract ended: the forwarding address, never the vacated home.
    assert "P. Bakker Nieuwe Weg 8 1011 AA Amsterdam" in windows["P. Bakker"]
    assert OutgoingMessage.objects.filter(contract=together, channel="letter").count() == 2
    assert OutgoingMessage.objects.filter(contract=administered).get().recipient == "administrator"
    assert OutgoingMessage.objects.filter(contract=departed).get().status == MessageStatus.SENT


def test_the_first_written_reminder_offers_early_signalling_and_how_to_object(
    django_capture_on_commit_callbacks,
):
    from vangnet.messaging.models import MessageTemplate

    corporation = _world(
        steps=[
            step(5, "Herinnering", channels=("email", "letter"), template="herinnering-vriendelijk"),
            step(900, "Bellen", action="call_task"),
        ]
    )
    contract = in_arrears(corporation, due=RENT_DUE, as_of=LETTER_DAY)

    _run(corporation, LETTER_DAY, django_capture_on_commit_callbacks)

    email = OutgoingMessage.objects.get(contract=contract, channel="email")
    letter = OutgoingMessage.objects.get(contract=contract, channel="letter")
    offer = (
        "wij bieden aan om uw naam, adres, telefoonnummer, e-mailadres en het bedrag van de achterstand door te "
        "geven aan uw gemeente."
    )
    objection = "Wilt u dat niet? Laat het ons dan weten: bel 033-4601200"
    for text in (" ".join(email.body_text.split()), _pdf_text(letter)):
        assert offer in text
        assert objection in text
    script = MessageTemplate.objects.get(
        corporation=corporation, code="belscript", language="nl", tone="u"
    ).body_text
    assert "bezwaar tegen heeft; vraag niet om toestemming" in script
