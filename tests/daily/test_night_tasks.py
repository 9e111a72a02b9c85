"""The nightly Celery entry points as the scheduler calls them: eager (no broker), by id, with no scope."""

import datetime as dt

import pytest

from tests.flows.builders import corporation_with_flow, in_arrears, step
from vangnet.core.models import AuditEntry
from vangnet.daily.tasks import run_all_days_task, run_day_task
from vangnet.flows.models import Enrollment
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.services import templates_install_defaults

pytestmark = pytest.mark.django_db

REMINDER = [step(0, "Herinnering", template="herinnering-vriendelijk")]


def _corporation_with_one_tenant_in_arrears(today: dt.date, slug: str):
    corporation, _ = corporation_with_flow(REMINDER, slug=slug)
    templates_install_defaults(corporation=corporation, actor="test")
    contract = in_arrears(corporation, due=today - dt.timedelta(days=6), as_of=today)
    return corporation, contract


def test_run_day_task_runs_the_night_and_returns_and_stores_its_report(business_day):
    corporation, contract = _corporation_with_one_tenant_in_arrears(business_day, "devang")

    report = run_day_task.delay(corporation.pk).get()

    assert report["corporation"] == "devang"
    assert report["as_of"] == business_day.isoformat()
    assert report["dry_run"] is False
    assert report["enrolled"] == 1
    assert report["messages_planned"] == 1
    assert report["outbox"]["messages"] == 1
    assert [(s["name"], s["fired"], s["deliveries"]) for s in report["steps"]] == [
        ("Herinnering", 1, {"email": 1})
    ]
    message = OutgoingMessage.objects.get()
    assert (message.contract, message.channel, message.template_code) == (
        contract,
        "email",
        "herinnering-vriendelijk",
    )
    stored = AuditEntry.objects.get(corporation=corporation, action="flows.day_run")
    assert stored.actor_label == "scheduler"
    assert (stored.data["as_of"], stored.data["enrolled"]) == (business_day.isoformat(), 1)


def test_run_day_task_twice_sends_nothing_twice(business_day):
    corporation, _ = _corporation_with_one_tenant_in_arrears(business_day, "devang")
    run_day_task.delay(corporation.pk).get()

    again = run_day_task.delay(corporation.pk).get()

    assert (again["enrolled"], again["messages_planned"], again["outbox"]["messages"]) == (0, 0, 0)
    assert OutgoingMessage.objects.count() == 1


def test_run_all_days_task_runs_every_corporation_on_its_own(business_day):
    _, first_contract = _corporation_with_one_tenant_in_arrears(business_day, "devang")
    _, second_contract = _corporation_with_one_tenant_in_arrears(business_day, "woonstad")

    assert run_all_days_task.delay().get() == 2

    assert set(Enrollment.objects.values_list("corporation__slug", "contract")) == {
        ("devang", first_contract.pk),
        ("woonstad", second_contract.pk),
    }
    assert sorted(OutgoingMessage.objects.values_list("corporation__slug", flat=True)) == [
        "devang",
        "woonstad",
    ]
    runs = AuditEntry.objects.filter(action="flows.day_run", actor_label="scheduler")
    assert sorted(runs.values_list("corporation__slug", flat=True)) == ["devang", "woonstad"]
