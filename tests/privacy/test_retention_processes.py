"""The retention of the tenant-service processes: closed cases after their period with their files, the
reporter of a nuisance case cleared early, signed contracts and what else a contract rests on kept while it
runs and seven years after, appointments and signing codes; set-based."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.privacy.world_processes import Processes, processes_world
from vangnet.cases.models import Audience, CaseEntry
from vangnet.core import clock
from vangnet.core.models import RetentionPolicy
from vangnet.core.retention import retention_periods
from vangnet.privacy.retention import retention_apply
from vangnet.privacy.retention_cases import processes_apply

pytestmark = pytest.mark.django_db


def _exists(row) -> bool:
    return type(row).objects.filter(pk=row.pk).exists()


@pytest.fixture
def processes(media_root) -> Processes:
    return processes_world()


def test_what_passed_its_period_is_gone_and_the_rest_stays(processes: Processes):
    report = retention_apply(now=clock.now(), actor="retention")

    assert {label for label, row in processes.old.items() if _exists(row)} == set()
    assert {label for label, row in processes.kept.items() if not _exists(row)} == set()
    assert [path.name for path in processes.files_gone if path.exists()] == []
    assert [path.name for path in processes.files_kept if not path.exists()] == []
    deleted = {key: report["deleted"][key] for key in report["deleted"] if report["deleted"][key]}
    assert deleted == {
        "signing_codes": 1,
        "payment_method_changes": 1,
        "lettings": 2,
        "swaps": 2,
        "terminations": 1,
        "home_modifications": 1,
        # the repair, and the cases of the two swaps that went first
        "service_cases": 3,
        "bookings": 1,
    }
    assert report["anonymised"]["nuisance_reporters"] == 1
    assert report["files_removed"] == {
        "letters": 0,
        "dispute_attachments": 0,
        "tenant_documents": 0,
        "signed_contracts": 1,
        "case_files": 3,
    }


def test_the_nuisance_case_stays_but_not_who_reported_it(processes: Processes):
    retention_apply(now=clock.now(), actor="retention")

    case = processes.nuisance
    assert case is not None
    case.refresh_from_db()
    assert (case.tenant, case.party_name, case.party_phone, case.answers) == (None, "", "", {})
    assert case.accused is not None
    assert sorted(CaseEntry.objects.filter(case=case).values_list("audience", flat=True)) == sorted(
        [Audience.ACCUSED, Audience.INTERNAL]
    )


def test_a_dry_run_counts_and_changes_nothing(processes: Processes):
    report = retention_apply(now=clock.now(), actor="retention", dry_run=True)

    assert report["deleted"]["lettings"] == 2
    assert report["deleted"]["terminations"] == 1
    assert report["anonymised"]["nuisance_reporters"] == 1
    assert {label for label, row in processes.old.items() if not _exists(row)} == set()
    assert [path.name for path in processes.files_gone if not path.exists()] == []


def test_a_corporation_that_keeps_longer_keeps_its_records(processes: Processes):
    RetentionPolicy.objects.create(
        corporation=processes.corporation,
        service_cases=36600,
        contract_records=36600,
        nuisance_reporters=36600,
    )

    report = retention_apply(now=clock.now(), actor="retention")

    assert {
        key: report["deleted"][key]
        for key in ("lettings", "terminations", "service_cases", "swaps", "bookings")
    } == {"lettings": 0, "terminations": 0, "service_cases": 0, "swaps": 0, "bookings": 0}
    assert report["anonymised"]["nuisance_reporters"] == 0
    assert _exists(processes.old["letting ended"])


def test_the_work_does_not_grow_with_the_rows(media_root):
    small = processes_world("klein")
    large = processes_world("groot")
    processes_world(into=large.corporation, tag="b")
    periods = retention_periods()
    now = clock.now()

    def queries(world: Processes) -> int:
        with CaptureQueriesContext(connection) as captured:
            processes_apply(
                corporation_id=world.corporation.pk,
                periods=periods[world.corporation.pk],
                now=now,
                as_of=clock.today(),
                dry_run=False,
            )
        return len(captured)

    assert queries(small) == queries(large)
