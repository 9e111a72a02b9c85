import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CorporationFactory
from tests.world import household, rent_history, unpaid
from vangnet.daily.services import run_day
from vangnet.flows.models import ContractSegment, Flow, Segment
from vangnet.flows.segments import FIELDS, ConditionError, Rule
from vangnet.flows.selectors import contract_facts
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.models import Contract, UnitKind

AS_OF = dt.date(2026, 12, 1)


def test_unknown_fields_operators_and_values_are_refused():
    with pytest.raises(ConditionError, match="onbekend veld"):
        Rule.parse([{"field": "salary", "op": "gt", "value": "1"}])
    with pytest.raises(ConditionError, match="past niet"):
        Rule.parse([{"field": "unit_kind", "op": "gt", "value": "1"}])
    with pytest.raises(ConditionError, match="geen getal"):
        Rule.parse([{"field": "late_in_window", "op": "gte", "value": "veel"}])
    with pytest.raises(ConditionError, match="onbekende waarde"):
        Rule.parse([{"field": "unit_kind", "op": "in", "value": "castle"}])


@pytest.mark.django_db
def test_the_default_segments_put_contracts_in_the_flow_their_behaviour_asks_for():
    corporation = CorporationFactory()
    flows_install_defaults(corporation=corporation, actor="test")
    # Six months of rent each, paid that many days after the 1st: the standing is computed from them.
    five_late = rent_history(as_of=AS_OF, days_late=[10, 8, 0, 12, 9, 11])
    structural = household(corporation, arrears=five_late).contract
    once = household(corporation, arrears=rent_history(as_of=AS_OF, days_late=[0, 0, 0, 0, 14, 0])).contract
    # A private person renting a parking space is a consumer: the consumer route, with its 14-day letter.
    parking = household(corporation, arrears=five_late, unit__kind=UnitKind.PARKING).contract
    # An organisation is a business debtor, whatever it rents.
    organisation = {"kind": "organisation", "organisation_name": "Bakkerij De Korf BV"}
    company = household(corporation, arrears=five_late, tenant=organisation).contract
    departed = household(corporation, end_date=dt.date(2026, 6, 30)).contract
    punctual = household(corporation, arrears=rent_history(as_of=AS_OF, days_late=[0] * 6)).contract
    assert (structural.standing.late_in_window, structural.standing.invoices_in_window) == (5, 6)
    assert (once.standing.late_in_window, punctual.standing.late_in_window) == (1, 0)

    run_day(corporation=corporation, as_of=AS_OF)

    flows = dict(ContractSegment.objects.values_list("contract_id", "segment__flow__code"))
    assert flows == {
        structural.pk: "streng",
        once.pk: "vriendelijk",
        parking.pk: "streng",
        company.pk: "zakelijk",
        departed.pk: "vertrokken",
        punctual.pk: "zacht",
    }
    assert Flow.objects.filter(corporation=corporation).count() == 7
    assert Segment.objects.filter(corporation=corporation).count() == 7


CONDITIONS = st.one_of(
    st.builds(
        lambda op, value: {"field": "late_in_window", "op": op, "value": str(value)},
        st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]),
        st.integers(0, 6),
    ),
    st.builds(
        lambda op, value: {"field": "days_overdue", "op": op, "value": str(value)},
        st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]),
        st.integers(0, 90),
    ),
    st.builds(
        lambda op, value: {"field": "tenant_age", "op": op, "value": str(value)},
        st.sampled_from(["gt", "gte", "lt", "lte", "ne"]),
        st.integers(18, 90),
    ),
    st.builds(
        lambda op, value: {"field": "paid_on_time_share", "op": op, "value": str(value)},
        st.sampled_from(["gt", "lt", "ne"]),
        st.integers(0, 100),
    ),
    st.builds(
        lambda v: {"field": "has_administrator", "op": "is", "value": v}, st.sampled_from(["ja", "nee"])
    ),
    st.builds(lambda v: {"field": "paper_only", "op": "is", "value": v}, st.sampled_from(["ja", "nee"])),
    st.sampled_from(
        [
            {"field": "unit_kind", "op": op, "value": value}
            for op, value in [
                ("eq", "dwelling"),
                ("ne", "parking"),
                ("in", "business,parking"),
                ("not_in", "dwelling"),
            ]
        ]
    ),
    st.builds(
        lambda v: {"field": "neighbourhood", "op": "contains", "value": v}, st.sampled_from(["stad", "Zuid"])
    ),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(conditions=st.lists(CONDITIONS, min_size=1, max_size=3), match=st.sampled_from(["all", "any"]))
def test_the_query_and_the_explanation_always_agree(conditions, match):
    corporation = CorporationFactory(slug="agree")
    if not Contract.objects.filter(corporation=corporation).exists():
        # Standings computed from these ledgers: (late, days overdue, on-time share)
        for n, (arrears, birth, admin) in enumerate(
            [
                # (0, none, 100%)
                (rent_history(as_of=AS_OF, days_late=[0] * 6), dt.date(1990, 3, 1), False),
                # (3, 30, 50%): two paid late, November not at all
                (rent_history(as_of=AS_OF, days_late=[0, 0, 0, 5, 9, None]), dt.date(1950, 12, 1), True),
                # (0, 200, none): one old invoice before the window, never paid
                (unpaid(due=AS_OF - dt.timedelta(days=200), as_of=AS_OF), None, False),
                # (1, none, 83%)
                (rent_history(as_of=AS_OF, days_late=[0, 0, 0, 0, 0, 12]), dt.date(2004, 12, 2), False),
            ]
        ):
            tenant = {"birth_date": birth, "paper_only": n == 2}
            if admin:
                tenant |= {"administrator_name": "B", "administrator_since": dt.date(2020, 1, 1)}
            household(
                corporation,
                arrears=arrears,
                tenant=tenant,
                unit__kind=UnitKind.PARKING if n == 3 else UnitKind.DWELLING,
                unit__neighbourhood="Binnenstad" if n % 2 else "Zuid",
            )
    rule = Rule.parse(conditions, match)
    by_query = set(
        Contract.objects.filter(corporation=corporation).filter(rule.as_q(AS_OF)).values_list("pk", flat=True)
    )
    by_facts = {
        contract.pk
        for contract in Contract.objects.filter(corporation=corporation)
        if rule.matches(contract_facts(contract=contract, as_of=AS_OF), AS_OF)
    }
    assert by_query == by_facts


def test_every_field_has_a_label_and_operators():
    for field in FIELDS.values():
        assert field.ops and str(field.label)
