"""Rerouting (issue 23): an open dossier follows its contract into a flow that takes over open dossiers, with
the circumstance named in the event, the old flow's planned work withdrawn, once per segment it enters."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import CorporationFactory, MembershipFactory, UserFactory
from tests.flows.builders import in_arrears
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.flows.engine.classify import classify
from vangnet.flows.engine.context import RunContext, policy_for
from vangnet.flows.engine.report import RunReport
from vangnet.flows.engine.reroute import reroute
from vangnet.flows.models import Enrollment, EnrollmentEvent, EventKind, Flow
from vangnet.flows.moves import enrollment_move_to_flow
from vangnet.flows.services import flows_install_defaults
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import templates_install_defaults
from vangnet.tasks.models import Task, TaskStatus
from vangnet.tenants.circumstances import circumstance_record

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 9, 1)
FIRST_RUN = dt.date(2026, 10, 5)
NEXT_RUN = dt.date(2026, 10, 6)


@pytest.fixture
def corporation():
    corporation = CorporationFactory(slug="omleiden")
    flows_install_defaults(corporation=corporation, actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    return corporation


def _run(corporation, day):
    with clock.moved_to(day):
        call_command("run_day", corporation=corporation.slug, as_of=day.isoformat(), as_json=True)


def _enrolled(corporation, n=1):
    contracts = [
        in_arrears(corporation, due=DUE, as_of=FIRST_RUN, tenant_kwargs={"last_name": f"Huurder {i}"})
        for i in range(n)
    ]
    _run(corporation, FIRST_RUN)
    return contracts


def _job_loss(contract, actor="petra"):
    with clock.moved_to(NEXT_RUN):
        circumstance_record(
            tenant=contract.parties.get().tenant,
            kind_code="werkloos",
            starts_on=dt.date(2026, 10, 2),
            source="staff",
            actor=actor,
        )


def test_the_default_extra_attention_flow_takes_over_open_dossiers(corporation):
    assert set(Flow.objects.filter(takes_over_open=True).values_list("code", flat=True)) == {"extra-aandacht"}


def test_a_job_loss_moves_the_open_dossier_and_withdraws_the_old_flows_work(corporation):
    (contract,) = _enrolled(corporation)
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.flow.code != "extra-aandacht"
    planned = list(
        OutgoingMessage.objects.filter(
            contract=contract, status__in=[MessageStatus.PLANNED, "in_review", "approved"]
        )
    )
    old_tasks = list(Task.objects.filter(contract=contract, status=TaskStatus.OPEN))
    _job_loss(contract)
    _run(corporation, NEXT_RUN)

    enrollment.refresh_from_db()
    assert enrollment.flow.code == "extra-aandacht"
    assert enrollment.segment.name == "Extra aandacht"
    assert enrollment.status == "active"
    moved = EnrollmentEvent.objects.get(enrollment=enrollment, kind=EventKind.MOVED)
    assert moved.on == NEXT_RUN
    assert "Extra aandacht: het leven veranderde" in moved.reason
    assert "segment Extra aandacht: Werkloos geworden (sinds 02-10-2026)" in moved.reason
    # The new flow starts at its first step, a personal call, not somewhere halfway.
    assert enrollment.step_runs.filter(step__version=enrollment.version).first().step.position == 1
    assert Task.objects.filter(
        contract=contract, status=TaskStatus.OPEN, kind="call", title__startswith="Bel "
    ).exists()
    for message in planned:
        message.refresh_from_db()
        assert message.status == MessageStatus.CANCELLED
        assert "Extra aandacht" in message.status_reason
    for task in old_tasks:
        task.refresh_from_db()
        assert task.status == TaskStatus.CANCELLED


def test_a_dossier_moves_once_and_a_colleagues_later_move_stands(corporation):
    staff_user = UserFactory(username="petra")
    (contract,) = _enrolled(corporation)
    _job_loss(contract)
    _run(corporation, NEXT_RUN)
    enrollment = Enrollment.objects.get(contract=contract)
    stevig = Flow.objects.get(code="stevig")
    with clock.moved_to(NEXT_RUN):
        enrollment_move_to_flow(
            enrollment=enrollment,
            flow=stevig,
            reason="Gesproken: wil gewoon betalen",
            actor=staff_user,
            as_of=NEXT_RUN,
        )
    _run(corporation, NEXT_RUN + dt.timedelta(days=1))
    enrollment.refresh_from_db()
    assert enrollment.flow == stevig
    assert EnrollmentEvent.objects.filter(enrollment=enrollment, kind=EventKind.MOVED).count() == 2


def test_a_flow_that_does_not_take_over_leaves_open_dossiers_where_they_are(corporation):
    Flow.objects.filter(code="extra-aandacht").update(takes_over_open=False)
    (contract,) = _enrolled(corporation)
    before = Enrollment.objects.get(contract=contract).flow_id
    _job_loss(contract)
    _run(corporation, NEXT_RUN)
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.flow_id == before
    assert not EnrollmentEvent.objects.filter(kind=EventKind.MOVED).exists()


def test_rerouting_is_set_based(corporation, django_assert_max_num_queries):
    def moved_with_queries(contracts):
        for contract in contracts:
            _job_loss(contract)
        ctx = RunContext(
            corporation=corporation,
            as_of=NEXT_RUN,
            policy=policy_for(corporation),
            report=RunReport(corporation=corporation.slug, as_of=NEXT_RUN, dry_run=False),
        )
        classify(ctx)
        with django_assert_max_num_queries(14) as captured:
            reroute(ctx)
        return ctx.report.rerouted, len(captured)

    contracts = _enrolled(corporation, n=6)
    few, few_queries = moved_with_queries(contracts[:2])
    many, many_queries = moved_with_queries(contracts[2:])
    assert (few, many) == (2, 4)
    assert few_queries == many_queries


def test_the_run_preview_counts_the_dossiers_that_would_move(corporation):
    (contract,) = _enrolled(corporation)
    _job_loss(contract)
    staff = UserFactory(username="petra")
    MembershipFactory(corporation=corporation, user=staff, role=Role.CREDIT_MANAGER)
    client = Client()
    client.force_login(staff)
    with clock.moved_to(NEXT_RUN):
        page = client.get(f"/run-van-vannacht/?as_of={NEXT_RUN.isoformat()}").content.decode()
    assert "Naar ander traject" in page
    assert Enrollment.objects.get(contract=contract).flow.code != "extra-aandacht"  # a preview writes nothing
