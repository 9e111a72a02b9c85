import json
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ImportRunFactory, tenant_with_contract
from tests.world import owing, standing_computed

pytestmark = pytest.mark.django_db


def test_start_page_counts_and_last_import(staff_a, staff_b):
    owing(staff_a.contract, Decimal("250.00"))
    other = tenant_with_contract(corporation=staff_a.corporation)
    standing_computed(other.contract)  # nothing booked: nothing overdue
    owing(staff_b.contract, Decimal("999.00"))  # not ours
    run = ImportRunFactory(corporation=staff_a.corporation, actor_label="nachtelijke-import")
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert "<dt>Huurders</dt><dd>2</dd>" in page
    assert "<dt>Huurovereenkomsten</dt><dd>2</dd>" in page
    assert "<dt>Overeenkomsten met achterstand</dt><dd>1</dd>" in page
    assert "€ 250,00" in page and "€ 999,00" not in page
    assert "nachtelijke-import" in page
    assert reverse("backoffice:import_detail", args=[run.pk]) in page


def test_start_page_without_imports(staff_a):
    page = staff_a.client.get(reverse("backoffice:home")).content.decode()
    assert "Er is nog niets geïmporteerd uit het ERP." in page


def test_the_start_page_shows_the_days_work_and_dossiers_per_flow(staff_a, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import LedgerEntryFactory
    from vangnet.daily.services import run_day
    from vangnet.flows.services import flows_install_defaults
    from vangnet.ledger.services.standing import refresh_standings

    today = timezone.localdate()
    flows_install_defaults(corporation=staff_a.corporation, actor="test")
    LedgerEntryFactory(contract=staff_a.contract, booking_date=today - dt.timedelta(days=20), amount="700.00")
    refresh_standings(corporation=staff_a.corporation, as_of=today)
    run_day(corporation=staff_a.corporation, as_of=today)

    # 13 for the day's figures and the chart, 14 for the start screen's lists (tasks, batches, calls with
    # their contacts, disputes, promises, arrangements), whatever the portfolio size.
    with django_assert_max_num_queries(36):
        page = staff_a.client.get("/").content.decode()

    assert "Mijn open taken" in page and "Bellen vandaag" in page and "Lopende dossiers per traject" in page
    # The table beside the chart: the flow, 1 running, none held.
    assert (
        '<tr><th scope="row">Vriendelijk: één keer te laat</th><td class="num">1</td><td class="num">0</td></tr>'
        in page
    )
    # The chart's data for Chart.js: the same figures, as two series stacked.
    data = page.split('<script id="flows-chart-data" type="application/json">', 1)[1].split("</script>")[0]
    chart = json.loads(data)
    index = chart["labels"].index("Vriendelijk: één keer te laat")
    assert [(series["label"], series["data"][index]) for series in chart["series"]] == [
        ("Lopend", 1),
        ("Gepauzeerd", 0),
    ]


def test_the_start_screen_lists_todays_work_and_what_to_watch_per_role(staff_a, client):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import MembershipFactory
    from vangnet.arrangements.models import Promise
    from vangnet.core.models import Role
    from vangnet.disputes.models import Dispute, DisputeCategory
    from vangnet.disputes.services import dispute_categories_install_defaults
    from vangnet.tasks.models import Task, TaskKind, TaskSource

    today = timezone.localdate()
    dispute_categories_install_defaults(corporation=staff_a.corporation)
    category = DisputeCategory.objects.filter(corporation=staff_a.corporation).first()
    Dispute.objects.create(
        corporation=staff_a.corporation,
        contract=staff_a.contract,
        category=category,
        description="Factuur niet ontvangen",
        opened_on=today - dt.timedelta(days=20),
        deadline=today - dt.timedelta(days=1),
        resolver_team="Klantcontact",
    )
    Promise.objects.create(
        corporation=staff_a.corporation,
        contract=staff_a.contract,
        made_on=today,
        promised_date=today + dt.timedelta(days=2),
        amount="300.00",
    )
    Task.objects.create(
        corporation=staff_a.corporation,
        kind=TaskKind.CALL,
        title="Bel de huurder",
        tenant=staff_a.tenant,
        contract=staff_a.contract,
        due_on=today,
        source=TaskSource.FLOW,
    )
    Task.objects.create(
        corporation=staff_a.corporation,
        kind=TaskKind.GENERIC,
        title="Mijn klus",
        due_on=today - dt.timedelta(days=3),
        source=TaskSource.STAFF,
        assigned_to=staff_a.user,
    )
    page = staff_a.client.get("/").content.decode()
    assert "Factuur niet ontvangen" in page and "Over termijn" in page
    assert "Beloften die aflopen" in page and "€ 300,00" in page
    calls = page.split('id="start-calls"', 1)[1].split("</section>", 1)[0]
    assert f"{staff_a.tenant.display_name}</a>" in calls  # the call task, named by its tenant
    assert "Niemand om te bellen." not in calls
    assert "Mijn klus" in page and "1 te laat" in page

    handler = MembershipFactory(corporation=staff_a.corporation, role=Role.DISPUTE_HANDLER)
    client.force_login(handler.user)
    theirs = client.get("/").content.decode()
    assert "Factuur niet ontvangen" in theirs
    assert (
        "Bellen vandaag" not in theirs
        and "Beloften die aflopen" not in theirs
        and "Batches te beoordelen" not in theirs
    )
