# Turkish texts keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""Messages in the tenant's language: the layout speaks it (right to left for Arabic), and a translated
14-day letter carries the corporation's Dutch text beside it, which is the one that counts."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from vangnet.core import clock
from vangnet.core.language import written_date
from vangnet.messaging import dispatch, letters
from vangnet.messaging.channels.email import EmailChannel
from vangnet.messaging.context import message_data_bulk
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.printing import print_batch_pdf
from vangnet.messaging.services import outbox_plan

from .factories import AS_OF, planned_step_runs

DUTCH_SENTENCE = (
    "Betaal het bedrag van € 1.043,25 binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd. "
    "Betaalt u niet op tijd, dan moet u ook € 156,49 incassokosten betalen."
)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _sent_letter(corporation, language: str, code: str = "veertiendagenbrief") -> OutgoingMessage:
    run = planned_step_runs(corporation, 1, channels=("letter",), template_code=code, language=language)[0]
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get(step_run=run, channel="letter")
    dispatch.messages_deliver(corporation=corporation, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT, message.status_reason
    return message


def test_an_arabic_fourteen_day_letter_is_right_to_left_with_the_dutch_text_that_counts(
    corporation, letter_dir
):
    message = _sent_letter(corporation, "ar")
    assert message.template.language == "ar" and message.notes == []
    layout = message.render_data
    assert (layout["lang"], layout["dir"]) == ("ar", "rtl")
    assert layout["labels"]["closing"] == "مع أطيب التحيات،"
    text = _text(Path(message.pdf_path).read_bytes())
    # The Arabic letter: its words (pypdf reads right-to-left words in visual order, so word by word).
    for word in ("الإيجار", "تذكيراتنا", "البلدية", "المعتمد", "التحيات"):
        assert word in text
    assert "الهولندي" in text  # "the Dutch text at the end of this letter is the one that counts"
    # Beside it, the corporation's Dutch text with the legal sentence, and the statement that it counts.
    assert "Nederlandse tekst van deze brief" in text
    assert "Deze brief is vertaald. De Nederlandse tekst hieronder is de tekst die geldt." in text
    assert "Laatste herinnering voordat er incassokosten bijkomen" in text
    assert DUTCH_SENTENCE in text
    assert "dagtekening" not in text
    # The print batch lays the letter out again from what was kept: the same letter, Dutch text included.
    assert DUTCH_SENTENCE in _text(print_batch_pdf(batch=message.batch))


def test_a_polish_letter_states_the_term_in_polish_and_in_dutch(corporation, letter_dir):
    message = _sent_letter(corporation, "pl")
    text = _text(Path(message.pdf_path).read_bytes())
    assert "Prosimy zapłacić kwotę € 1.043,25 w ciągu czternastu dni" in text
    assert "€ 156,49 kosztów windykacji" in text
    assert "Wiążący jest tekst niderlandzki na końcu tego listu." in text
    assert DUTCH_SENTENCE in text and "Z poważaniem," in text
    # The letter is dated in Polish (the genitive month); the Dutch text beside it keeps its Dutch date.
    today = clock.today()
    assert message.render_data["date"] == written_date(today, "pl") != written_date(today, "nl")


def test_a_dutch_letter_has_no_second_text_and_other_letters_only_their_own(corporation, letter_dir):
    dutch = _sent_letter(corporation, "nl")
    assert "legal" not in dutch.render_data and dutch.render_data["dir"] == "ltr"
    reminder = _sent_letter(corporation, "tr", code="herinnering-tweede")
    text = _text(Path(reminder.pdf_path).read_bytes())
    assert "legal" not in reminder.render_data
    assert "İkinci hatırlatma: kirayı ödeyin" in text and "Saygılarımızla," in text
    assert "Nederlandse tekst" not in text


def test_an_arabic_fourteen_day_email_carries_the_dutch_text(corporation):
    planned_step_runs(corporation, 1, channels=("email",), template_code="veertiendagenbrief", language="ar")
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    message = OutgoingMessage.objects.get()
    data = message_data_bulk([message], corporation=corporation, as_of=AS_OF)[message.pk]
    rendered = EmailChannel().render(message, data)
    assert rendered.html.startswith('<!doctype html><html lang="ar" dir="rtl">')
    assert '<div lang="nl" dir="ltr"><h2 style="font-size:18px">Nederlandse tekst van dit bericht</h2>' in (
        rendered.html
    )
    text = " ".join(rendered.text.split())
    assert text.startswith("هذا البريد ترجمة.")
    assert "Dit bericht is vertaald. De Nederlandse tekst hieronder is de tekst die geldt." in text
    assert (
        "Betaal het bedrag van € 1.043,25 binnen veertien dagen vanaf de dag nadat dit bericht bij u is bezorgd."
        in text
    )
    assert "تاريخ الاستحقاق" in rendered.html  # the open items table speaks Arabic too
    # Each part names the open items in its own words.
    assert "إجمالي المتبقي: € 1.043,25" in text and "Totaal open: € 1.043,25" in text


def test_letters_kept_before_they_had_a_language_still_print(corporation):
    kept = {
        "address": ["J. Jansen", "Dorpsstraat 12", "3511 AB  Utrecht"],
        "date": "10 maart 2025",
        "contract": "HO-1",
        "code": "ABC",
        "subject": "Herinnering",
        "blocks": [{"kind": "p", "text": "De huur is nog niet betaald."}],
    }
    brand = {"name": "Woonstad", "primary": "#1d4e89", "accent": "#e3a21a"}
    brand |= dict.fromkeys(("street", "postcode", "city", "phone", "website", "iban", "email", "sender"), "")
    pdf = letters.render_letters([kept], brand=brand, title="Printbatch")
    assert "Pagina 1 van 1" in _text(pdf) and "Met vriendelijke groet," in _text(pdf)


@pytest.mark.parametrize(
    ("language", "own_sentence"),
    [
        (
            "en",
            "Pay the amount of € 1.043,25 within fourteen days from the day after this letter was delivered to "
            "you. If you do not pay on time, you will also have to pay € 156,49 in collection costs.",
        ),
        (
            "tr",
            "€ 1.043,25 tutarını bu mektubun size teslim edildiği günün ertesi gününden başlayarak on dört gün "
            "içinde ödeyin. Zamanında ödemezseniz, ayrıca € 156,49 tahsilat masrafı ödemeniz gerekir.",
        ),
    ],
)
def test_every_language_states_the_legal_sentences_and_carries_the_dutch_text(
    corporation, letter_dir, language, own_sentence
):
    message = _sent_letter(corporation, language)
    text = _text(Path(message.pdf_path).read_bytes())
    assert own_sentence in text
    assert DUTCH_SENTENCE in text
    assert "Deze brief is vertaald. De Nederlandse tekst hieronder is de tekst die geldt." in text
    assert message.render_data["date"] == written_date(clock.today(), language)
