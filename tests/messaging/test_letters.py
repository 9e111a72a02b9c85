"""Letters as PDF: text extracted from the PDF matches the golden files; print batches merge and list them."""

import csv
import io
import os
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from vangnet.messaging import dispatch, letters
from vangnet.messaging.channels.letter import LetterChannel
from vangnet.messaging.context import message_data_bulk
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.printing import print_batch_manifest, print_batch_pdf
from vangnet.messaging.services import outbox_plan

from .factories import AS_OF, planned_step_runs

GOLDEN = Path(__file__).parent / "golden"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _letter(corporation, code, **kwargs):
    runs = planned_step_runs(
        corporation,
        1,
        channels=("letter",),
        template_code=code,
        **kwargs,
    )
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get(step_run=runs[0])
    message.code = uuid.UUID("3f2a9c1e-5b7d-4e8f-9a01-23456789abcd")
    message.save()
    return message


@pytest.mark.parametrize("code", ["veertiendagenbrief", "herinnering-tweede"])
def test_letter_text_matches_golden_file(corporation, code, settings):
    settings.VANGNET_PUBLIC_URL = "http://127.0.0.1:8000"
    message = _letter(corporation, code)
    message.recipient_name = "J. Jansen"
    message.address = "J. Jansen\nDorpsstraat 12\n3511 AB  Utrecht"
    message.contract.source_id = "HO-000123"
    message.contract.payment_reference = "5000056789012345"
    message.contract.save()
    message.tenant.last_name = "Jansen"
    message.tenant.save()
    data = message_data_bulk([message], corporation=corporation, as_of=AS_OF)[message.pk]
    rendered = LetterChannel().render(message, data)
    text = pdf_text(rendered.pdf)
    golden = GOLDEN / f"{code}.txt"
    if os.environ.get("UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert rendered.pages == len(PdfReader(io.BytesIO(rendered.pdf)).pages) == 1
    assert "Pagina 1 van 1" in text


def test_the_fourteen_day_letter_states_principal_term_and_exact_costs(corporation):
    message = _letter(corporation, "veertiendagenbrief")
    data = message_data_bulk([message], corporation=corporation, as_of=AS_OF)[message.pk]
    text = " ".join(pdf_text(LetterChannel().render(message, data).pdf).split())
    assert (
        "Betaal het bedrag van € 1.043,25 binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd."
        in text
    )
    assert "Betaalt u niet op tijd, dan moet u ook € 156,49 incassokosten betalen." in text
    assert "dagtekening" not in text


def test_epc_payload_follows_the_standard():
    payload = letters.epc_payload(
        name="Woonstichting De Vang",
        iban="NL91 RABO 0312 3456 74",
        amount=letters.Decimal("1043.25"),
        text="Kenmerk 1",
    )
    assert (
        payload == "BCD\n002\n1\nSCT\n\nWoonstichting De Vang\nNL91RABO0312345674\nEUR1043.25\n\n\nKenmerk 1"
    )
    assert letters.epc_qr_svg(payload).startswith("<svg")


def test_a_long_letter_numbers_its_pages(corporation):
    message = _letter(corporation, "herinnering-tweede")
    data = message_data_bulk([message], corporation=corporation, as_of=AS_OF)[message.pk]
    template = message.template
    template.body_text = "\n\n".join(["{{ aanhef }},"] + ["Een lange alinea over de huur. " * 30] * 12)
    rendered = LetterChannel().render(message, data)
    assert rendered.pages >= 2
    text = pdf_text(rendered.pdf)
    assert (
        f"Pagina 1 van {rendered.pages}" in text and f"Pagina {rendered.pages} van {rendered.pages}" in text
    )


def test_print_batch_is_one_pdf_and_a_manifest(corporation, letter_dir):
    planned_step_runs(corporation, 3, channels=("letter", "email"), template_code="herinnering-tweede")
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    ids = list(OutgoingMessage.objects.values_list("pk", flat=True))
    dispatch.messages_deliver(corporation=corporation, message_ids=ids, now=timezone.now())
    sent = list(OutgoingMessage.objects.filter(channel="letter").order_by("pk"))
    assert all(m.status == MessageStatus.SENT and Path(m.pdf_path).exists() for m in sent)
    batch = sent[0].batch
    merged = print_batch_pdf(batch=batch)
    assert len(PdfReader(io.BytesIO(merged)).pages) == sum(m.pages for m in sent) == 3
    # The merged batch holds each letter as it was sent (same layout input), page numbers per letter.
    single = pdf_text(Path(sent[1].pdf_path).read_bytes())
    assert single in pdf_text(merged)
    rows = list(csv.reader(io.StringIO(print_batch_manifest(batch=batch)), delimiter=";"))
    assert rows[0][:3] == ["volgnummer", "kenmerk", "contract"]
    assert [row[1] for row in rows[1:]] == [str(m.code) for m in sent]
    assert [row[7] for row in rows[1:]] == ["1", "2", "3"]


def test_the_print_manifest_runs_no_formula_from_a_tenants_name(corporation, letter_dir):
    planned_step_runs(corporation, 1, channels=("letter",), template_code="herinnering-tweede")
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get()
    dispatch.messages_deliver(corporation=corporation, message_ids=[message.pk], now=timezone.now())
    OutgoingMessage.objects.filter(pk=message.pk).update(
        recipient_name='=HYPERLINK("https://x.example";"Klik")'
    )
    message.refresh_from_db()
    rows = list(csv.reader(io.StringIO(print_batch_manifest(batch=message.batch)), delimiter=";"))
    assert rows[1][4] == '\'=HYPERLINK("https://x.example";"Klik")'


def test_a_sent_fourteen_day_letter_records_the_principal_and_costs_it_stated(corporation, letter_dir):
    from decimal import Decimal

    planned_step_runs(
        corporation, 1, channels=("letter",), template_code="veertiendagenbrief", costs=Decimal("1.00")
    )
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get()
    dispatch.messages_deliver(corporation=corporation, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert (message.amount, message.costs) == (Decimal("1043.25"), Decimal("156.49"))
    assert "€ 156,49 incassokosten" in " ".join(message.body_text.split())
