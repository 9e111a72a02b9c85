import datetime as dt
from decimal import Decimal

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears, pay, step
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Promise, PromiseStatus
from vangnet.daily.services import run_day
from vangnet.disputes.models import Dispute, DisputeCategory, DisputeStatus
from vangnet.flows.holds import hold_create, hold_release
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind, StepOutcome, StepRun
from vangnet.ledger.models import InvoiceCategory, LedgerEntry
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)
DAY_5 = DUE + dt.timedelta(days=5)


def _day(n: int) -> dt.date:
    return DUE + dt.timedelta(days=n)


def test_an_arrangement_holds_the_flow_and_its_end_resumes_it():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)
    arrangement = Arrangement.objects.create(
        corporation=corporation,
        contract=contract,
        status=ArrangementStatus.ACTIVE,
        agreed_on=_day(6),
        start_date=_day(20),
        total_amount=Decimal("700.00"),
    )

    held = run_day(corporation=corporation, as_of=_day(12))

    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.status == EnrollmentStatus.HELD
    assert held.held == 1 and held.messages_planned == 0
    hold = Hold.objects.get(contract=contract, kind=HoldKind.ARRANGEMENT)
    assert hold.source_key == f"arrangement:{arrangement.pk}"
    assert (
        enrollment.events.filter(kind="held")
        .get()
        .reason.startswith("Wachtcode: Er loopt een betalingsregeling")
    )

    Arrangement.objects.filter(pk=arrangement.pk).update(status=ArrangementStatus.BROKEN)
    resumed = run_day(corporation=corporation, as_of=_day(14))  # Monday

    enrollment.refresh_from_db()
    hold.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert hold.released_on == _day(14)
    assert resumed.resumed == 1
    assert resumed.messages_planned == 1  # the SMS of day 12 goes out now


def test_an_open_dispute_holds_and_its_resolution_resumes():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    category = DisputeCategory.objects.create(
        corporation=corporation, code="bedrag", name="Bedrag klopt niet"
    )
    dispute = Dispute.objects.create(
        corporation=corporation,
        contract=contract,
        category=category,
        description="De servicekosten zijn te hoog",
        opened_on=DUE,
        deadline=_day(14),
    )

    run_day(corporation=corporation, as_of=DAY_5)
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.HELD
    assert not StepRun.objects.filter(enrollment__contract=contract).exists()

    Dispute.objects.filter(pk=dispute.pk).update(status=DisputeStatus.RESOLVED, resolved_on=_day(6))
    report = run_day(corporation=corporation, as_of=_day(7))
    assert report.resumed == 1
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.ACTIVE


def test_a_broken_promise_resumes_and_a_kept_one_closes():
    corporation, _ = corporation_with_flow()
    broken = in_arrears(corporation, due=DUE, as_of=DAY_5)
    kept = in_arrears(corporation, due=DUE, as_of=DAY_5)
    for contract in (broken, kept):
        Promise.objects.create(
            corporation=corporation,
            contract=contract,
            made_on=DUE,
            promised_date=_day(8),
            amount=Decimal("700.00"),
        )
    run_day(corporation=corporation, as_of=DAY_5)
    assert Enrollment.objects.filter(status=EnrollmentStatus.HELD).count() == 2
    pay(kept, Decimal("700.00"), _day(8))

    report = run_day(corporation=corporation, as_of=_day(12))  # promised day 8 + 3 grace days passed

    assert Promise.objects.get(contract=broken).status == PromiseStatus.BROKEN
    assert Promise.objects.get(contract=kept).status == PromiseStatus.KEPT
    assert Enrollment.objects.get(contract=broken).status == EnrollmentStatus.ACTIVE
    assert Enrollment.objects.get(contract=kept).status == EnrollmentStatus.CLOSED
    assert report.promises_broken == 1 and report.promises_kept == 1


def test_wsnp_holds_and_a_death_holds_and_asks_a_colleague_to_contact_the_heirs():
    corporation, _ = corporation_with_flow()
    wsnp = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"wsnp_since": dt.date(2026, 1, 1)})
    deceased = in_arrears(
        corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"deceased_on": dt.date(2026, 10, 20)}
    )

    run_day(corporation=corporation, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)

    assert Hold.objects.get(contract=wsnp).kind == HoldKind.WSNP
    assert Hold.objects.get(contract=deceased).kind == HoldKind.DECEASED
    assert not StepRun.objects.exists()
    task = Task.objects.get(contract=deceased)
    assert task.kind == TaskKind.CONTACT_HEIRS
    assert Task.objects.count() == 1


def test_a_manual_hold_pauses_until_released_and_asks_for_review():
    corporation, _ = corporation_with_flow()
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    hold = hold_create(
        contract=contract,
        reason="Huurder ligt in het ziekenhuis",
        starts_on=DUE,
        review_on=_day(6),
        ends_on=None,
        owner=None,
        actor="test",
    )

    run_day(corporation=corporation, as_of=_day(6))
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.HELD
    assert Task.objects.get(kind=TaskKind.REVIEW_HOLD).title.startswith("Wachtcode beoordelen: Huurder ligt")

    hold_release(hold=hold, as_of=_day(7), reason="Weer thuis", actor="test")
    run_day(corporation=corporation, as_of=_day(7))
    assert Enrollment.objects.get(contract=contract).status == EnrollmentStatus.ACTIVE


def test_an_administrator_gets_everything_and_never_an_sms():
    corporation, _ = corporation_with_flow([step(5, "SMS", channels=("sms",))])
    contract = in_arrears(
        corporation,
        due=DUE,
        as_of=DAY_5,
        tenant_kwargs={
            "administrator_name": "Bewind & Co",
            "administrator_email": "post@bewind.example",
            "administrator_address": "Postbus 12\n3800 AA  Amersfoort",
            "administrator_since": dt.date(2025, 1, 1),
        },
    )

    run_day(corporation=corporation, as_of=_day(7))  # a Monday

    run = StepRun.objects.get(enrollment__contract=contract)
    assert run.deliveries == [
        {
            "channel": "letter",
            "recipient": "administrator",
            "name": "Bewind & Co",
            # The window names the administrator, on whose behalf (the debtor), then the address.
            "address": f"Bewind & Co\nbewindvoerder van {contract.parties.get().tenant.display_name}\n"
            "Postbus 12\n3800 AA  Amersfoort",
            "substituted_for": "sms",
            "note": "brief in plaats van SMS: naar een bewindvoerder alleen e-mail of post",
        }
    ]
    assert run.tone == "u"
    assert "aan bewindvoerder Bewind & Co" in run.reason


def test_no_voice_calls_means_a_letter_and_the_plan_says_so():
    corporation, _ = corporation_with_flow([step(5, "Spraak", channels=("voice",))])
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"no_voice_calls": True})

    run_day(corporation=corporation, as_of=_day(7))

    run = StepRun.objects.get(enrollment__contract=contract)
    assert [(d["channel"], d["substituted_for"]) for d in run.deliveries] == [("letter", "voice")]
    assert "geen spraakberichten" in run.reason


def test_tone_follows_age_unless_the_tenant_chose():
    corporation, _ = corporation_with_flow()
    young = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"birth_date": dt.date(2001, 5, 1)})
    older = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"birth_date": dt.date(1960, 5, 1)})
    chose = in_arrears(
        corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"birth_date": dt.date(1960, 5, 1), "tone": "je"}
    )

    run_day(corporation=corporation, as_of=DAY_5)

    tones = {run.enrollment.contract_id: run.tone for run in StepRun.objects.select_related("enrollment")}
    assert tones == {young.pk: "je", older.pk: "u", chose.pk: "je"}


def test_no_costs_without_a_letter_or_when_the_corporation_charges_none():
    corporation, _ = corporation_with_flow(
        [step(5, "Incassokosten", action="add_costs", channels=("email",), template="kosten")]
    )
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    no_costs, _ = corporation_with_flow(
        [
            step(
                5, "Brief", action="fourteen_day_letter", channels=("letter",), template="veertiendagenbrief"
            ),
            step(6, "Incassokosten", action="add_costs", channels=("email",), template="kosten"),
        ],
        charge_costs=False,
    )
    other = in_arrears(no_costs, due=DUE, as_of=DAY_5)

    run_day(corporation=corporation, as_of=_day(9))
    run_day(corporation=no_costs, as_of=_day(9))
    run_day(corporation=no_costs, as_of=_day(40))

    assert "geen veertiendagenbrief verstuurd" in StepRun.objects.get(enrollment__contract=contract).reason
    assert StepRun.objects.get(enrollment__contract=other, step__name="Brief").costs is None
    skipped = StepRun.objects.get(enrollment__contract=other, step__name="Incassokosten")
    assert skipped.outcome == StepOutcome.SKIPPED and "rekent geen incassokosten" in skipped.reason
    assert not LedgerEntry.objects.filter(category=InvoiceCategory.COLLECTION_COSTS).exists()


def test_statutory_interest_is_booked_once_a_month_after_the_step_started_it():
    from vangnet.flows.legal.interest import statutory_interest
    from vangnet.flows.models import CollectionPolicy, InterestRate

    corporation, _ = corporation_with_flow(
        [step(5, "Rente", action="start_interest"), step(200, "Bellen", action="call_task")]
    )
    CollectionPolicy.objects.filter(corporation=corporation).update(charge_interest=True)
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5, amount=Decimal("1000.00"))
    run_day(corporation=corporation, as_of=_day(9))
    started = Enrollment.objects.get(contract=contract).interest_since
    assert started == _day(9)

    run_day(corporation=corporation, as_of=dt.date(2026, 12, 1))
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 2))

    rates = [(r.valid_from, r.rate) for r in InterestRate.objects.all()]
    expected = statutory_interest(
        Decimal("1000.00"), from_date=started, to_date=dt.date(2026, 12, 1), rates=rates
    )
    interest = LedgerEntry.objects.get(category=InvoiceCategory.INTEREST)
    assert interest.amount == expected > 0
    assert interest.source_id.endswith("-2026-11")

    run_day(corporation=corporation, as_of=dt.date(2027, 1, 4))
    booked = LedgerEntry.objects.filter(category=InvoiceCategory.INTEREST).order_by("pk")
    assert booked.count() == 2
    total = statutory_interest(
        Decimal("1000.00"), from_date=started, to_date=dt.date(2027, 1, 1), rates=rates
    )
    assert sum(entry.amount for entry in booked) == total


def test_no_interest_when_the_corporation_charges_none():
    corporation, _ = corporation_with_flow([step(5, "Rente", action="start_interest")])
    in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=_day(9))
    run_day(corporation=corporation, as_of=dt.date(2026, 12, 1))
    assert "rekent geen wettelijke rente" in StepRun.objects.get().reason
    assert not LedgerEntry.objects.filter(category=InvoiceCategory.INTEREST).exists()
