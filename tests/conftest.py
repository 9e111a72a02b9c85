import pytest
from django_scopes import scopes_disabled


@pytest.fixture(autouse=True)
def _scopes_disabled_by_default():
    """Tests build data freely; views, the API and the portal activate their own scope as in production."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _password_sign_in_is_enough(settings):
    """Most tests sign staff in with force_login; tests/backoffice/test_two_factor.py requires the app code."""
    settings.VANGNET_STAFF_2FA = "optional"
