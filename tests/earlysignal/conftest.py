import pytest
from django.test import Client

from tests.factories import CorporationFactory, MembershipFactory, UserFactory
from vangnet.core.models import Role


@pytest.fixture(autouse=True)
def _fast_dutch(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def corporation(db):
    return CorporationFactory(slug="ws-signalen", name="Woonstichting Signalen")


def staff_client(corporation, username: str, role: str = Role.CREDIT_MANAGER) -> Client:
    membership = MembershipFactory(corporation=corporation, user=UserFactory(username=username), role=role)
    client = Client()
    client.force_login(membership.user)
    client.get("/")
    return client


@pytest.fixture
def petra(corporation) -> Client:
    return staff_client(corporation, "petra-signalen")
