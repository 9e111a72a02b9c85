"""The demo corporation, its staff logins, and seed_demo: corporation + staff + generated ERP files + import.

Everything is idempotent: running it again keeps the corporation and users and re-imports the files as a
snapshot (the same seed and as_of give the same files, so nothing changes).
"""

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_scopes import scopes_disabled

from vangnet.arrangements.services import arrangement_policy_install_default
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation, Membership, Role, User
from vangnet.daily.services import DayResult, day_run
from vangnet.demo.banking import creditor_id, iban
from vangnet.demo.budget import demo_budget_arrangement
from vangnet.demo.campaigns import demo_campaigns_run
from vangnet.demo.cases import demo_cases_open
from vangnet.demo.circumstances import demo_circumstances_record
from vangnet.demo.contracts import demo_contracts_open
from vangnet.demo.disputes import demo_disputes_open
from vangnet.demo.early_signals import demo_early_signals
from vangnet.demo.generator import write_demo_files
from vangnet.demo.history import demo_batches_review_all_but_newest, demo_history_run
from vangnet.demo.moving import demo_moving
from vangnet.demo.trust import demo_trust_features
from vangnet.flows.models import CollectionPolicy
from vangnet.flows.services import flows_install_defaults
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import ImportRun, ImportStatus
from vangnet.ledger.services.imports import import_erp_data
from vangnet.messaging.services import messaging_settings_get, templates_install_defaults
from vangnet.payments.services import payment_settings_set
from vangnet.reports.history import history_backfill
from vangnet.reports.standard.trend import MONTHS as HISTORY_MONTHS

DEMO_NAME = "Woonstichting De Vang"
ACTOR = "seed_demo"

# A fictional corporation in Amersfoort. Mail and web addresses use the reserved .example domain.
DEMO_BRANDING = {
    "primary_colour": "#1d4e89",
    "accent_colour": "#f2a541",
    "sender_name": DEMO_NAME,
    "sender_email": "huurincasso@devang.example",
    "sms_sender": "DeVang",
    "iban": iban("NL", "RABO0312345674"),
    "bic": "RABONL2U",
    # NL + check digits + ZZZ + KvK number + 0000, as Dutch incassant-IDs are built.
    "creditor_id": creditor_id("NL", "412873560000"),
    "phone": "033-4601200",
    "website": "https://www.devang.example",
    "street": "Stadsring 120",
    "postcode": "3811 HR",
    "city": "Amersfoort",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str  # a fixed demo password, printed by seed_demo: these logins exist only in demos
    role: str
    first_name: str
    last_name: str
    department: str


DEMO_STAFF = (
    DemoLogin("incasso", "demo-incasso-2026", Role.CREDIT_MANAGER, "Sanne", "Visser", "Huurincasso"),
    DemoLogin("geschillen", "demo-geschillen-2026", Role.DISPUTE_HANDLER, "Mehmet", "Kaya", "Klantcontact"),
    DemoLogin("manager", "demo-manager-2026", Role.MANAGER, "Ingrid", "van der Linden", "Financiën"),
    DemoLogin("beheer", "demo-beheer-2026", Role.ADMIN, "Joost", "de Graaf", "Informatievoorziening"),
)
# (username, password, role) for printing, as `vangnet demo` shows them.
DEMO_LOGINS = tuple((login.username, login.password, str(login.role)) for login in DEMO_STAFF)


def create_demo_corporation(slug: str = "demo", name: str = DEMO_NAME) -> Corporation:
    with scopes_disabled(), transaction.atomic():
        corporation, created = Corporation.objects.get_or_create(
            slug=slug, defaults={"name": name, **DEMO_BRANDING, "sender_name": name}
        )
        if created:
            log_action(
                corporation=corporation, actor=ACTOR, action="demo.corporation_created", obj=corporation
            )
    return corporation


def create_demo_staff(corporation: Corporation) -> list[DemoLogin]:
    """One user per role, member of this corporation; the printed password always works afterwards."""
    with scopes_disabled(), transaction.atomic():
        for login in DEMO_STAFF:
            user, created = User.objects.get_or_create(
                username=login.username,
                defaults={
                    "first_name": login.first_name,
                    "last_name": login.last_name,
                    "email": f"{login.username}@devang.example",
                },
            )
            if created or not user.check_password(login.password):
                user.set_password(login.password)
                user.save(update_fields=["password"])
            _, joined = Membership.objects.update_or_create(
                user=user,
                corporation=corporation,
                defaults={"role": login.role, "department": login.department},
            )
            if joined:
                log_action(
                    corporation=corporation,
                    actor=ACTOR,
                    action="demo.staff_created",
                    obj=user,
                    data={"role": login.role},
                )
    return list(DEMO_STAFF)


def create_demo_payment_settings(corporation: Corporation) -> None:
    """The demo's tenants pay in the sandbox provider: a pay link works without a PSP account."""
    with scopes_disabled():
        payment_settings_set(corporation=corporation, provider="sandbox", actor=ACTOR)


def demo_directory(slug: str) -> Path:
    return Path(settings.VAR_DIR) / "demo-import" / slug


@dataclass
class DemoSeed:
    corporation: Corporation
    logins: list[DemoLogin]
    directory: Path
    file_counts: dict[str, int]
    generation_seconds: float
    import_run: ImportRun | None = None
    import_seconds: float = 0.0
    day: DayResult | None = None
    run_seconds: float = 0.0
    disputes: int = 0
    campaigns: int = 0
    cases: int = 0
    moving: int = 0


def seed_demo(
    *,
    slug: str = "demo",
    tenancies: int,
    months: int,
    seed: int = 2026,
    as_of: date,
    name: str = DEMO_NAME,
    run_flows: bool = True,
) -> DemoSeed:
    """Creates the corporation and staff, writes the ERP files and imports them as a full snapshot."""
    corporation = create_demo_corporation(slug=slug, name=name)
    logins = create_demo_staff(corporation)
    create_demo_payment_settings(corporation)
    with scopes_disabled():
        # The demo reviews its daily batches and sends nothing for real: everything lands in the demo inbox.
        messaging_settings_get(corporation=corporation)
        templates_install_defaults(corporation=corporation, actor=ACTOR)
        arrangement_policy_install_default(corporation=corporation, actor=ACTOR)
    directory = demo_directory(slug)
    started = time.perf_counter()
    counts = write_demo_files(directory, tenancies=tenancies, months=months, seed=seed, as_of=as_of)
    result = DemoSeed(corporation, logins, directory, counts, time.perf_counter() - started)
    started = time.perf_counter()
    with scopes_disabled():
        result.import_run = import_erp_data(
            corporation=corporation, source=CsvSetSource([directory]), mode="snapshot", actor=ACTOR
        )
    result.import_seconds = time.perf_counter() - started
    if result.import_run.status != ImportStatus.APPLIED:
        return result  # a refused file changed nothing: there is no portfolio to run the days on
    # Before the run: tonight's holds and the deadline monitor already see the demo disputes.
    result.disputes = demo_disputes_open(corporation=corporation, as_of=as_of)
    result.cases = demo_cases_open(corporation=corporation, as_of=as_of)
    result.moving = demo_moving(corporation=corporation, as_of=as_of)
    demo_contracts_open(corporation=corporation, as_of=as_of)
    if run_flows:
        started = time.perf_counter()
        result.day = _run_days(corporation, as_of)
        result.run_seconds = time.perf_counter() - started
    # A tenant who did the budget check on the portal and took its suggestion (arrangements/budget.py).
    demo_budget_arrangement(corporation=corporation, as_of=as_of)
    # After the nights: a finished contact-data campaign and a running water-meter campaign, each made
    # by the campaign services on the days it happened.
    with scopes_disabled():
        staff = User.objects.get(username=DEMO_STAFF[0].username)
    made = demo_campaigns_run(
        corporation=corporation, as_of=as_of, staff=staff, directory=directory, seed=seed
    )
    result.campaigns = sum(1 for campaign in (made.enrichment, made.meter) if campaign is not None)
    return result


def _run_days(corporation: Corporation, as_of: date) -> DayResult:
    with scopes_disabled():
        flows_install_defaults(corporation=corporation, actor=ACTOR)
        # The demo corporation charges WIK costs, so the legal path is visible; many real ones do not.
        CollectionPolicy.objects.filter(corporation=corporation).update(charge_collection_costs=True)
        reviewer = User.objects.get(username=DEMO_STAFF[0].username)
        # The reports' trend: the months before the first run, reconstructed from the imported ledger; the
        # run days below then write their own months as the nightly job does.
        history_backfill(corporation=corporation, as_of=as_of, months=HISTORY_MONTHS - 1)
        demo_circumstances_record(corporation=corporation, as_of=as_of, actor=reviewer.username)
        manager = User.objects.get(username=DEMO_STAFF[2].username)
        demo_history_run(
            corporation=corporation, as_of=as_of, reviewer=reviewer, actor=ACTOR, manager=manager
        )
    result = day_run(corporation=corporation, as_of=as_of, actor=ACTOR)
    demo_batches_review_all_but_newest(corporation=corporation, reviewer=reviewer)
    demo_early_signals(corporation=corporation, as_of=as_of, reviewer=reviewer, actor=ACTOR)
    # The trust features: a flow change waiting for a manager, a counter-offer, a superseded pay link and
    # the providers' delivery reports (a bounce among them).
    demo_trust_features(corporation=corporation, as_of=as_of, credit_manager=reviewer, actor=ACTOR)
    return result
