"""Back-office page benchmark: server time of the credit manager's pages and of the case pages (staff and the
tenant's side) on the daily-run benchmark's portfolio (run `vangnet bench run --tenancies N` first, or let this
seed it), per page p50/p95/max in ms and the number of queries."""

import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from vangnet.bench.run import portfolio
from vangnet.cases.models import Case, CaseType
from vangnet.core.clock import today
from vangnet.core.models import Membership, Role, User
from vangnet.daily.services import day_run
from vangnet.demo.disputes import demo_disputes_open
from vangnet.disputes.models import Dispute
from vangnet.flows.models import CollectionPolicy, Enrollment
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.models import ContractTenant
from vangnet.messaging.links import portal_token
from vangnet.tasks.models import Task, TaskKind

USERNAME = "bench-pages"


def add_arguments(parser) -> None:
    parser.add_argument("--tenancies", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page after one warm-up")
    parser.add_argument("--reuse", action="store_true", help="use data an earlier bench run/pages seeded")


def run(*, tenancies: int, months: int, seed: int, repeat: int, reuse: bool, **_: object) -> dict:
    as_of = today()
    with scopes_disabled():
        corporation = portfolio(tenancies=tenancies, months=months, seed=seed, as_of=as_of, reuse=reuse)
        _prepare(corporation, as_of)
        user = _staff(corporation)
        pages = _pages(corporation)
        case = Case.objects.filter(corporation=corporation, tenant__isnull=False).order_by("pk").first()
        case_type = CaseType.objects.filter(corporation=corporation).order_by("pk").first()
    if case is not None:
        pages |= {
            "cases": "/zaken/",
            "case": f"/zaken/{case.pk}/",
            "contact_search": "/klantcontact/?q=jansen",
            "contact_tenant": f"/klantcontact/?huurder={case.tenant_id}",
        }
        if case_type is not None:
            pages["contact_intake"] = (
                f"/klantcontact/?huurder={case.tenant_id}&soort={case_type.code}&woorden=lekkende+kraan"
            )
    # The benchmark signs in with force_login; the app-code step is not what is measured.
    with override_settings(VANGNET_STAFF_2FA="optional"):
        client = Client()
        client.force_login(user)
        client.get("/")
        figures = {name: _measure(client, url, repeat) for name, url in pages.items()}
    if case is not None and case.tenant_id is not None:
        # The tenant's side of the same case: signed in by their personal link, as a message leads them.
        tenant_client = Client()
        link = portal_token(corporation_id=corporation.pk, tenant_id=case.tenant_id)
        tenant_client.get(f"/portaal/link/{link}/")
        portal_pages = {
            "portal_case": f"/portaal/meldingen/{case.pk}/",
            "portal_report_choose": "/portaal/melden/",
        }
        if case_type is not None:
            portal_pages["portal_report"] = f"/portaal/melden/{case_type.code}/"
        figures |= {name: _measure(tenant_client, url, repeat) for name, url in portal_pages.items()}
    return {
        "database": connection.vendor,
        "tenancies": tenancies,
        "repeat": repeat,
        "pages": figures,
        "slowest_p95_ms": max(page["p95_ms"] for page in figures.values()),
    }


def _prepare(corporation, as_of) -> None:
    """The flows, the day's run and a few disputes, once: pages need something to show."""
    if not Enrollment.objects.filter(corporation=corporation).exists():
        flows_install_defaults(corporation=corporation, actor="bench")
        CollectionPolicy.objects.filter(corporation=corporation).update(charge_collection_costs=True)
        day_run(corporation=corporation, as_of=as_of, actor="bench")
    demo_disputes_open(corporation=corporation, as_of=as_of)


def _staff(corporation) -> User:
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"first_name": "Bench"})
    # Admin: every page is open to it, so every page is measured.
    Membership.objects.update_or_create(user=user, corporation=corporation, defaults={"role": Role.ADMIN})
    return user


def _pages(corporation) -> dict[str, str]:
    call = Task.objects.filter(corporation=corporation, kind=TaskKind.CALL, tenant__isnull=False).first()
    busiest = (
        ContractTenant.objects.filter(corporation=corporation, contract__enrollments__isnull=False)
        .values_list("tenant_id", flat=True)
        .first()
    )
    tenant_id = call.tenant_id if call else busiest
    dispute = Dispute.objects.filter(corporation=corporation).first()
    pages = {
        "start": "/",
        "tasks": "/taken/",
        "tasks_overdue": "/taken/?termijn=te-laat",
        "call_list": "/bellijst/",
        "tenant_search": "/huurders/?q=jansen",
        "tenant_card": f"/huurders/{tenant_id}/",
        "arrangements": "/regelingen/",
        "disputes": "/geschillen/",
        "flows": "/trajecten/",
        "batches": "/berichten/",
        "audit_log": "/beheer/logboek/",
    }
    if dispute is not None:
        pages["dispute"] = f"/geschillen/{dispute.pk}/"
    return pages


def _measure(client: Client, url: str, repeat: int) -> dict:
    client.get(url)
    times: list[float] = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    times.sort()
    return {
        "url": url,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
    }
