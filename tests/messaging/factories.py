"""Factories for the flow rows the daily run writes (Flow, FlowVersion, FlowStep, Enrollment, StepRun), so
messaging tests can plan the outbox without the engine."""

import datetime as dt
from decimal import Decimal

import factory

from tests.factories import BuilderFactory, CorporationFactory, LedgerEntryFactory
from tests.world import Arrears, Household, household, pay_entry
from vangnet.flows.models import Enrollment, Flow, FlowStep, FlowVersion, StepAction, StepOutcome, StepRun

AS_OF = dt.date(2025, 3, 10)


class FlowFactory(BuilderFactory):
    class Meta:
        model = Flow

    corporation = factory.SubFactory(CorporationFactory)
    code = factory.Sequence(lambda n: f"flow-{n}")
    name = factory.Sequence(lambda n: f"Traject {n}")
    send_time = dt.time(10, 0)


class FlowVersionFactory(BuilderFactory):
    class Meta:
        model = FlowVersion

    flow = factory.SubFactory(FlowFactory)
    corporation = factory.SelfAttribute("flow.corporation")
    number = 1
    status = "approved"


class FlowStepFactory(BuilderFactory):
    class Meta:
        model = FlowStep

    version = factory.SubFactory(FlowVersionFactory)
    corporation = factory.SelfAttribute("version.corporation")
    position = factory.Sequence(lambda n: n + 1)
    name = "Vriendelijke herinnering"
    day_offset = 5
    action = StepAction.MESSAGE
    channels = factory.LazyFunction(lambda: ["email"])
    template_code = "herinnering-vriendelijk"


class EnrollmentFactory(BuilderFactory):
    class Meta:
        model = Enrollment

    corporation = factory.SelfAttribute("contract.corporation")
    contract = None
    flow = factory.SelfAttribute("version.flow")
    version = None
    started_on = dt.date(2025, 2, 5)
    anchor_date = dt.date(2025, 2, 1)
    oldest_due_on = factory.SelfAttribute("anchor_date")
    entry_amount = Decimal("695.50")


class StepRunFactory(BuilderFactory):
    class Meta:
        model = StepRun

    enrollment = None
    corporation = factory.SelfAttribute("enrollment.corporation")
    step = None
    run_on = AS_OF
    outcome = StepOutcome.DONE
    reason = "dag 5 na oudste vervaldatum"
    template_code = factory.SelfAttribute("step.template_code")
    tone = "u"
    language = "nl"
    amount = Decimal("1043.25")
    deliveries = factory.LazyFunction(list)


def delivery(channel: str, tenant, *, recipient: str = "tenant", substituted_for=None, **extra) -> dict:
    if channel == "email":
        address = tenant.email
    elif channel in ("sms", "voice"):
        address = tenant.phone_mobile
    else:
        address = "\n".join([tenant.display_name, tenant.address_line, f"{tenant.postcode}  {tenant.city}"])
    return {
        "channel": channel,
        "recipient": recipient,
        "name": tenant.display_name,
        "address": address,
        "substituted_for": substituted_for,
        "note": "",
        **extra,
    }


def february_and_march_open(contract) -> None:
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, 2, 1))
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, 3, 1))
    pay_entry(contract, Decimal("347.75"), dt.date(2025, 3, 3))


def arrears_contract(corporation, *, tenant_kwargs=None, **contract_kwargs) -> Household:
    """A tenant with February and March rent open (€ 695,50 + € 347,75 after a part payment): € 1.043,25
    overdue on AS_OF, the standing computed from that ledger."""
    arrears = Arrears(AS_OF, february_and_march_open)
    return household(corporation, arrears=arrears, tenant=tenant_kwargs, **contract_kwargs)


def planned_step_runs(
    corporation, count: int, *, channels=("email",), step=None, **run_kwargs
) -> list[StepRun]:
    """`count` tenants in arrears, each with one done StepRun planning `channels`."""
    if step is None:
        step = FlowStepFactory(version__flow__corporation=corporation, corporation=corporation)
    runs = []
    for _ in range(count):
        party = arrears_contract(corporation)
        enrollment = EnrollmentFactory(contract=party.contract, version=step.version)
        runs.append(
            StepRunFactory(
                enrollment=enrollment,
                step=step,
                deliveries=[delivery(channel, party.tenant) for channel in channels],
                **run_kwargs,
            )
        )
    return runs
