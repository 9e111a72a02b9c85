"""The print batch of a day's letters: one merged PDF (a single typst compile of the letters exactly as
they were laid out when sent) and a CSV manifest for the print-and-mail service."""

from vangnet.core.spreadsheet import csv_text
from vangnet.messaging import letters
from vangnet.messaging.context import brand_of
from vangnet.messaging.models import Batch, MessageStatus, OutgoingMessage

SENT = (MessageStatus.SENT, MessageStatus.DELIVERED)


def _letters(batch: Batch) -> list[OutgoingMessage]:
    return list(
        OutgoingMessage.objects.filter(batch=batch, channel="letter", status__in=SENT)
        .exclude(render_data={})
        .order_by("pk")
    )


def print_batch_pdf(*, batch: Batch) -> bytes | None:
    rows = _letters(batch)
    if not rows:
        return None
    return letters.render_letters(
        [row.render_data for row in rows], brand=brand_of(batch.corporation), title=f"Printbatch {batch.day}"
    )


def print_batch_manifest(*, batch: Batch) -> str:
    """The post room's list; every cell is formula-safe (names and addresses come from tenants)."""
    rows = []
    first_page = 1
    for number, row in enumerate(_letters(batch), start=1):
        lines = [line for line in row.address.splitlines() if line.strip()]
        rows.append(
            [
                number,
                row.code,
                row.render_data.get("contract", ""),
                row.template_code,
                row.recipient_name,
                " | ".join(lines[1:] if len(lines) > 1 else lines),
                row.pages,
                first_page,
            ]
        )
        first_page += row.pages
    return csv_text(
        header=[
            "volgnummer",
            "kenmerk",
            "contract",
            "sjabloon",
            "naam",
            "adres",
            "pagina's",
            "eerste_pagina",
        ],
        rows=rows,
    )
