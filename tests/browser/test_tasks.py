import datetime as dt

import pytest

from vangnet.tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.browser


def test_work_through_a_task_on_the_work_list(browser_page, world, axe):
    task = Task.objects.create(
        corporation=world.tenant.corporation,
        kind=TaskKind.CALL,
        title="Bel Fatima El Amrani over € 1.043,25",
        tenant=world.tenant,
        due_on=dt.date(2026, 12, 1),
        source="flows",
    )
    page = browser_page.page
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Taken").click()
    page.get_by_role("heading", level=1, name="Taken").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "work list")
    page.get_by_label("Uitkomst van Bel Fatima El Amrani over € 1.043,25").fill("Bereikt: betaalt vrijdag")
    page.get_by_role("button", name="Afronden").click()
    page.get_by_text("Taak afgerond: Bel Fatima El Amrani").wait_for()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.outcome == "Bereikt: betaalt vrijdag"
    assert not browser_page.console_errors
