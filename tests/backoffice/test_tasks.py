import datetime as dt

import pytest

from tests.factories import MembershipFactory, UserFactory
from vangnet.core.models import Role
from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def _task(staff, **kwargs) -> Task:
    return Task.objects.create(
        corporation=staff.corporation,
        kind=kwargs.pop("kind", TaskKind.CALL),
        title=kwargs.pop("title", "Bel Bakker over € 700,00"),
        tenant=staff.tenant,
        contract=staff.contract,
        due_on=dt.date(2026, 12, 1),
        source="flows",
        **kwargs,
    )


def test_the_work_list_shows_open_tasks_and_a_colleague_finishes_one(staff_a, staff_b):
    task = _task(staff_a)
    _task(staff_b, title="Bel Visser")

    page = staff_a.client.get("/taken/").content.decode()
    assert "Bel Bakker" in page and "Bel Visser" not in page

    refused = staff_a.client.post(f"/taken/{task.pk}/afronden/", {"uitkomst": " "}, follow=True)
    assert "Schrijf kort op wat de uitkomst is." in refused.content.decode()
    staff_a.client.post(f"/taken/{task.pk}/afronden/", {"uitkomst": "Bereikt, belooft vrijdag te betalen"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.assigned_to == staff_a.user
    assert f"outcome-{task.pk}" not in staff_a.client.get("/taken/").content.decode()
    assert "Bereikt, belooft" in staff_a.client.get("/taken/?status=done").content.decode()
    assert staff_b.client.post(f"/taken/{task.pk}/afronden/", {"uitkomst": "x"}).status_code == 404


def test_dispute_handlers_see_tasks_but_do_not_work_the_collection_ones(staff_a, client):
    task = _task(staff_a)
    handler = UserFactory(username="behandelaar")
    MembershipFactory(user=handler, corporation=staff_a.corporation, role=Role.DISPUTE_HANDLER)
    client.force_login(handler)
    assert client.get("/taken/").status_code == 200
    assert client.post(f"/taken/{task.pk}/afronden/", {"uitkomst": "x"}).status_code == 403
