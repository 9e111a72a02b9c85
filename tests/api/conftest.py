import pytest

from tests.api.clients import ApiClient, make_client


@pytest.fixture
def api_a(db) -> ApiClient:
    return make_client("woonstad", "Woonstad")


@pytest.fixture
def api_b(db) -> ApiClient:
    return make_client("thuisbest", "Thuisbest")
