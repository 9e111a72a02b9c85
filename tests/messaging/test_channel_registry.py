"""A channel is one idea: one module and one registry line, asked by planning and by sending alike."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.flows.builders import corporation_with_flow, in_arrears, step
from vangnet.core.channels import DELIVERY_KINDS
from vangnet.flows.engine import run_day
from vangnet.flows.legal.fourteen_day_letter import SUPPORTED_CHANNELS
from vangnet.flows.models import StepRun
from vangnet.messaging import dispatch
from vangnet.messaging.channels import Channel, ContactPoints, Receipt, Restriction, channels
from vangnet.messaging.models import MessageStatus, MessageTemplate, MessagingSettings, OutgoingMessage
from vangnet.messaging.placeholders import substitute
from vangnet.messaging.rendering import Rendered
from vangnet.messaging.services import outbox_plan

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 2)  # a Monday
DAY_5 = DUE + dt.timedelta(days=5)
# A later step keeps the enrollment open after the pigeon's step (a flow's last step closes it).
STEPS = [step(5, "Duif", channels=("pigeon",), template="duif"), step(40, "Bellen", action="call_task")]


# --- the whole of a new channel: this class, and the one `channels.registered(...)` line below ---------------


class PigeonChannel(Channel):
    """A carrier pigeon to the tenant's postal address; a tenant on paper only does not get one."""

    kind = "pigeon"
    transport = "loft"
    noun = "postduif"
    restrictions = (Restriction("paper_only", "alleen post"),)
    missing = "geen til"

    def __init__(self) -> None:
        self.flown: list[tuple[str, str]] = []

    def address(self, contact: ContactPoints, recipient: str) -> str:
        return contact.postal_address if recipient == "tenant" else ""

    def render(self, message, data) -> Rendered:
        _, body_text, _ = self.template_fields(message)
        return Rendered(text=substitute(body_text, data.values))

    def send(self, message, rendered) -> Receipt:
        self.flown.append((message.address, rendered.text))
        return Receipt(transport=self.transport, provider_id=f"duif-{message.code}")


@pytest.fixture
def pigeon():
    with channels.registered(PigeonChannel()) as channel:
        yield channel


def test_a_flow_step_plans_and_sends_through_a_channel_registered_in_one_line(pigeon):
    corporation, _ = corporation_with_flow(STEPS)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=False)
    for tone in ("u", "je"):
        MessageTemplate.objects.create(
            corporation=corporation,
            code="duif",
            name="Duif",
            channel="pigeon",
            tone=tone,
            body_text="{{ naam }}, betaal {{ achterstand }}.",
        )
    contract = in_arrears(
        corporation,
        due=DUE,
        as_of=DAY_5,
        tenant_kwargs={"first_name": "Anna", "last_name": "Smit", "street": "Duivenweg", "city": "Til"},
    )
    paper_only = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"paper_only": True})

    run_day(corporation=corporation, as_of=DAY_5)
    plan = outbox_plan(corporation=corporation, as_of=DAY_5, actor="run")

    run = StepRun.objects.get(enrollment__contract=contract)
    assert [(d["channel"], d["recipient"], d["substituted_for"]) for d in run.deliveries] == [
        ("pigeon", "tenant", None)
    ]
    assert run.deliveries[0]["address"].startswith("Duivenweg")
    # The same restriction the registry holds sent the paper-only tenant a letter instead.
    refused = StepRun.objects.get(enrollment__contract=paper_only)
    assert [(d["channel"], d["substituted_for"]) for d in refused.deliveries] == [("letter", "pigeon")]
    assert "brief in plaats van postduif: alleen post" in refused.reason
    assert plan.by_channel == {"pigeon": 1, "letter": 1}

    ids = list(OutgoingMessage.objects.filter(channel="pigeon").values_list("pk", flat=True))
    summary = dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())

    assert summary.sent == 1
    message = OutgoingMessage.objects.get(channel="pigeon")
    assert (message.status, message.transport, message.provider_id) == (
        MessageStatus.SENT,
        "loft",
        f"duif-{message.code}",
    )
    assert pigeon.flown == [(message.address, "Anna Smit, betaal € 700,00.")]


def test_a_restriction_that_arrives_after_planning_withholds_at_send_time(pigeon):
    corporation, _ = corporation_with_flow(STEPS)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=False)
    MessageTemplate.objects.create(
        corporation=corporation, code="duif", name="Duif", channel="pigeon", body_text="{{ naam }}"
    )
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5, tenant_kwargs={"street": "Duivenweg"})
    run_day(corporation=corporation, as_of=DAY_5)
    outbox_plan(corporation=corporation, as_of=DAY_5, actor="run")
    tenant = contract.parties.get().tenant
    tenant.paper_only = True
    tenant.save()

    message = OutgoingMessage.objects.get(channel="pigeon")
    dispatch.messages_deliver(corporation=corporation, message_ids=[message.pk], now=timezone.now())

    message.refresh_from_db()
    assert (message.status, message.status_reason) == (MessageStatus.WITHHELD, "alleen post")
    assert pigeon.flown == []


def test_the_registry_offers_the_product_channels_and_the_law_agrees_on_legal_ones():
    assert channels.kinds() == DELIVERY_KINDS
    assert set(channels.legal_kinds()) == set(SUPPORTED_CHANNELS)
    assert "pigeon" not in channels
