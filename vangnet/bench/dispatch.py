"""Dispatch benchmark: render and send N e-mails to a local SMTP server (aiosmtpd in a subprocess) and
render N letters, through the same claim-render-send-record path the workers use.

`--workers 2` (the default) runs the chunks in two forked processes, as two Celery worker processes would
on a 2-core machine; `--workers 1` measures a single process. Prints emails_per_s, letter_pages_per_s and
peak_rss_mb (the largest process). Needs the dev dependencies (aiosmtpd).
"""

import datetime as dt
import multiprocessing
import resource
import subprocess
import sys
import time
from decimal import Decimal
from multiprocessing.pool import Pool

from django.db import connection, connections, transaction
from django.test.utils import override_settings
from django_scopes import scope, scopes_disabled

from vangnet.core import clock
from vangnet.core.local_ports import free_port, wait_for_port
from vangnet.core.models import Corporation
from vangnet.ledger.models import (
    Contract,
    ContractStanding,
    ContractTenant,
    EntryKind,
    InvoiceCategory,
    LedgerEntry,
    PaymentMethod,
    Unit,
)
from vangnet.ledger.services.purge import corporation_data_purge
from vangnet.messaging.channels import address_for
from vangnet.messaging.dispatch import chunks, messages_deliver
from vangnet.messaging.models import Batch, MessageStatus, MessageTemplate, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import manual_batch_get, templates_install_defaults
from vangnet.tenants.models import Tenant

BENCH_SLUG = "bench-messaging"


def add_arguments(parser) -> None:
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--template", default="herinnering-vriendelijk")
    parser.add_argument("--workers", type=int, default=2)


def _fresh_corporation() -> Corporation:
    corporation, _ = Corporation.objects.get_or_create(
        slug=BENCH_SLUG,
        defaults={
            "name": "Woonstichting Benchmark",
            "sender_name": "Woonstichting Benchmark",
            "sender_email": "huurincasso@bench.example",
            "iban": "NL91RABO0312345674",
            "phone": "033-4601200",
            "street": "Stadsring 120",
            "postcode": "3811 HR",
            "city": "Amersfoort",
        },
    )
    OutgoingMessage.objects.filter(corporation=corporation).delete()
    Batch.objects.filter(corporation=corporation).delete()
    MessageTemplate.objects.filter(corporation=corporation).delete()
    corporation_data_purge(corporation=corporation, actor="bench")
    MessagingSettings.objects.update_or_create(
        corporation=corporation, defaults={"review_batches": False, "sandbox": False}
    )
    templates_install_defaults(corporation=corporation, actor="bench")
    return corporation


def _tenants(corporation: Corporation, count: int) -> list[tuple[Tenant, Contract]]:
    """`count` tenants with two months of rent open, written in bulk."""
    with transaction.atomic():
        tenants = Tenant.objects.bulk_create(
            [
                Tenant(
                    corporation=corporation,
                    source_id=f"BT{i:07d}",
                    initials="J.",
                    first_name="Jan",
                    last_name=f"Jansen {i}",
                    email=f"huurder{i}@bench.example",
                    phone_mobile="0612345678",
                    street="Dorpsstraat",
                    house_number=str(i % 400 + 1),
                    postcode="3511 AB",
                    city="Utrecht",
                )
                for i in range(count)
            ]
        )
        units = Unit.objects.bulk_create(
            [
                Unit(
                    corporation=corporation,
                    source_id=f"BE{i:07d}",
                    street="Dorpsstraat",
                    house_number=str(i % 400 + 1),
                    postcode="3511AB",
                    city="Utrecht",
                    municipality="Utrecht",
                )
                for i in range(count)
            ]
        )
        contracts = Contract.objects.bulk_create(
            [
                Contract(
                    corporation=corporation,
                    source_id=f"BC{i:07d}",
                    unit=unit,
                    start_date=dt.date(2020, 1, 1),
                    monthly_rent=Decimal("650.00"),
                    monthly_service_costs=Decimal("45.50"),
                    payment_method=PaymentMethod.TRANSFER,
                    payment_reference=f"{7100000000000000 + i}",
                )
                for i, unit in enumerate(units)
            ]
        )
        ContractTenant.objects.bulk_create(
            [
                ContractTenant(corporation=corporation, contract=c, tenant=t)
                for t, c in zip(tenants, contracts, strict=True)
            ]
        )
        today = clock.today()
        entries = []
        for c in contracts:
            for months in (2, 1):
                due = (today.replace(day=1) - dt.timedelta(days=28 * months)).replace(day=1)
                entries.append(
                    LedgerEntry(
                        corporation=corporation,
                        contract=c,
                        source_id=f"{c.source_id}-{months}",
                        kind=EntryKind.INVOICE,
                        category=InvoiceCategory.RENT,
                        booking_date=due,
                        due_date=due,
                        amount=Decimal("695.50"),
                        description=f"Huur {due:%m-%Y}",
                    )
                )
        LedgerEntry.objects.bulk_create(entries, batch_size=2000)
        ContractStanding.objects.bulk_create(
            [
                ContractStanding(
                    corporation=corporation,
                    contract=c,
                    as_of=today,
                    balance=Decimal("1391.00"),
                    overdue_amount=Decimal("1391.00"),
                )
                for c in contracts
            ]
        )
    return list(zip(tenants, contracts, strict=True))


def _queue(corporation: Corporation, people, channel: str, template_code: str) -> list[int]:
    batch = manual_batch_get(corporation=corporation, day=clock.today())
    template = MessageTemplate.objects.get(
        corporation=corporation, code=template_code, channel=channel, language="nl", tone="u"
    )
    rows = []
    for tenant, contract in people:
        name, address = address_for(tenant, channel)
        rows.append(
            OutgoingMessage(
                corporation=corporation,
                batch=batch,
                tenant=tenant,
                contract=contract,
                channel=channel,
                recipient="tenant",
                recipient_name=name,
                address=address,
                template_code=template_code,
                template=template,
                status=MessageStatus.QUEUED,
                created_by="bench",
            )
        )
    created = OutgoingMessage.objects.bulk_create(rows, batch_size=1000)
    return [m.pk for m in created]


def _deliver_chunk(corporation_id: int, chunk: list[int]) -> int:
    corporation = Corporation.objects.get(pk=corporation_id)
    with scope(corporation=corporation):
        return messages_deliver(corporation=corporation, message_ids=chunk, now=clock.now()).sent


def deliver_in_workers(
    corporation: Corporation, ids: list[int], workers: int, pool: Pool | None = None
) -> tuple[float, int]:
    """Seconds and messages sent; in `workers` forked processes, or in `pool` when the caller forked early
    (before anything in the parent started the threads of a typst compiler, which a fork does not copy)."""
    parts = chunks(ids, 100)
    if pool is not None:
        started = time.perf_counter()
        sent = sum(pool.starmap(_deliver_chunk, [(corporation.pk, chunk) for chunk in parts]))
        return time.perf_counter() - started, sent
    if workers <= 1:
        started = time.perf_counter()
        sent = sum(_deliver_chunk(corporation.pk, chunk) for chunk in parts)
        return time.perf_counter() - started, sent
    connections.close_all()  # each forked worker opens its own connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.apply(time.sleep, (0,))  # the workers are up before the clock starts
        started = time.perf_counter()
        sent = sum(pool.starmap(_deliver_chunk, [(corporation.pk, chunk) for chunk in parts]))
        seconds = time.perf_counter() - started
    return seconds, sent


def run(*, messages: int, template: str, workers: int = 2, **_: object) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, what="SMTP server", timeout=10.0)
        mailers = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port},
            }
        }
        with scopes_disabled():
            corporation = _fresh_corporation()
            people = _tenants(corporation, messages)
            email_ids = _queue(corporation, people, "email", template)
            letter_ids = _queue(corporation, people, "letter", template)
        with scope(corporation=corporation), override_settings(MAILERS=mailers):
            email_seconds, emails_sent = deliver_in_workers(corporation, email_ids, workers)
            letter_seconds, letters_sent = deliver_in_workers(corporation, letter_ids, workers)
            pages = sum(OutgoingMessage.objects.filter(pk__in=letter_ids).values_list("pages", flat=True))
    finally:
        server.terminate()
        server.wait(timeout=10)
    if emails_sent != messages or letters_sent != messages:
        raise RuntimeError(f"sent {emails_sent} e-mails and {letters_sent} letters of {messages}")
    return {
        "database": connection.vendor,
        "workers": workers,
        "messages": messages,
        "emails_sent": emails_sent,
        "email_seconds": round(email_seconds, 2),
        "emails_per_s": round(emails_sent / email_seconds),
        "letters": letters_sent,
        "letter_pages": pages,
        "letter_seconds": round(letter_seconds, 2),
        "letter_pages_per_s": round(pages / letter_seconds),
        "peak_rss_mb": round(
            max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            / 1024,
            1,
        ),
    }
