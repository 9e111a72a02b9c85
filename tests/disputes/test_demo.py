import datetime as dt

import pytest

from vangnet.demo.disputes import DEMO_DISPUTES, demo_disputes_open
from vangnet.demo.setup import seed_demo
from vangnet.disputes.models import Dispute, DisputeCategory, DisputeStatus
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _summary(corporation):
    return sorted(
        Dispute.objects.filter(corporation=corporation).values_list(
            "contract__source_id", "category__code", "opened_on", "channel"
        )
    )


def test_the_demo_has_categories_and_a_few_open_disputes_held_in_their_flow(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    seed = seed_demo(tenancies=120, months=6, as_of=AS_OF)
    corporation = seed.corporation

    assert DisputeCategory.objects.filter(corporation=corporation).count() == 7
    assert seed.disputes == len(DEMO_DISPUTES)
    disputes = Dispute.objects.filter(corporation=corporation, status=DisputeStatus.OPEN)
    assert disputes.count() == len(DEMO_DISPUTES)
    assert Task.objects.filter(corporation=corporation, kind=TaskKind.DISPUTE_OVERDUE).count() == 1
    pausing = disputes.filter(category__pauses_collection=True)
    assert (
        Hold.objects.filter(corporation=corporation, kind=HoldKind.DISPUTE, released_on__isnull=True).count()
        == pausing.count()
    )
    assert not Enrollment.objects.filter(
        contract__disputes__in=pausing, status=EnrollmentStatus.ACTIVE
    ).exists()

    first = _summary(corporation)
    assert demo_disputes_open(corporation=corporation, as_of=AS_OF) == 0  # idempotent
    assert _summary(corporation) == first
