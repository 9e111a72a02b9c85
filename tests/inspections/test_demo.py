"""The demo's moving and changing: a termination in progress with its pre-inspection booked in the
inspector's agenda, and a home modification approved with conditions and recorded on the unit."""

import datetime as dt

import pytest

from vangnet.appointments.models import Booking, BookingStatus
from vangnet.demo.setup import seed_demo
from vangnet.inspections.models import Decision, Inspection, Modification, Termination

AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_the_demo_has_a_termination_with_a_booked_inspection_and_an_approved_modification():
    seed = seed_demo(tenancies=60, months=3, as_of=AS_OF, run_flows=False)
    assert seed.moving == 2
    termination = Termination.objects.get(corporation=seed.corporation)
    assert termination.case.stage == "opgezegd"
    pre = Inspection.objects.get(case=termination.case)
    assert pre.booking.status == BookingStatus.BOOKED
    assert pre.booking.start.date() > AS_OF
    modification = Modification.objects.get(corporation=seed.corporation)
    assert (modification.decision, modification.completed_on) == (
        Decision.CONDITIONS,
        AS_OF - dt.timedelta(days=2),
    )
    assert modification.case.entries.filter(file_name="besluit-woningaanpassing.pdf").count() == 1
    assert Booking.objects.filter(corporation=seed.corporation, resource__kind="inspector").count() == 1
