import datetime as dt
from dataclasses import dataclass

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears
from vangnet.core.models import Corporation
from vangnet.daily.services import run_day
from vangnet.disputes.models import DisputeCategory
from vangnet.disputes.services import dispute_categories_install_defaults
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.messaging.models import MessagingSettings
from vangnet.messaging.services import templates_install_defaults

DUE = dt.date(2026, 11, 2)
DAY_5 = DUE + dt.timedelta(days=5)

# The smallest real files: what browsers and phones actually upload starts with these bytes.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def day(n: int) -> dt.date:
    return DUE + dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class World:
    corporation: Corporation
    contract: Contract
    item: LedgerEntry

    def category(self, code: str) -> DisputeCategory:
        return DisputeCategory.objects.get(corporation=self.corporation, code=code)


def make_world(**corporation_kwargs) -> World:
    corporation, _flow = corporation_with_flow(**corporation_kwargs)
    templates_install_defaults(corporation=corporation)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    dispute_categories_install_defaults(corporation=corporation)
    contract = in_arrears(corporation, due=DUE, as_of=DAY_5)
    run_day(corporation=corporation, as_of=DAY_5)  # enrolled, the first reminder planned
    return World(corporation, contract, LedgerEntry.objects.get(contract=contract))


@pytest.fixture
def world(db) -> World:
    return make_world()
