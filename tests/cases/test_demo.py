"""The demo's cases: open and closed ones of every type of this issue, made by the real services."""

import datetime as dt

import pytest

from vangnet.appointments.models import Booking, Resource
from vangnet.cases.models import Article, Case, CaseEntry, Contact, Contractor, WorkOrder
from vangnet.cases.selectors import portal_cases
from vangnet.demo.cases import demo_cases_open
from vangnet.demo.setup import seed_demo
from vangnet.events.models import OutboundEvent
from vangnet.tasks.models import Task, TaskKind

AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
def test_the_demo_has_open_and_closed_cases_of_every_type_with_real_history():
    seed = seed_demo(tenancies=60, months=3, as_of=AS_OF, run_flows=False)
    corporation = seed.corporation
    # Twelve of this issue, and the termination and home modification of the demo's moving (demo/moving.py);
    # the contract processes' demo (a letting, a payment-method change) is tests/contracts/test_demo.py's.
    cases = Case.objects.filter(corporation=corporation).exclude(
        case_type__kind__in=("letting", "payment_method")
    )
    assert seed.cases == 17
    assert cases.count() == seed.cases + seed.moving == 19
    assert Contractor.objects.filter(corporation=corporation).count() == 2
    # Work orders in every state, the appointments booked in the contractors' agendas.
    statuses = sorted(WorkOrder.objects.filter(corporation=corporation).values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "done", "issued", "proposed"]
    assert Resource.objects.filter(corporation=corporation, kind="contractor").count() == 2
    booked = Booking.objects.filter(corporation=corporation, status="booked", work_order__isnull=False)
    assert booked.count() == 3
    waiting = WorkOrder.objects.get(corporation=corporation, status="proposed")
    assert waiting.appointment.date() > AS_OF
    by_type = {(code, closed) for code, closed in cases.values_list("case_type__code", "closed")}
    for code in ("reparatie", "klacht", "overlast", "vraag", "betalingsregeling", "betaallink"):
        assert (code, True) in by_type
        assert (code, False) in by_type
    tap = cases.get(subject="Keuken: De kraan lekt")
    assert (tap.opened_on, tap.closed_on, tap.satisfaction) == (
        AS_OF - dt.timedelta(days=20),
        AS_OF - dt.timedelta(days=9),
        4,
    )
    moments = list(CaseEntry.objects.filter(case=tap, kind="stage").values_list("at__date", flat=True))
    assert moments == sorted(moments)
    assert moments[0] == AS_OF - dt.timedelta(days=20)
    late = cases.get(subject="Badkamer en wc: De wc blijft doorlopen")
    assert Task.objects.filter(kind=TaskKind.CASE_OVERDUE, source_key=f"case-late:{late.pk}:gemeld").exists()
    noise = cases.filter(case_type__code="overlast", closed=False).order_by("pk")
    assert noise[1].group == noise[0]
    accused_view = portal_cases(tenant=noise[0].accused)
    assert [c.as_accused for c in accused_view] == [True]
    assert Contact.objects.filter(corporation=corporation).count() == 2
    assert Article.objects.filter(corporation=corporation, for_tenants=True).count() == 3
    opened = OutboundEvent.objects.filter(corporation=corporation, type="case.opened")
    assert opened.exclude(payload__kind__in=("letting", "payment_method")).count() == 19
    assert demo_cases_open(corporation=corporation, as_of=AS_OF) == 0
