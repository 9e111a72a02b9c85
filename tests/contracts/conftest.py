import re

import pytest
from django.core import mail

from tests.factories import UnitFactory


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONTRACT_SIGNING_DIR = tmp_path / "signing"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"
    mail.outbox = []


def candidate(reference: str = "WRV-2026-0042", **overrides) -> dict:
    body = {
        "reference": reference,
        "person": {
            "id": "WRV-P-981",
            "first_name": "Sanne",
            "last_name": "Jansen",
            "email": "sanne@kandidaat.example",
            "birth_date": "1990-04-02",
        },
        "unit_id": "E-NIEUW-1",
        "start_date": "2027-02-15",
        "rent": "712.40",
        "service_costs": "35.00",
        "deposit": "750.00",
    }
    body.update(overrides)
    return body


def new_unit(corporation):
    return UnitFactory(
        corporation=corporation,
        source_id="E-NIEUW-1",
        street="Kastanjelaan",
        house_number="7",
        city="Utrecht",
    )


def sent_code() -> str:
    found = re.search(r"Uw code is: (\d{6})", mail.outbox[-1].body)
    assert found is not None
    return found[1]
