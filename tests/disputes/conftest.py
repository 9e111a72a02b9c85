import datetime as dt

import pytest

from tests.flows.builders import DEFAULT_STEPS
from tests.world import World, build_world, unpaid
from vangnet.daily.services import run_day

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


def make_world(**corporation_kwargs) -> World:
    """A corporation with the test flow, its templates and dispute categories, and one contract whose
    rent due on DUE is unpaid: on DAY_5 it is enrolled and its first reminder planned."""
    world = build_world(flow=DEFAULT_STEPS, messaging=True, disputes=True, **corporation_kwargs)
    world.add_household(arrears=unpaid(due=DUE, as_of=DAY_5))
    run_day(corporation=world.corporation, as_of=DAY_5)
    return world


@pytest.fixture
def world(db) -> World:
    return make_world()
