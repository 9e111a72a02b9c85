"""Purging one corporation's imported data leaves every row of another corporation where it was."""

from collections import Counter

import pytest
from django.apps import apps
from django.db import connection

from tests.factories import LedgerEntryFactory
from tests.messaging.factories import AS_OF, planned_step_runs
from vangnet.core import clock
from vangnet.core.models import AuditEntry, Corporation
from vangnet.demo.setup import seed_demo
from vangnet.ledger.models import Contract
from vangnet.ledger.services.purge import MODELS_IN_DELETE_ORDER, corporation_data_purge
from vangnet.messaging.services import outbox_plan
from vangnet.tasks.models import TaskKind, TaskSource
from vangnet.tasks.services import task_create

pytestmark = pytest.mark.django_db

# What a purge must not touch in the other corporation, and what the demo world certainly holds for both.
MUST_HAVE_ROWS = (
    "tenants.Tenant",
    "ledger.Unit",
    "ledger.Contract",
    "ledger.ContractTenant",
    "ledger.LedgerEntry",
    "ledger.ContractStanding",
    "ledger.ImportRun",
    "flows.Enrollment",
    "flows.StepRun",
    "messaging.Batch",
    "messaging.OutgoingMessage",
    "tasks.Task",
    "disputes.Dispute",
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path


def _corporation_models() -> list:
    return [
        model
        for model in apps.get_models()
        if any(field.name == "corporation" and field.is_relation for field in model._meta.fields)
    ]


def _rows_per_model(corporation: Corporation) -> Counter:
    counts = Counter(
        {
            model._meta.label: model.objects.filter(corporation=corporation).count()
            for model in _corporation_models()
        }
    )
    disputed_items = apps.get_model("disputes", "Dispute")._meta.get_field("items").remote_field.through
    counts["disputes.Dispute.items"] = disputed_items.objects.filter(dispute__corporation=corporation).count()
    return counts


def _messages_and_a_task(corporation: Corporation) -> None:
    """Whatever the night of the test day planned: two sent-out reminders and a call task, every day."""
    LedgerEntryFactory.reset_sequence(90_000_000)  # past the demo's own entry ids (B00000001, ...)
    planned_step_runs(corporation, 2, channels=("email",))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="test")
    contract = Contract.objects.filter(corporation=corporation).first()
    task_create(
        corporation=corporation,
        kind=TaskKind.CALL,
        title="Bellen over de achterstand",
        due_on=AS_OF,
        source=TaskSource.FLOW,
        contract=contract,
        actor="test",
    )


def test_purging_one_corporation_leaves_every_row_of_the_other():
    today = clock.today()
    purged = seed_demo(slug="weg", name="Woonstichting Weg", tenancies=40, months=6, seed=2, as_of=today)
    kept = seed_demo(slug="blijft", name="Woonstichting Blijft", tenancies=40, months=6, seed=2, as_of=today)
    for world in (purged, kept):
        _messages_and_a_task(world.corporation)
    kept_before = _rows_per_model(kept.corporation)
    purged_before = _rows_per_model(purged.corporation)
    for label in MUST_HAVE_ROWS:
        assert kept_before[label] > 0, label
        assert purged_before[label] > 0, label

    corporation_data_purge(corporation=purged.corporation, actor="test")
    # The purge deletes with raw SQL: every foreign key still points at a row (checked now, not at commit).
    connection.check_constraints()

    assert _rows_per_model(kept.corporation) == kept_before
    purged_after = _rows_per_model(purged.corporation)
    assert {label: purged_after[label] for label in MODELS_IN_DELETE_ORDER} == dict.fromkeys(
        MODELS_IN_DELETE_ORDER, 0
    )
    assert purged_after["disputes.Dispute.items"] == 0
    # What is not imported data stays with the purged corporation too: its set-up, staff and audit trail.
    untouched = {label for label in purged_before if label not in MODELS_IN_DELETE_ORDER}
    untouched.discard("disputes.Dispute.items")
    untouched.discard("core.AuditEntry")
    assert {label: purged_after[label] for label in untouched} == {
        label: purged_before[label] for label in untouched
    }
    assert purged_after["core.AuditEntry"] == purged_before["core.AuditEntry"] + 1
    assert (
        AuditEntry.objects.filter(corporation=purged.corporation, action="corporation.data_purged").count()
        == 1
    )
