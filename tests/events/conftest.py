"""What the event tests share: a real local HTTP server that receives deliveries, and one corporation."""

import pytest

from tests.events import receiver as receiver_module
from tests.world import build_world


@pytest.fixture
def receiver():
    state, server = receiver_module.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def corporation(db):
    return build_world("Woonstad Utrecht", "woonstad").corporation
