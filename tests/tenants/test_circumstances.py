"""Circumstances (issue 23): recorded once, ended, used by segments, and routing a tenant to extra attention."""

import datetime as dt

import pytest

from tests.factories import CorporationFactory
from tests.flows.builders import in_arrears
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.daily.services import day_run
from vangnet.demo.circumstances import demo_circumstances_record
from vangnet.flows.models import ContractSegment, Enrollment
from vangnet.flows.segments import Rule
from vangnet.flows.selectors import contract_explanation, contract_facts
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.models import Contract
from vangnet.messaging.services import templates_install_defaults
from vangnet.tenants.circumstances import (
    DEFAULT_CODES,
    circumstance_end,
    circumstance_kinds_install_defaults,
    circumstance_record,
    circumstances_in_force,
)
from vangnet.tenants.models import Circumstance, CircumstanceKind, CircumstanceSource

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 10, 1)
RUN_DAY = dt.date(2026, 10, 6)


@pytest.fixture
def corporation():
    corporation = CorporationFactory(slug="omstandig")
    circumstance_kinds_install_defaults(corporation=corporation)
    return corporation


def _tenant(corporation, **tenant_kwargs):
    contract = in_arrears(corporation, due=DUE, as_of=RUN_DAY, tenant_kwargs=tenant_kwargs or None)
    return contract, contract.parties.get().tenant


def test_the_default_kinds_are_installed_once(corporation):
    assert circumstance_kinds_install_defaults(corporation=corporation) == 0
    codes = set(corporation_kinds(corporation))
    assert codes == set(DEFAULT_CODES)
    assert "ziekte" in codes  # illness is as far as health goes: a kind, never a diagnosis
    assert not any(field.name in ("detail", "note", "text") for field in Circumstance._meta.get_fields())


def corporation_kinds(corporation):
    return CircumstanceKind.objects.filter(corporation=corporation).values_list("code", flat=True)


def test_a_colleague_records_a_circumstance_once_and_ends_it(corporation):
    _contract, tenant = _tenant(corporation)
    with clock.moved_to(RUN_DAY):
        first = circumstance_record(
            tenant=tenant, kind_code="werkloos", starts_on=dt.date(2026, 9, 20), source="staff", actor="petra"
        )
        again = circumstance_record(
            tenant=tenant, kind_code="werkloos", starts_on=dt.date(2026, 9, 25), source="staff", actor="petra"
        )
        assert again == first
        assert [c.kind.code for c in circumstances_in_force(tenant, RUN_DAY)] == ["werkloos"]
        circumstance_end(circumstance=first, ends_on=dt.date(2026, 10, 3), actor="petra")
        assert circumstances_in_force(tenant, RUN_DAY) == []
    actions = list(AuditEntry.objects.filter(tenant_id=tenant.pk).values_list("action", flat=True))
    assert actions.count("tenants.circumstance_recorded") == 1
    assert "tenants.circumstance_ended" in actions


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"kind_code": "verzonnen"}, "Kies een soort omstandigheid uit de lijst."),
        ({"starts_on": dt.date(2026, 10, 7)}, "De datum ligt in de toekomst"),
        ({"source": CircumstanceSource.ERP}, "Onbekende bron"),
    ],
)
def test_a_wrong_circumstance_is_refused_and_nothing_is_written(corporation, kwargs, reason):
    _contract, tenant = _tenant(corporation)
    arguments = {"kind_code": "scheiding", "starts_on": RUN_DAY, "source": "staff"} | kwargs
    with clock.moved_to(RUN_DAY), pytest.raises(ApplicationError, match=reason):
        circumstance_record(tenant=tenant, actor="petra", **arguments)
    assert not Circumstance.objects.exists()


def test_an_end_before_the_start_is_refused(corporation):
    _contract, tenant = _tenant(corporation)
    with clock.moved_to(RUN_DAY):
        recorded = circumstance_record(
            tenant=tenant, kind_code="ziekte", starts_on=RUN_DAY, source="call", actor="petra"
        )
        with pytest.raises(ApplicationError, match="vóór de begindatum"):
            circumstance_end(circumstance=recorded, ends_on=dt.date(2026, 10, 1), actor="petra")
    recorded.refresh_from_db()
    assert recorded.ends_on is None


CONDITIONS = [
    [{"field": "recent_circumstance", "op": "lte", "value": "30"}],
    [{"field": "recent_circumstance", "op": "lte", "value": "400"}],
    [{"field": "circumstance", "op": "in", "value": "werkloos,ziekte"}],
    [{"field": "circumstance", "op": "in", "value": "geboorte"}],
]


@pytest.mark.parametrize("conditions", CONDITIONS, ids=str)
def test_the_query_and_the_explanation_agree_on_circumstances(corporation, conditions):
    with clock.moved_to(RUN_DAY):
        recent, tenant = _tenant(corporation, last_name="Recent")
        circumstance_record(
            tenant=tenant, kind_code="werkloos", starts_on=dt.date(2026, 9, 20), source="staff", actor="t"
        )
        old, tenant = _tenant(corporation, last_name="Lang geleden")
        circumstance_record(
            tenant=tenant, kind_code="geboorte", starts_on=dt.date(2025, 11, 1), source="staff", actor="t"
        )
        _over, tenant = _tenant(corporation, last_name="Voorbij")
        ended = circumstance_record(
            tenant=tenant, kind_code="ziekte", starts_on=dt.date(2026, 9, 1), source="staff", actor="t"
        )
        circumstance_end(circumstance=ended, ends_on=dt.date(2026, 9, 30), actor="t")
        _tenant(corporation, last_name="Niets")
    rule = Rule.parse(conditions)
    contracts = Contract.objects.filter(corporation=corporation)
    by_query = set(contracts.filter(rule.as_q(RUN_DAY)).values_list("pk", flat=True))
    by_facts = {c.pk for c in contracts if rule.matches(contract_facts(contract=c, as_of=RUN_DAY), RUN_DAY)}
    assert by_query == by_facts
    expected = {
        "recent_circumstance-30": {recent.pk},
        "recent_circumstance-400": {recent.pk, old.pk},
        "circumstance-werkloos,ziekte": {recent.pk},
        "circumstance-geboorte": {old.pk},
    }[f"{conditions[0]['field']}-{conditions[0]['value']}"]
    assert by_query == expected


def test_a_recorded_job_loss_routes_the_dossier_to_extra_attention_with_the_reason(
    corporation, django_capture_on_commit_callbacks
):
    flows_install_defaults(corporation=corporation, actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    contract, tenant = _tenant(corporation)
    with clock.moved_to(RUN_DAY):
        circumstance_record(
            tenant=tenant, kind_code="werkloos", starts_on=dt.date(2026, 9, 28), source="staff", actor="petra"
        )
        with django_capture_on_commit_callbacks(execute=True):
            day_run(corporation=corporation, as_of=RUN_DAY, actor="test")

    assert ContractSegment.objects.get(contract=contract).segment.name == "Extra aandacht"
    enrollment = Enrollment.objects.get(contract=contract)
    assert enrollment.flow.code == "extra-aandacht"
    explanation = contract_explanation(contract=contract, as_of=RUN_DAY)
    reasons = [
        shown for check in explanation.checks if check.matched for _c, _held, shown in check.conditions
    ]
    assert reasons == ["Werkloos geworden (sinds 28-09-2026)"]
    # The track has no costs step and no 14-day letter: a colleague speaks with the tenant first.
    actions = set(enrollment.version.steps.values_list("action", flat=True))
    assert "add_costs" not in actions
    assert "fourteen_day_letter" not in actions
    assert enrollment.version.steps.order_by("position").first().action == "call_task"


def test_the_demo_records_every_default_kind_and_one_that_no_longer_routes(corporation):
    for n in range(9):
        _tenant(corporation, last_name=f"Huurder {n}")
    with clock.moved_to(RUN_DAY):
        assert demo_circumstances_record(corporation=corporation, as_of=RUN_DAY, actor="incasso") == 8
    recorded = Circumstance.objects.select_related("kind").order_by("tenant_id")
    assert sorted({row.kind.code for row in recorded}) == sorted(DEFAULT_CODES)
    assert {row.source for row in recorded} == {"staff", "call"}
    recent = [row for row in recorded if (RUN_DAY - row.starts_on).days <= 180]
    assert len(recent) == 7
    assert [row.kind.code for row in recorded if row not in recent] == ["geboorte"]
