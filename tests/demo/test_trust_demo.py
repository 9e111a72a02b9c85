"""The demo shows the trust features on its first start: a flow change waiting for a manager, a counter-offer
on an arrangement request, a dispute that pauses its flow, a superseded pay link, delivery reports with a
bounce (not yet proven here), call notes, a dossier moved to another flow; and its history is real history (each past night's
messages are stamped with that night)."""

import datetime as dt

import pytest

from vangnet.arrangements.models import Arrangement, ArrangementStatus
from vangnet.demo.setup import seed_demo
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.flows.models import EnrollmentEvent, EventKind, Flow, Hold, HoldKind, VersionStatus
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.models import PaymentRequest
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_shows_the_trust_features_on_its_first_start(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    settings.VANGNET_MESSAGING_SANDBOX = True  # as `vangnet demo` runs: messages land in the demo inbox
    with django_capture_on_commit_callbacks(execute=True):  # the outbox is sent after each commit
        corporation = seed_demo(tenancies=120, months=6, as_of=AS_OF).corporation

    zacht = Flow.objects.get(corporation=corporation, code="zacht")
    proposal = zacht.versions.get(status=VersionStatus.PROPOSED)
    assert proposal.note == "De eerste herinnering twee dagen eerder: dan is de huur nog vers."
    offered = Arrangement.objects.get(corporation=corporation, counter_offered_on=AS_OF)
    assert offered.status == ArrangementStatus.REQUESTED
    assert offered.counter_offer_note.startswith("Twaalf termijnen")
    pausing = Dispute.objects.filter(
        corporation=corporation, status=DisputeStatus.OPEN, category__pauses_collection=True
    )
    assert Hold.objects.filter(contract__disputes__in=pausing, kind=HoldKind.DISPUTE).exists()
    superseded = PaymentRequest.objects.filter(corporation=corporation, superseded_at__isnull=False)
    old = superseded.filter(superseded_why="Er is een nieuwe factuur bijgekomen.").first()
    assert old is not None
    assert PaymentRequest.objects.filter(contract=old.contract, superseded_at__isnull=True).exists()
    # Not asserted yet: the delivery reports with a bounce (demo/trust.py _delivery_reports) find no e-mail
    # in this test's seeding; see the report of the branch.
    notes = Task.objects.filter(corporation=corporation, kind=TaskKind.CALL, status=TaskStatus.DONE)
    assert notes.exclude(outcome="").count() > 1
    assert EnrollmentEvent.objects.filter(corporation=corporation, kind=EventKind.MOVED).exists()
    # Real history: the past nights' messages belong to their own night's batch, not all to the day the demo
    # was built. (When they are sent depends on the dispatch: here it runs after the seeding, at once.)
    nights = set(OutgoingMessage.objects.filter(corporation=corporation).values_list("batch__day", flat=True))
    assert len(nights) > 10
