"""Run in subprocesses by test_celery_broker.py: a corporation with queued e-mails, and the enqueueing."""

import json
import sys

from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import CorporationFactory, tenant_with_contract
from vangnet.messaging.channels import address_for
from vangnet.messaging.models import MessageStatus, MessageTemplate, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import manual_batch_get, templates_install_defaults


def setup(count: int) -> None:
    with scopes_disabled():
        corporation = CorporationFactory(
            name="Woonstichting Broker",
            slug="broker",
            sender_email="huur@broker.example",
            iban="NL91RABO0312345674",
        )
        MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=False)
        templates_install_defaults(corporation=corporation)
        template = MessageTemplate.objects.get(
            corporation=corporation, code="herinnering-vriendelijk", channel="email", language="nl", tone="u"
        )
        batch = manual_batch_get(corporation=corporation, day=timezone.localdate())
        ids = []
        for _ in range(count):
            party = tenant_with_contract(corporation=corporation)
            name, address = address_for(party.tenant, "email")
            ids.append(
                OutgoingMessage.objects.create(
                    corporation=corporation,
                    batch=batch,
                    tenant=party.tenant,
                    contract=party.contract,
                    channel="email",
                    recipient="tenant",
                    recipient_name=name,
                    address=address,
                    template_code=template.code,
                    template=template,
                    status=MessageStatus.QUEUED,
                ).pk
            )
    print(json.dumps({"corporation": corporation.pk, "ids": ids}))


def enqueue(corporation_id: int, ids: list[int], copies: int) -> None:
    from vangnet.messaging.tasks import deliver_messages_task

    # The same ids, several times over and in overlapping chunks: the workers race for every row.
    for _ in range(copies):
        deliver_messages_task.delay(corporation_id, ids)
        for start in range(0, len(ids), 5):
            deliver_messages_task.delay(corporation_id, ids[start : start + 10])
    print(json.dumps({"enqueued": copies * (1 + len(range(0, len(ids), 5)))}))


def report() -> None:
    with scopes_disabled():
        rows = list(OutgoingMessage.objects.values_list("status", flat=True))
    print(json.dumps(rows))


if __name__ == "__main__":
    print(sys.argv)
