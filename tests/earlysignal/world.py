"""A small world for vroegsignalering: tenants in arrears with exactly the evidence a test asks for."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tests.factories import tenant_with_contract
from tests.world import owing
from vangnet.earlysignal.models import Municipality
from vangnet.ledger.models import ContractTenant
from vangnet.messaging.defaults import default_specs
from vangnet.messaging.models import MessageStatus, MessageTemplate, OutgoingMessage
from vangnet.messaging.services import manual_batch_get
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

AMOUNT = Decimal("1391.00")


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11)))


def template(party: ContractTenant, code: str, channel: str) -> MessageTemplate:
    """The corporation's template the message was made from: the default text's name, or one made up."""
    names = {spec.code: spec.name for spec in default_specs() if spec.language == "nl" and spec.tone == "u"}
    found, _ = MessageTemplate.objects.get_or_create(
        corporation=party.corporation,
        code=code,
        channel=channel,
        language="nl",
        tone="u",
        defaults={
            "name": names.get(code, code.replace("-", " ").capitalize()),
            "body_text": "Wij missen uw huur.",
        },
    )
    return found


def sent(party: ContractTenant, code: str, day: dt.date, channel: str = "letter") -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        corporation=party.corporation,
        batch=manual_batch_get(corporation=party.corporation, day=day),
        tenant=party.tenant,
        contract=party.contract,
        channel=channel,
        recipient="tenant",
        template_code=code,
        template=template(party, code, channel),
        status=MessageStatus.SENT,
        subject="Herinnering",
        body_text="Wij missen uw huur.",
        sent_at=moment(day),
    )


def call_done(party: ContractTenant, day: dt.date, outcome: str = "Niet bereikt") -> Task:
    return Task.objects.create(
        corporation=party.corporation,
        kind=TaskKind.CALL,
        title="Bellen",
        tenant=party.tenant,
        contract=party.contract,
        due_on=day,
        source=TaskSource.FLOW,
        status=TaskStatus.DONE,
        outcome=outcome,
        completed_at=moment(day),
    )


def municipality(corporation, name: str = "Utrecht", agreed: bool = True, **kwargs) -> Municipality:
    return Municipality.objects.create(
        corporation=corporation,
        name=name,
        agreed=agreed,
        agreed_on=dt.date(2024, 1, 1) if agreed else None,
        contact_name="Team Vroegsignalering",
        contact_email=f"vroegsignalering@{name.lower()}.example",
        **kwargs,
    )


def in_arrears(
    corporation,
    as_of: dt.date,
    *,
    last_name: str,
    contact: bool = True,
    debt_help: bool = True,
    reminder: bool = True,
    offer: bool = True,
    municipality_name: str = "Utrecht",
    days: int = 60,
) -> ContractTenant:
    """Arrears since `days` ago; the evidence asked for dated 40 and 30 days ago (after the arrears began)."""
    party = tenant_with_contract(
        corporation=corporation,
        tenant_kwargs={"last_name": last_name, "birth_date": dt.date(1980, 5, 17)},
        unit__municipality=municipality_name,
        unit__city=municipality_name,
    )
    owing(party.contract, AMOUNT, days_overdue=days, as_of=as_of)  # the standing computed from the ledger
    first, second = as_of - dt.timedelta(days=40), as_of - dt.timedelta(days=30)
    if offer:
        sent(party, "herinnering-vriendelijk", first)  # debt help, a written reminder and the offer
    elif reminder:
        sent(party, "veertiendagenbrief" if debt_help else "zakelijk-herinnering", first)
    elif debt_help:
        sent(party, "herinnering-vriendelijk", first, channel="sms")  # not written
    if contact:
        call_done(party, second)
    return party
