"""Setting up and sending a campaign: the target group, the channel plan against restrictions, reminders."""

import datetime as dt

import pytest

from vangnet.campaigns.models import Campaign, CampaignStatus
from vangnet.campaigns.services import campaign_create, campaign_send, campaign_start, campaigns_run
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.messaging.models import MessageStatus, OutgoingMessage


def _campaign(world, **overrides) -> Campaign:
    today = clock.today()
    values = {
        "corporation": world.corporation,
        "name": "Contactgegevens Lindenlaan",
        "kind": "contact",
        "channels": ["sms", "email", "letter"],
        "starts_on": today,
        "deadline": today + dt.timedelta(days=21),
        "complexes": ["C100"],
        "as_of": today,
        "actor": world.staff,
    }
    return campaign_create(**(values | overrides))


def test_a_campaign_with_wrong_values_names_each_and_saves_nothing(world):
    today = clock.today()
    with pytest.raises(ApplicationError, match="niet opgeslagen") as caught:
        _campaign(world, channels=["fax"], deadline=today - dt.timedelta(days=1), name=" ")
    fields = caught.value.extra["fields"]
    assert fields["channels"] == "Kies een of meer kanalen: e-mail, SMS of brief, elk één keer."
    assert fields["deadline"] == "De uiterste datum moet na de verzenddatum liggen."
    assert fields["name"] == "Geef de campagne een naam."
    assert not Campaign.objects.exists()


def test_sending_reaches_the_group_on_the_first_channel_each_tenant_allows(
    world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    campaign = campaign_start(campaign=_campaign(world), actor=world.staff)
    with django_assert_max_num_queries(16), django_capture_on_commit_callbacks(execute=False):
        sent = campaign_send(campaign=campaign, as_of=clock.today(), actor=world.staff)
    assert sent == 4  # the four households of C100, not C200, not the other corporation's
    by_name = {t.tenant.first_name: t for t in campaign.targets.select_related("tenant", "message")}
    assert sorted(by_name) == ["Ayşe", "Fatima", "Jan", "Piotr"]
    assert by_name["Fatima"].channel == "sms"
    assert by_name["Fatima"].message.fallback_channel == "email"
    assert by_name["Piotr"].channel == "letter"  # refuses SMS and has no e-mail address
    assert by_name["Ayşe"].channel == "email"  # no mobile number
    message = by_name["Fatima"].message
    assert message.template_code == "campagne-gegevens"
    assert message.step_run_id is None  # never dunning
    assert message.enrollment_id is None
    assert message.status == MessageStatus.QUEUED


def test_the_sms_carries_the_personal_link_to_the_question(world, django_capture_on_commit_callbacks):
    campaign = campaign_start(campaign=_campaign(world), actor=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send(campaign=campaign, as_of=clock.today(), actor=world.staff)
    sms = OutgoingMessage.objects.get(tenant=world.tenants[0])
    assert sms.status == MessageStatus.SENT
    assert sms.body_text.startswith("Woonstad Utrecht: kloppen uw gegevens nog? Kijk het na in 1 minuut: ")
    assert "/portaal/link/" in sms.body_text
    assert sms.body_text.endswith("?naar=campagne")
    letter = OutgoingMessage.objects.get(tenant=world.tenants[1])
    assert "log in met uw code" in letter.body_text


def test_the_night_sends_on_the_day_reminds_the_silent_and_finishes_after_the_deadline(
    world, django_capture_on_commit_callbacks
):
    today = clock.today()
    campaign = _campaign(world, starts_on=today + dt.timedelta(days=1), reminder_after_days=7)
    campaign_start(campaign=campaign, actor=world.staff)
    with django_capture_on_commit_callbacks(execute=False):
        assert campaigns_run(corporation=world.corporation, as_of=today, actor="test").sent == 0
        first = campaigns_run(corporation=world.corporation, as_of=today + dt.timedelta(days=1), actor="test")
        assert first.sent == 4
        campaign.targets.filter(tenant=world.tenants[0]).update(answered_on=today + dt.timedelta(days=2))
        assert (
            campaigns_run(
                corporation=world.corporation, as_of=today + dt.timedelta(days=7), actor="t"
            ).reminded
            == 0
        )
        later = campaigns_run(corporation=world.corporation, as_of=today + dt.timedelta(days=8), actor="test")
        assert later.reminded == 3
        again = campaigns_run(corporation=world.corporation, as_of=today + dt.timedelta(days=9), actor="test")
        assert again.reminded == 0
        end = campaigns_run(corporation=world.corporation, as_of=today + dt.timedelta(days=22), actor="test")
    assert end.finished == [campaign.pk]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FINISHED
    reminders = OutgoingMessage.objects.filter(template_code="campagne-herinnering")
    assert sorted(m.tenant.first_name for m in reminders) == ["Ayşe", "Jan", "Piotr"]
