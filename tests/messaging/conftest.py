import pytest

from tests.factories import CorporationFactory
from vangnet.messaging.models import MessagingSettings
from vangnet.messaging.services import templates_install_defaults


@pytest.fixture
def corporation(db):
    corporation = CorporationFactory(
        name="Woonstichting De Vang",
        slug="devang",
        sender_name="Woonstichting De Vang",
        sender_email="huurincasso@devang.example",
        sms_sender="DeVang",
        iban="NL91RABO0312345674",
        bic="RABONL2U",
        phone="033-4601200",
        website="https://www.devang.example",
        street="Stadsring 120",
        postcode="3811 HR",
        city="Amersfoort",
    )
    templates_install_defaults(corporation=corporation)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    return corporation


@pytest.fixture
def letter_dir(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    return settings.MESSAGING_LETTER_DIR
