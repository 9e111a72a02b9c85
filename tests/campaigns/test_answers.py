"""Answers: contact data with its history and the ERP event, meter readings with their plausibility checks,
paper slips, surveys; and the estimate for those who sent nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.campaigns.conftest import meter_with_history
from vangnet.campaigns.models import Campaign, CampaignTarget, ContactChange, MeterReading, ReadingStatus
from vangnet.campaigns.services import (
    campaign_create,
    campaign_finish,
    campaign_send,
    campaign_start,
    contact_answer_submit,
    meter_reading_submit,
    paper_slip_enter,
    survey_answer_submit,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.messaging.links import access_code
from vangnet.tasks.models import Task


def _running(world, kind: str, *, channels=("email", "sms", "letter")) -> Campaign:
    today = clock.today()
    campaign = campaign_create(
        corporation=world.corporation,
        name=f"Campagne {kind}",
        kind=kind,
        channels=list(channels),
        starts_on=today,
        deadline=today + dt.timedelta(days=21),
        complexes=["C100"],
        as_of=today,
        actor=world.staff,
    )
    campaign_start(campaign=campaign, actor=world.staff)
    campaign_send(campaign=campaign, as_of=today, actor=world.staff)
    return campaign


def _target(campaign: Campaign, tenant) -> CampaignTarget:
    return campaign.targets.select_related("tenant", "unit", "campaign").get(tenant=tenant)


def _contact(target, **overrides):
    values = {
        "email": "fatima@thuis.example",
        "phone_mobile": "06 8765 4321",
        "preferred_channel": "sms",
        "language": "nl",
        "tone": "je",
        "iban": "",
        "as_of": clock.today(),
    }
    return contact_answer_submit(target=target, **(values | overrides))


def test_a_new_number_keeps_the_old_one_as_history_and_tells_the_erp(world):
    campaign = _running(world, "contact")
    tenant = world.tenants[0]
    old_email = tenant.email
    changed = _contact(_target(campaign, tenant))
    assert changed == ["email", "phone_mobile", "preferred_channel", "tone"]
    tenant.refresh_from_db()
    assert (tenant.phone_mobile, tenant.preferred_channel, tenant.tone) == ("0687654321", "sms", "je")
    history = {c.field: (c.old_value, c.new_value) for c in ContactChange.objects.filter(tenant=tenant)}
    assert history["phone_mobile"] == ("0612345678", "0687654321")
    assert history["email"] == (old_email, "fatima@thuis.example")
    event = OutboundEvent.objects.get(type="tenant.contact_changed")
    assert event.payload["changed"]["phone_mobile"] == "0687654321"
    assert event.payload["previous"]["phone_mobile"] == "0612345678"
    assert _target(campaign, tenant).answered_on == clock.today()


def test_wrong_contact_data_gets_a_specific_error_and_changes_nothing(world):
    campaign = _running(world, "contact")
    tenant = world.tenants[0]
    with pytest.raises(ApplicationError, match="Niet alles is goed ingevuld") as caught:
        _contact(
            _target(campaign, tenant),
            email="fatima.thuis.example",
            phone_mobile="0301234567",
            iban="NL00XXXX1",
        )
    fields = caught.value.extra["fields"]
    assert fields["email"] == "Dit e-mailadres klopt niet. Kijk of er een @ in staat."
    assert fields["phone_mobile"] == "Dit is geen mobiel nummer. Schrijf het zo: 0612345678."
    assert fields["iban"].startswith("Dit IBAN klopt niet.")
    tenant.refresh_from_db()
    assert tenant.phone_mobile == "0612345678"
    assert not ContactChange.objects.exists()
    assert _target(campaign, tenant).answered_on is None


def test_a_number_another_tenant_has_is_flagged_for_a_colleague(world):
    campaign = _running(world, "contact")
    world.tenants[3].phone_mobile = "0687654321"
    world.tenants[3].save()
    _contact(_target(campaign, world.tenants[0]))
    change = ContactChange.objects.get(field="phone_mobile")
    assert change.duplicate_of == world.tenants[3]
    task = Task.objects.get(source_key__startswith="campaign-duplicate:")
    assert task.title == "Zelfde contactgegeven bij twee huurders: Fatima El Amrani en Jan de Vries"
    assert task.description == "Veld: mobiel. Kijk welke huurder het juiste gegeven heeft."


def test_an_iban_for_direct_debit_goes_to_a_colleague(world):
    campaign = _running(world, "contact")
    _contact(_target(campaign, world.tenants[0]), iban="nl91 abna 0417 1643 00")
    assert ContactChange.objects.get(field="iban").new_value == "NL91ABNA0417164300"
    assert Task.objects.get(source_key__startswith="campaign-iban:").description.endswith(
        "NL91ABNA0417164300."
    )


def test_the_first_reading_registers_the_meter(world):
    campaign = _running(world, "meter")
    target = _target(campaign, world.tenants[0])
    reading = meter_reading_submit(
        target=target, meter_number="wm 12345", value="123,456", as_of=clock.today()
    )
    assert (reading.meter.number, reading.value, reading.status) == (
        "WM12345",
        Decimal("123.456"),
        "accepted",
    )
    assert reading.meter.unit == target.unit


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12,3456", "Een watermeter heeft hoogstens drie cijfers na de komma. Kijk nog eens op de meter."),
        ("-4", "Een meterstand kan niet negatief zijn."),
        ("twaalf", "Schrijf de meterstand met cijfers, bijvoorbeeld 1234,567."),
    ],
)
def test_an_impossible_reading_is_refused(world, value, message):
    campaign = _running(world, "meter")
    target = _target(campaign, world.tenants[0])
    with pytest.raises(ApplicationError, match="Niet alles is goed ingevuld") as caught:
        meter_reading_submit(target=target, meter_number="WM1", value=value, as_of=clock.today())
    assert caught.value.extra["fields"]["value"] == message
    assert not MeterReading.objects.exists()


def test_a_meter_number_of_another_unit_is_refused(world):
    today = clock.today()
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=today)
    campaign = _running(world, "meter")
    with pytest.raises(ApplicationError, match="Niet alles is goed ingevuld") as caught:
        meter_reading_submit(
            target=_target(campaign, world.tenants[0]), meter_number="WM-999", value="190", as_of=today
        )
    assert caught.value.extra["fields"]["meter_number"] == (
        "Dit meternummer hoort niet bij uw woning. Kijk nog eens op de meter."
    )


def test_a_reading_below_the_last_asks_again_and_then_goes_to_a_colleague(world):
    today = clock.today()
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=today)
    campaign = _running(world, "meter")
    target = _target(campaign, world.tenants[0])
    with pytest.raises(ApplicationError, match="Niet alles is goed ingevuld") as caught:
        meter_reading_submit(target=target, meter_number="WM-100", value="140", as_of=today)
    assert caught.value.extra["ask_again"] is True
    assert caught.value.extra["fields"]["value"].startswith(
        "Deze stand is lager dan de vorige stand (150,000 m³"
    )
    assert not MeterReading.objects.filter(target=target).exists()
    reading = meter_reading_submit(
        target=target, meter_number="WM-100", value="140", confirmed=True, as_of=today
    )
    assert reading.status == ReadingStatus.IMPLAUSIBLE
    assert (
        Task.objects.get(source_key=f"campaign-reading:{target.pk}").title
        == "Meterstand controleren: Lindenlaan 10"
    )


def test_more_than_twice_the_usual_use_is_doubtful(world):
    today = clock.today()
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=today)  # 50 m³ in half a year
    campaign = _running(world, "meter")
    target = _target(campaign, world.tenants[0])
    with pytest.raises(ApplicationError, match="Niet alles") as caught:
        meter_reading_submit(target=target, meter_number="WM-100", value="260", as_of=today)
    assert caught.value.extra["fields"]["value"] == (
        "Dit is meer dan twee keer zoveel water als gewoonlijk (110 m³ in 182 dagen)."
    )
    assert (
        meter_reading_submit(target=target, meter_number="WM-100", value="190", as_of=today).status
        == "accepted"
    )


def test_a_paper_slip_is_found_by_its_code_and_a_doubtful_one_is_flagged_at_once(world):
    today = clock.today()
    meter_with_history(world.tenants[1], "WM-200", ("300", "350"), as_of=today)
    campaign = _running(world, "meter")
    reading = paper_slip_enter(
        campaign=campaign,
        code=access_code(world.tenants[1].pk).lower().replace("-", " "),
        meter_number="",
        value="320",
        as_of=today,
        actor=world.staff,
    )
    assert (reading.source, reading.status, reading.entered_by) == ("paper", "implausible", "sanne")
    with pytest.raises(ApplicationError, match="Niet alles") as caught:
        paper_slip_enter(
            campaign=campaign, code="AAAA-BBBB", meter_number="", value="1", as_of=today, actor="x"
        )
    assert caught.value.extra["fields"]["code"] == "Deze code hoort bij geen enkele huurder in deze campagne."


def test_non_responders_get_an_estimate_by_the_documented_rule(world):
    today = clock.today()
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=today)  # own use: 50 m³ / 183 days
    meter_with_history(world.tenants[1], "WM-200", ("300", "400"), as_of=today)
    campaign = _running(world, "meter")
    meter_reading_submit(
        target=_target(campaign, world.tenants[1]), meter_number="WM-200", value="450", as_of=today
    )
    campaign_finish(campaign=campaign, as_of=campaign.deadline + dt.timedelta(days=1), actor="test")
    estimate = MeterReading.objects.get(source="estimate")
    days = (campaign.deadline - (today - dt.timedelta(days=182))).days
    expected = (Decimal(150) + Decimal(50) / 183 * days).quantize(Decimal(1))
    assert (estimate.meter.number, estimate.value, estimate.read_on) == (
        "WM-100",
        expected,
        campaign.deadline,
    )
    assert MeterReading.objects.filter(source="estimate").count() == 1  # no history: no estimate


def test_a_survey_answer_needs_a_score_from_one_to_ten(world):
    campaign = _running(world, "survey", channels=("email", "sms"))
    target = _target(campaign, world.tenants[0])
    with pytest.raises(ApplicationError, match="Niet alles") as caught:
        survey_answer_submit(target=target, score=11, comment="", as_of=clock.today())
    assert caught.value.extra["fields"]["score"] == "Kies een cijfer van 1 tot en met 10."
    answer = survey_answer_submit(target=target, score=8, comment="Snel geholpen", as_of=clock.today())
    assert (answer.score, answer.comment, answer.tenant) == (8, "Snel geholpen", world.tenants[0])
