import pytest
from django_scopes import scopes_disabled


@pytest.fixture(autouse=True)
def _scopes_disabled_by_default():
    """Tests build data freely; views, the API and the portal activate their own scope as in production."""
    with scopes_disabled():
        yield
