"""An administrator sets how long the corporation keeps each kind of personal data; the nightly job uses it."""

import pytest

from tests.world import build_world
from vangnet.core.models import RETENTION_DEFAULT_DAYS, AuditEntry, RetentionPolicy, Role

pytestmark = pytest.mark.django_db

URL = "/beheer/bewaartermijnen/"


def _posted(**changed) -> dict:
    return {**RETENTION_DEFAULT_DAYS, **changed}


def test_the_administrator_sees_the_defaults_and_changes_a_period():
    world = build_world("Woonstad", "woonstad")
    admin = world.add_staff("beheer", role=Role.ADMIN)
    page = admin.client.get(URL).content.decode()
    assert "Bewaartermijnen" in page
    assert 'name="closed_dossiers" value="2557"' in page
    assert "Standaard 2 jaar (731 dagen)." in page
    # The periods of the tenant-service processes, with what they cover.
    assert 'name="contract_records" value="2557"' in page
    assert "getekende huurcontracten, wijzigingen van de betaalwijze" in page
    assert 'name="nuisance_reporters" value="183"' in page
    assert "naam, contactgegevens en het eigen verhaal van de melder" in page

    response = admin.client.post(URL, _posted(contact_notes=365), follow=True)
    assert "De bewaartermijnen zijn opgeslagen." in response.content.decode()
    assert 'name="contact_notes" value="365"' in response.content.decode()
    assert RetentionPolicy.objects.get(corporation=world.corporation).contact_notes == 365
    entry = AuditEntry.objects.get(action="retention.policy_updated")
    assert (entry.data["before"]["contact_notes"], entry.data["after"]["contact_notes"]) == (731, 365)


@pytest.mark.parametrize("value", ["0", "veel", "40000"])
def test_a_wrong_number_is_refused_and_changes_nothing(value):
    world = build_world("Woonstad", "woonstad")
    admin = world.add_staff("beheer", role=Role.ADMIN)
    response = admin.client.post(URL, _posted(dispute_uploads=value))
    assert response.status_code == 400
    assert "Fout:" in response.content.decode()
    assert not RetentionPolicy.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.policy_updated").exists()


@pytest.mark.parametrize("role", [Role.CREDIT_MANAGER, Role.MANAGER, Role.DISPUTE_HANDLER])
def test_only_administrators_set_the_periods(role):
    world = build_world("Woonstad", "woonstad")
    colleague = world.add_staff("collega", role=role)
    assert colleague.client.get(URL).status_code == 403
    assert colleague.client.post(URL, _posted(contact_notes=1)).status_code == 403
    assert not RetentionPolicy.objects.exists()
