import datetime as dt

import pytest

from tests.factories import MembershipFactory, UserFactory
from tests.flows.builders import in_arrears
from tests.world import staff_member
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.daily.services import run_day
from vangnet.flows.models import Enrollment, Flow, FlowVersion, InterestRate, Segment
from vangnet.flows.services import flows_install_defaults
from vangnet.messaging.services import templates_install_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def flows_a(staff_a):
    flows_install_defaults(corporation=staff_a.corporation, actor="test")
    # The editor offers the corporation's templates to choose from.
    templates_install_defaults(corporation=staff_a.corporation)
    return Flow.objects.filter(corporation=staff_a.corporation)


def _formset(flow: Flow, steps: list[dict], note: str) -> dict:
    data = {"form-TOTAL_FORMS": str(len(steps)), "form-INITIAL_FORMS": "0", "note": note}
    for index, step in enumerate(steps):
        for key, value in step.items():
            if isinstance(value, list):
                continue
            data[f"form-{index}-{key}"] = value
    return data


def test_the_flow_list_and_timeline_show_the_steps(staff_a, flows_a):
    response = staff_a.client.get("/trajecten/")
    assert response.status_code == 200
    assert "Streng: structureel te laat" in response.content.decode()
    assert "Aantal keer te laat (venster) minstens 4" in response.content.decode()

    flow = flows_a.get(code="streng")
    page = staff_a.client.get(f"/trajecten/{flow.pk}/").content.decode()
    assert "<svg" in page and "dag 8: Veertiendagenbrief" in page
    # Templates and channels by name, not by code.
    templates_install_defaults(corporation=staff_a.corporation)
    page = staff_a.client.get(f"/trajecten/{flow.pk}/").content.decode()
    codes = {s.template_code for s in flow.current_version.steps.all() if s.template_code}
    assert codes and not [code for code in codes if code in page]
    assert "Veertiendagenbrief" in page
    assert "E-mail" in page and "terugval: brief" in page
    assert ">email<" not in page and "terugval: letter" not in page


def test_editing_the_timeline_makes_a_new_version_and_running_dossiers_keep_theirs(staff_a, flows_a):
    contract = in_arrears(staff_a.corporation, due=dt.date(2026, 11, 2), as_of=dt.date(2026, 11, 9))
    run_day(corporation=staff_a.corporation, as_of=dt.date(2026, 11, 9))
    enrollment = Enrollment.objects.get(contract=contract)
    # The flow the dossier runs in is the one edited: seven days late once puts it in "vriendelijk".
    flow = enrollment.flow
    assert flow.code == "vriendelijk"
    first = flow.current_version
    assert enrollment.version == first
    steps = [
        {
            "name": "Herinnering",
            "day_offset": "3",
            "anchor": "oldest_due",
            "action": "message",
            "template_code": "herinnering-vriendelijk",
            "fallback_channel": "letter",
            "task_priority": "2",
        },
        {
            "name": "Bellen",
            "day_offset": "9",
            "anchor": "oldest_due",
            "action": "call_task",
            "task_priority": "3",
        },
    ]
    data = _formset(flow, steps, "Eerder herinneren")
    data["form-0-channels"] = ["email", "sms"]

    response = staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", data, follow=True)

    # Four eyes: the credit manager's timeline is a proposal; the flow runs on the approved one.
    page = response.content.decode()
    assert "is opgeslagen als voorstel" in page
    assert "Voorstel, wacht op goedkeuring" in page and "Wat dit voorstel verandert" in page
    assert "Gewijzigde stap: Bellen" in page and "dag: 17 → 9" in page
    assert "Vervallen stap: Veertiendagenbrief" in page
    flow.refresh_from_db()
    assert flow.current_version == first
    number = first.number + 1
    decide = f"/trajectversies/{FlowVersion.objects.get(flow=flow, number=number).pk}/besluit/"
    own = staff_a.client.post(decide, {"besluit": "goedkeuren"}, follow=True).content.decode()
    assert "U hebt dit voorstel zelf gemaakt" in own
    flow.refresh_from_db()
    assert flow.current_version == first
    colleague = staff_a.world.add_staff("cm-collega", role=Role.CREDIT_MANAGER)
    assert colleague.client.post(decide, {"besluit": "goedkeuren"}).status_code == 403
    manager = staff_a.world.add_staff("manager-a", role=Role.MANAGER)
    approved = manager.client.post(decide, {"besluit": "goedkeuren"}, follow=True).content.decode()
    assert f"Versie {number} is goedgekeurd." in approved and "Goedgekeurd door manager-a" in approved

    flow.refresh_from_db()
    assert flow.current_version.number == number
    assert [s.name for s in flow.current_version.steps.order_by("position")] == ["Herinnering", "Bellen"]
    assert flow.current_version.steps.get(name="Herinnering").channels == ["email", "sms"]
    enrollment.refresh_from_db()
    assert enrollment.version == first

    moved = staff_a.client.post(f"/trajecten/{flow.pk}/verplaatsen/", follow=True)
    assert "1 lopende dossiers gebruiken nu de nieuwste versie." in moved.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.version == flow.current_version


def test_a_bad_timeline_is_refused_with_every_reason_and_nothing_changes(staff_a, flows_a):
    flow = flows_a.get(code="zacht")
    versions = FlowVersion.objects.filter(flow=flow).count()
    steps = [
        {
            "name": "Brief",
            "day_offset": "10",
            "anchor": "oldest_due",
            "action": "fourteen_day_letter",
            "task_priority": "2",
        },
    ]
    data = _formset(flow, steps, "Fout")
    data["form-0-channels"] = ["sms"]

    response = staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "een veertiendagenbrief gaat per brief of e-mail" in page
    assert "kies een sjabloon" in page
    assert FlowVersion.objects.filter(flow=flow).count() == versions


def test_the_preview_shows_tomorrow_without_writing(staff_a, flows_a):
    in_arrears(staff_a.corporation, due=dt.date(2026, 11, 2), as_of=dt.date(2026, 11, 9))

    response = staff_a.client.get("/run-van-vannacht/", {"as_of": "2026-11-09"})

    assert response.status_code == 200
    assert "Herinnering" in response.content.decode()
    assert not Enrollment.objects.exists()
    assert staff_a.client.get("/run-van-vannacht/", {"as_of": "morgen"}).status_code == 200


def test_dispute_handlers_cannot_open_the_flow_configuration(staff_a, flows_a, client):
    handler = UserFactory(username="geschil")
    MembershipFactory(user=handler, corporation=staff_a.corporation, role=Role.DISPUTE_HANDLER)
    client.force_login(handler)
    flow = flows_a.first()
    for path in (
        "/trajecten/",
        f"/trajecten/{flow.pk}/",
        f"/trajecten/{flow.pk}/bewerken/",
        "/run-van-vannacht/",
    ):
        assert client.get(path).status_code == 403


def test_another_corporations_flow_is_not_found(staff_a, staff_b, flows_a):
    flow = flows_a.first()
    assert staff_b.client.get(f"/trajecten/{flow.pk}/").status_code == 404


def test_a_segment_is_built_from_field_condition_and_value_and_bad_rules_are_refused(staff_a, flows_a):
    streng = flows_a.get(code="streng")
    data = {
        "name": "Jonge huurders met achterstand",
        "description": "",
        "match": "all",
        "flow": str(streng.pk),
        "active": "on",
        "voorwaarde-TOTAL_FORMS": "2",
        "voorwaarde-INITIAL_FORMS": "0",
        "voorwaarde-0-field": "tenant_age",
        "voorwaarde-0-op": "lt",
        "voorwaarde-0-value": "27",
        "voorwaarde-1-field": "overdue_amount",
        "voorwaarde-1-op": "gte",
        "voorwaarde-1-value": "250",
    }

    response = staff_a.client.post("/segmenten/nieuw/", data)

    # Four eyes: the credit manager's segment is a proposal until a manager approves it.
    assert response.status_code == 302
    assert not Segment.objects.filter(name="Jonge huurders met achterstand").exists()
    manager = staff_member(staff_a.corporation, username="marieke", role=Role.MANAGER)
    decided = manager.client.post(f"{response['Location']}besluit/", {"besluit": "goedkeuren"})
    assert decided.status_code == 302
    segment = Segment.objects.get(name="Jonge huurders met achterstand")
    assert segment.conditions == [
        {"field": "tenant_age", "op": "lt", "value": "27"},
        {"field": "overdue_amount", "op": "gte", "value": "250"},
    ]
    assert segment.flow == streng
    page = staff_a.client.get("/trajecten/").content.decode()
    assert "Leeftijd huurder kleiner dan 27" in page

    data["voorwaarde-1-op"] = "in"
    data["voorwaarde-1-value"] = "veel"
    refused = staff_a.client.post(f"/segmenten/{segment.pk}/", data)
    assert refused.status_code == 400
    assert "past niet bij dit veld" in refused.content.decode()
    segment.refresh_from_db()
    assert segment.conditions[1]["op"] == "gte"


def test_moving_segments_up_and_down_is_a_proposal_a_manager_approves(staff_a, flows_a):
    order = list(Segment.objects.filter(corporation=staff_a.corporation).order_by("position"))
    proposed = staff_a.client.post(f"/segmenten/{order[1].pk}/verplaatsen/", {"richting": "op"})
    page = staff_a.client.get(proposed["Location"]).content.decode()
    assert f"Volgorde straks: 1. {order[1].name}, 2. {order[0].name}" in page
    unchanged = list(Segment.objects.filter(corporation=staff_a.corporation).order_by("position"))
    assert unchanged == order

    manager = staff_member(staff_a.corporation, username="marieke", role=Role.MANAGER)
    manager.client.post(f"{proposed['Location']}besluit/", {"besluit": "goedkeuren"})

    moved = list(Segment.objects.filter(corporation=staff_a.corporation).order_by("position"))
    assert moved[:2] == [order[1], order[0]]


def test_administrators_keep_the_interest_table(staff_a, client):
    admin = UserFactory(username="beheerder")
    MembershipFactory(user=admin, corporation=staff_a.corporation, role=Role.ADMIN)
    client.force_login(admin)
    assert staff_a.client.get("/wettelijke-rente/").status_code == 403

    added = client.post(
        "/wettelijke-rente/", {"valid_from": "2027-01-01", "rate": "5", "source": "Stb. 2026, 500"}
    )
    again = client.post("/wettelijke-rente/", {"valid_from": "2027-01-01", "rate": "6", "source": "x"})

    assert added.status_code == 302
    assert again.status_code == 400 and "al een rente" in again.content.decode()
    assert InterestRate.objects.get(valid_from=dt.date(2027, 1, 1)).rate == 5


def test_the_tenant_card_explains_segment_dossier_and_every_decision(staff_a, flows_a):
    from tests.factories import LedgerEntryFactory
    from vangnet.ledger.services.standing import refresh_standings

    as_of = dt.date(2026, 11, 9)
    LedgerEntryFactory(contract=staff_a.contract, booking_date=dt.date(2026, 11, 2), amount="700.00")
    refresh_standings(corporation=staff_a.corporation, as_of=as_of)
    run_day(corporation=staff_a.corporation, as_of=as_of)

    page = staff_a.client.get(f"/huurders/{staff_a.tenant.pk}/").content.decode()

    assert "Waarom dit segment?" in page
    assert "Eén keer te laat" in page and "(hier: 1)" in page
    assert "Vriendelijk: één keer te laat (v1)" in page
    assert "dag 3 van de tijdlijn vanaf 06-11-2026 (oudste vervaldatum 02-11-2026)" in page
    assert "Ingestapt" in page


def test_a_colleague_puts_a_contract_on_hold_and_lifts_it_from_the_tenant_card(staff_a, staff_b, flows_a):
    from vangnet.flows.models import Hold, HoldKind

    review_on = clock.today() + dt.timedelta(days=14)
    response = staff_a.client.post(
        f"/contracten/{staff_a.contract.pk}/wachtcode/",
        {"reason": "Huurder ligt in het ziekenhuis", "review_on": review_on.isoformat(), "ends_on": ""},
    )
    assert response.status_code == 302 and response["Location"] == f"/huurders/{staff_a.tenant.pk}/"
    hold = Hold.objects.get(contract=staff_a.contract)
    assert hold.kind == HoldKind.MANUAL and hold.owner == staff_a.user and hold.review_on == review_on
    page = staff_a.client.get(f"/huurders/{staff_a.tenant.pk}/").content.decode()
    assert "Huurder ligt in het ziekenhuis" in page and "Opheffen" in page

    assert staff_b.client.post(f"/wachtcodes/{hold.pk}/opheffen/").status_code == 404
    refused = staff_a.client.post(
        f"/contracten/{staff_a.contract.pk}/wachtcode/", {"reason": ""}, follow=True
    )
    assert "geef een reden" in refused.content.decode()
    staff_a.client.post(f"/wachtcodes/{hold.pk}/opheffen/")
    hold.refresh_from_db()
    assert hold.released_on is not None


def test_a_manager_rejects_a_proposal_with_a_reason_and_the_flow_stays_as_it_was(staff_a, flows_a):
    flow = flows_a.get(code="zacht")
    first = flow.current_version
    steps = [
        {
            "name": "Bellen",
            "day_offset": "9",
            "anchor": "oldest_due",
            "action": "call_task",
            "task_priority": "3",
        }
    ]
    staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", _formset(flow, steps, "Alleen bellen"))
    number = first.number + 1
    listing = staff_a.client.get("/trajecten/").content.decode()
    assert "Voorstel wacht op goedkeuring" in listing
    again = staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", _formset(flow, steps, "Nog eens"))
    assert again.status_code == 400 and "Er wacht al een voorstel" in again.content.decode()
    manager = staff_a.world.add_staff("manager-a", role=Role.MANAGER)
    decide = f"/trajectversies/{FlowVersion.objects.get(flow=flow, number=number).pk}/besluit/"

    empty = manager.client.post(decide, {"besluit": "afwijzen", "reden": ""}, follow=True).content.decode()
    assert "Schrijf op waarom u het voorstel afwijst" in empty
    rejected = manager.client.post(
        decide, {"besluit": "afwijzen", "reden": "Zonder brief is er geen aanmaning"}, follow=True
    ).content.decode()

    assert "Afgewezen door manager-a" in rejected and "Zonder brief is er geen aanmaning" in rejected
    flow.refresh_from_db()
    assert flow.current_version == first
    assert FlowVersion.objects.get(flow=flow, number=number).status == "rejected"


def test_the_flow_editor_sets_whether_the_flow_takes_over_open_dossiers(staff_a, flows_a):
    flow = flows_a.get(code="stevig")
    page = staff_a.client.get(f"/trajecten/{flow.pk}/bewerken/").content.decode()
    assert "Lopende dossiers overnemen" in page and 'name="takes_over_open"' in page
    assert 'name="takes_over_open" id="id_takes_over_open" aria-describedby="takes-over-help">' in page
    step = {
        "name": "Bellen",
        "day_offset": "2",
        "anchor": "oldest_due",
        "action": "call_task",
        "task_priority": "3",
    }
    manager = staff_a.world.add_staff("manager-a", role=Role.MANAGER)

    def proposed_and_approved(data: dict) -> None:
        assert staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", data).status_code == 302
        version = FlowVersion.objects.filter(flow=flow).order_by("-number").first()
        manager.client.post(f"/trajectversies/{version.pk}/besluit/", {"besluit": "goedkeuren"})

    ticked = _formset(flow, [step], "Neemt lopende dossiers over") | {"takes_over_open": "on"}
    assert staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", ticked).status_code == 302
    flow.refresh_from_db()
    assert not flow.takes_over_open  # a proposal: nothing changes before a second colleague approves
    version = FlowVersion.objects.filter(flow=flow).order_by("-number").first()
    manager.client.post(f"/trajectversies/{version.pk}/besluit/", {"besluit": "goedkeuren"})
    flow.refresh_from_db()
    assert flow.takes_over_open
    again = staff_a.client.get(f"/trajecten/{flow.pk}/bewerken/").content.decode()
    assert 'aria-describedby="takes-over-help" checked>' in again
    proposed_and_approved(_formset(flow, [step], "Niet meer"))
    flow.refresh_from_db()
    assert not flow.takes_over_open
    assert flows_a.get(code="extra-aandacht").takes_over_open  # the default


def test_the_editor_offers_templates_by_name_and_refuses_costs_before_a_fourteen_day_letter(staff_a, flows_a):
    flow = flows_a.get(code="zacht")
    page = staff_a.client.get(f"/trajecten/{flow.pk}/bewerken/").content.decode()
    # A list of the corporation's templates by name, not a field to type a code in.
    assert '<select name="form-0-template_code"' in page
    assert ">Veertiendagenbrief</option>" in page
    versions = FlowVersion.objects.filter(flow=flow).count()
    steps = [
        {
            "name": "Herinnering",
            "day_offset": "5",
            "anchor": "oldest_due",
            "action": "message",
            "channels": ["email"],
            "template_code": "herinnering-vriendelijk",
            "task_priority": "2",
        },
        {
            "name": "Kosten",
            "day_offset": "20",
            "anchor": "oldest_due",
            "action": "add_costs",
            "channels": ["letter"],
            "template_code": "veertiendagenbrief",
            "task_priority": "2",
        },
    ]
    data = _formset(flow, steps, "Kosten zonder brief")
    data["form-0-channels"] = ["email"]
    data["form-1-channels"] = ["letter"]
    response = staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", data)
    assert response.status_code == 400
    assert "stap 2 (Kosten): incassokosten kunnen pas na een veertiendagenbrief" in response.content.decode()
    assert FlowVersion.objects.filter(flow=flow).count() == versions

    data["form-0-template_code"] = "een-code-die-niet-bestaat"
    refused = staff_a.client.post(f"/trajecten/{flow.pk}/bewerken/", data)
    assert refused.status_code == 400
    assert FlowVersion.objects.filter(flow=flow).count() == versions
