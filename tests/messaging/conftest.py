import pytest

from tests.world import build_world


@pytest.fixture
def corporation(db):
    return build_world(
        "Woonstichting De Vang",
        "devang",
        messaging=True,
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
    ).corporation


@pytest.fixture
def letter_dir(settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    return settings.MESSAGING_LETTER_DIR
