"""A corporation with the default case types and templates, two neighbours, and a colleague."""

from dataclasses import dataclass

import pytest

from tests.factories import CorporationFactory, MembershipFactory, UserFactory, tenant_with_contract
from vangnet.cases.models import CaseType
from vangnet.cases.services import case_types_install_defaults
from vangnet.core.models import Corporation, User
from vangnet.messaging.models import MessagingSettings
from vangnet.messaging.services import templates_install_defaults
from vangnet.tenants.models import Tenant

# The smallest real images: what phones actually upload starts with these bytes.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class World:
    corporation: Corporation
    reporter: Tenant
    neighbour: Tenant
    colleague: User

    def case_type(self, code: str) -> CaseType:
        return CaseType.objects.get(corporation=self.corporation, code=code)


def make_world(slug: str = "woonzorg", name: str = "Woonzorg") -> World:
    corporation = CorporationFactory(
        slug=slug, name=name, phone="030-1112222", sender_email=f"info@{slug}.example"
    )
    templates_install_defaults(corporation=corporation)
    MessagingSettings.objects.create(corporation=corporation, review_batches=False, sandbox=True)
    case_types_install_defaults(corporation=corporation)
    reporter = tenant_with_contract(
        corporation=corporation,
        tenant_kwargs={"first_name": "Anna", "last_name": "de Vries", "email": "anna@huurder.example"},
        unit__street="Lindelaan",
        unit__house_number="10",
    ).tenant
    neighbour = tenant_with_contract(
        corporation=corporation,
        tenant_kwargs={"first_name": "Bram", "last_name": "Bakker", "email": "bram@huurder.example"},
        unit__street="Lindelaan",
        unit__house_number="12",
    ).tenant
    colleague = MembershipFactory(corporation=corporation, user=UserFactory(username=f"kcc-{slug}")).user
    return World(corporation, reporter, neighbour, colleague)


@pytest.fixture
def world(db) -> World:
    return make_world()
