"""The demo's campaigns, made by the real services on the days they happened: a finished data-enrichment
campaign (sent two months ago, reminded, answered, closed at its deadline) and a running water-meter
campaign (sent ten days ago, reminded, with answers on the portal, doubtful readings, and paper slips a
colleague typed in).

The meters and their last two readings stand for the corporation's meter import (the readings the previous
settlements were made on). Deterministic: the same seed gives the same answers; a second call adds nothing.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db.models import Count
from django_scopes import scope

from vangnet.campaigns.models import Campaign, CampaignTarget, ContactChange, Meter, MeterReading
from vangnet.campaigns.services import (
    campaign_create,
    campaign_finish,
    campaign_remind,
    campaign_send,
    campaign_start,
    contact_answer_submit,
    meter_reading_submit,
    paper_slip_enter,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Unit
from vangnet.tenants.models import Tenant

ACTOR = "seed_demo"
ENRICHMENT_DAYS_AGO = 60
METER_DAYS_AGO = 10


@dataclass
class DemoCampaigns:
    enrichment: Campaign | None = None
    meter: Campaign | None = None


def _complexes(corporation: Corporation, count: int) -> list[str]:
    """The largest complexes first: enough households to show a campaign's numbers."""
    return list(
        Unit.objects.filter(corporation=corporation)
        .exclude(complex_code="")
        .values("complex_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "complex_code")
        .values_list("complex_code", flat=True)[:count]
    )


def _create(corporation: Corporation, staff: User, *, day: date, **values) -> Campaign:
    with clock.moved_to(day):
        campaign = campaign_create(corporation=corporation, starts_on=day, as_of=day, actor=staff, **values)
        campaign_start(campaign=campaign, actor=staff)
        campaign_send(campaign=campaign, as_of=day, actor=staff)
    return campaign


def _answers_and_reminder(
    campaign: Campaign, answers: list[tuple[date, Callable[..., None]]], remind_on: date
) -> None:
    """The answers in the order of their days, with the reminder on its day to those still silent."""
    reminded = False
    for day, answer in sorted(answers, key=lambda pair: pair[0]):
        if not reminded and day >= remind_on:
            with clock.moved_to(remind_on):
                campaign_remind(campaign=campaign, as_of=remind_on, actor=ACTOR)
            reminded = True
        with clock.moved_to(day):
            try:
                answer(day)
            except ApplicationError:
                continue  # what the tenant typed was refused: they did not answer after all
    if not reminded:
        with clock.moved_to(remind_on):
            campaign_remind(campaign=campaign, as_of=remind_on, actor=ACTOR)


def _enrichment(corporation: Corporation, staff: User, as_of: date, rng: random.Random) -> Campaign:
    start = as_of - timedelta(days=ENRICHMENT_DAYS_AGO)
    campaign = _create(
        corporation,
        staff,
        day=start,
        name="Contactgegevens compleet",
        kind="contact",
        channels=["sms", "email", "letter"],
        deadline=start + timedelta(days=28),
        reminder_after_days=10,
        complexes=_complexes(corporation, 3),
        only_missing_contact=True,
    )
    answers = []
    for i, target in enumerate(campaign.targets.select_related("tenant", "unit", "campaign").order_by("pk")):
        if rng.random() > 0.55:
            continue
        tenant = target.tenant
        local = f"{tenant.first_name or tenant.initials}.{tenant.last_name}".lower().replace(" ", "")
        values = {
            "email": tenant.email or f"{local}@mail.example",
            "phone_mobile": tenant.phone_mobile or f"06{rng.randrange(10_000_000, 99_999_999)}",
            "preferred_channel": "sms" if i % 3 else "email",
            "language": tenant.language,
            "tone": tenant.tone,
            "iban": "NL91ABNA0417164300" if i % 17 == 0 else "",
        }

        def answer(day: date, target=target, values=values) -> None:
            contact_answer_submit(target=target, as_of=day, **values)

        answers.append((start + timedelta(days=1 + rng.randrange(26)), answer))
    _answers_and_reminder(campaign, answers, start + timedelta(days=10))
    finish = campaign.deadline + timedelta(days=1)
    with clock.moved_to(finish):
        campaign_finish(campaign=campaign, as_of=finish, actor=ACTOR)
    return campaign


def _meters(corporation: Corporation, complex_code: str, as_of: date, rng: random.Random) -> None:
    """The meter import: a meter per unit of the complex with last year's two readings."""
    units = list(Unit.objects.filter(corporation=corporation, complex_code=complex_code).order_by("pk"))
    Meter.objects.bulk_create(
        [Meter(corporation=corporation, unit=unit, number=f"WM{unit.pk:07d}") for unit in units],
        ignore_conflicts=True,
    )
    readings = []
    for meter in Meter.objects.filter(unit__in=units):
        start = Decimal(rng.randrange(80, 900))
        use = Decimal(rng.randrange(18, 70))  # m³ per half year
        for days_ago, value in ((365, start), (182, start + use)):
            readings.append(
                MeterReading(
                    corporation=corporation,
                    meter=meter,
                    value=value,
                    read_on=as_of - timedelta(days=days_ago),
                    source="import",
                    entered_by=ACTOR,
                )
            )
    MeterReading.objects.bulk_create(readings)


def _meter_campaign(corporation: Corporation, staff: User, as_of: date, rng: random.Random) -> Campaign:
    start = as_of - timedelta(days=METER_DAYS_AGO)
    complex_code = _complexes(corporation, 1)[0]
    _meters(corporation, complex_code, start, rng)
    campaign = _create(
        corporation,
        staff,
        day=start,
        name=f"Watermeters complex {complex_code}",
        kind="meter",
        channels=["email", "sms", "letter"],
        deadline=as_of + timedelta(days=18),
        reminder_after_days=7,
        complexes=[complex_code],
    )
    targets = list(campaign.targets.select_related("tenant", "unit", "campaign").order_by("pk"))
    numbers = dict(
        Meter.objects.filter(unit_id__in=[t.unit_id for t in targets]).values_list("unit_id", "number")
    )
    last = {
        r.meter.unit_id: r.value
        for r in MeterReading.objects.filter(meter__unit_id__in=numbers)
        .select_related("meter")
        .order_by("read_on")
    }
    answers = []
    for i, target in enumerate(targets):
        if target.unit_id not in last or rng.random() > 0.6:
            continue
        previous, number = last[target.unit_id], numbers[target.unit_id]
        plausible = str(previous + Decimal(rng.randrange(3, 25)) + Decimal("0.125"))

        def answer(
            day: date, target=target, previous=previous, number=number, plausible=plausible, i=i
        ) -> None:
            if target.channel == "letter" or i % 9 == 4:
                # A paper slip, typed in by a colleague the day it arrived; now and then a doubtful one.
                value = str(previous - 7) if i % 5 == 0 else plausible
                paper_slip_enter(
                    campaign=campaign, code=target.code, meter_number="", value=value, as_of=day, actor=staff
                )
            elif i % 11 == 3:
                # Below the last reading: asked again on the portal, the tenant confirmed it; a colleague checks.
                meter_reading_submit(
                    target=target, meter_number=number, value=str(previous - 12), confirmed=True, as_of=day
                )
            else:
                meter_reading_submit(target=target, meter_number=number, value=plausible, as_of=day)

        answers.append((start + timedelta(days=rng.randrange(METER_DAYS_AGO)), answer))
    _answers_and_reminder(campaign, answers, start + timedelta(days=7))
    return campaign


# phone_home: the answer stores the number as Vangnet writes it (without dashes).
ERP_FIELDS = ("email", "phone_mobile", "phone_home", "preferred_channel", "language", "tone")


def _erp_takes_over(corporation: Corporation, directory: Path) -> int:
    """The ERP received the `tenant.contact_changed` events and took the answers over: its next export
    (the demo's tenants.csv) has the tenants' new contact data, so a new import keeps them."""
    changed = {
        t.source_id: t
        for t in Tenant.objects.filter(
            corporation=corporation, pk__in=ContactChange.objects.values("tenant_id")
        )
    }
    path = directory / "tenants.csv"
    if not changed or not path.exists():
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        tenant = changed.get(row["tenant_id"])
        if tenant is not None:
            row.update({name: getattr(tenant, name) for name in ERP_FIELDS})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(changed)


def demo_campaigns_run(
    *, corporation: Corporation, as_of: date, staff: User, directory: Path, seed: int = 2026
) -> DemoCampaigns:
    with scope(corporation=corporation):
        if CampaignTarget.objects.filter(corporation=corporation).exists() or not _complexes(corporation, 1):
            return DemoCampaigns()  # made before, or nothing was imported
        rng = random.Random(seed)
        made = DemoCampaigns(
            enrichment=_enrichment(corporation, staff, as_of, rng),
            meter=_meter_campaign(corporation, staff, as_of, rng),
        )
        _erp_takes_over(corporation, directory)
    return made
