"""Every kind of letter names its addressee in the address window, read back from the PDF: the tenant, each
co-tenant (their own letter) and a bewindvoerder (on whose behalf). The night addresses the letters; each
default letter text is then printed for those same addressees as the letter channel prints it."""

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import ContractTenantFactory, TenantFactory
from tests.flows.builders import corporation_with_flow, in_arrears, step
from vangnet.core import clock
from vangnet.daily.services import day_run
from vangnet.ledger.models import ContractRole
from vangnet.messaging.channels.letter import LetterChannel
from vangnet.messaging.context import message_data_bulk
from vangnet.messaging.models import MessageTemplate, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import templates_install_defaults

pytestmark = pytest.mark.django_db

RENT_DUE = dt.date(2026, 10, 1)
LETTER_DAY = dt.date(2026, 10, 6)
WINDOWS = {
    "J. Jansen": "J. Jansen Dorpsstraat",
    "M. Pietersen": "M. Pietersen Kerkstraat",
    "Bewind & Co": "Bewind & Co bewindvoerder van K. de Vries Postbus 12 3800 AA Amersfoort",
}


@pytest.fixture(autouse=True)
def letter_dir(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def letters(django_capture_on_commit_callbacks) -> list[OutgoingMessage]:
    """The night's letters to a tenant and co-tenant on one contract (a legal letter goes to each debtor) and
    to a tenant's bewindvoerder."""
    corporation, _flow = corporation_with_flow(
        [
            step(
                5,
                "Veertiendagenbrief",
                action="fourteen_day_letter",
                channels=("letter",),
                template="veertiendagenbrief",
            )
        ],
        name="Woonstichting De Vang",
        street="Stadsring 120",
        postcode="3811 HR",
        city="Amersfoort",
    )
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    templates_install_defaults(corporation=corporation, actor="test")
    together = in_arrears(
        corporation,
        due=RENT_DUE,
        as_of=LETTER_DAY,
        tenant_kwargs={"initials": "J.", "first_name": "", "last_name": "Jansen"},
    )
    co_tenant = TenantFactory(
        corporation=corporation, initials="M.", first_name="", last_name="Pietersen", street="Kerkstraat"
    )
    ContractTenantFactory(corporation=corporation, contract=together, tenant=co_tenant, role=ContractRole.CO)
    in_arrears(
        corporation,
        due=RENT_DUE,
        as_of=LETTER_DAY,
        tenant_kwargs={
            "initials": "K.",
            "first_name": "",
            "last_name": "de Vries",
            "administrator_name": "Bewind & Co",
            "administrator_address": "Postbus 12, 3800 AA  Amersfoort",
            "administrator_since": dt.date(2025, 1, 1),
        },
    )
    with clock.moved_to(LETTER_DAY), django_capture_on_commit_callbacks(execute=True):
        day_run(corporation=corporation, as_of=LETTER_DAY, actor="test")
    sent = list(OutgoingMessage.objects.filter(channel="letter").select_related("tenant", "contract"))
    assert sorted(message.recipient_name for message in sent) == sorted(WINDOWS)
    return sent


LETTER_CODES = sorted(
    path.stem
    for path in (Path(__file__).parents[2] / "vangnet/messaging/defaults/nl").glob("*.toml")
    if "[letter]" in path.read_text(encoding="utf-8")
)


def test_every_default_letter_text_has_a_letter_form():
    assert {"veertiendagenbrief", "storno-algemeen", "storno-md06", "vertrokken-eindafrekening"} <= set(
        LETTER_CODES
    )


def test_every_letter_kind_names_its_addressee_in_the_window(letters):
    corporation = letters[0].corporation
    templates = MessageTemplate.objects.filter(corporation=corporation, channel="letter", language="nl")
    data = message_data_bulk(letters, corporation=corporation, as_of=LETTER_DAY)
    unnamed = []
    for template in templates.filter(code__in=LETTER_CODES):
        for message in letters:
            message.template = template
            window = _text(LetterChannel().render(message, data[message.pk]).pdf).split("Datum")[0]
            if WINDOWS[message.recipient_name] not in window:
                unnamed.append((template.code, message.recipient_name, window))
    # Every letter text, in both tones (u and je), was printed.
    assert set(templates.values_list("code", flat=True)) >= set(LETTER_CODES)
    assert unnamed == []
