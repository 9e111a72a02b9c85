"""Reads for the campaign screens, the commands and the exports; each a bounded number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vangnet.campaigns.models import (
    CAMPAIGN_CHANNELS,
    Campaign,
    CampaignStatus,
    CampaignTarget,
    ContactChange,
    MeterReading,
    ReadingStatus,
    SurveyAnswer,
)
from vangnet.core.channels import PREFERENCE_KINDS, kind_choices
from vangnet.core.models import Corporation
from vangnet.ledger.models import Unit
from vangnet.messaging.models import MessageStatus
from vangnet.tenants.models import Language, Tenant, Tone

SENT_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED)


def campaigns_with_counts(*, corporation: Corporation) -> QuerySet[Campaign]:
    """Every campaign with `targeted`, `sent`, `answered` and `implausible`. One query."""
    return Campaign.objects.filter(corporation=corporation).annotate(
        targeted=Count("targets", distinct=True),
        sent=Count("targets", filter=Q(targets__message__status__in=SENT_STATUSES), distinct=True),
        answered=Count("targets", filter=Q(targets__answered_on__isnull=False), distinct=True),
        implausible=Count(
            "targets__readings",
            filter=Q(targets__readings__status=ReadingStatus.IMPLAUSIBLE),
            distinct=True,
        ),
    )


@dataclass
class DayRow:
    day: date
    channel: str
    sent: int = 0
    reached: int = 0
    answered: int = 0

    @property
    def channel_label(self) -> str:
        return str(dict(kind_choices(CAMPAIGN_CHANNELS)).get(self.channel, self.channel))


def campaign_results(*, campaign: Campaign) -> list[DayRow]:
    """Sent, reached and answered per channel and day (the day of the first message). A message reached
    the tenant when it was delivered, when it is a letter that went out, or when the tenant answered.
    One query."""
    rows: dict[tuple[date, str], DayRow] = {}
    for sent_on, channel, status, answered_on in campaign.targets.filter(sent_on__isnull=False).values_list(
        "sent_on", "channel", "message__status", "answered_on"
    ):
        if sent_on is None:
            continue
        row = rows.setdefault((sent_on, channel), DayRow(sent_on, channel))
        if status in SENT_STATUSES:
            row.sent += 1
        if (
            status == MessageStatus.DELIVERED
            or answered_on
            or (channel == "letter" and status == MessageStatus.SENT)
        ):
            row.reached += 1
        if answered_on:
            row.answered += 1
    return [rows[key] for key in sorted(rows)]


def answers_per_day(*, campaign: Campaign) -> list[tuple[date, int]]:
    """Answers per day for the chart. One query."""
    return list(
        campaign.targets.filter(answered_on__isnull=False)
        .values_list("answered_on")
        .annotate(n=Count("pk"))
        .order_by("answered_on")
    )


def non_responders(*, campaign: Campaign) -> QuerySet[CampaignTarget]:
    """Who has not answered, with a phone number first: the list for a call round."""
    return (
        campaign.targets.filter(answered_on__isnull=True)
        .select_related("tenant", "unit")
        .order_by("unit__complex_code", "tenant__last_name", "pk")
    )


def implausible_readings(*, campaign: Campaign) -> QuerySet[MeterReading]:
    return (
        MeterReading.objects.filter(target__campaign=campaign, status=ReadingStatus.IMPLAUSIBLE)
        .select_related("meter", "target__tenant", "target__unit")
        .order_by("pk")
    )


def recent_paper_slips(*, campaign: Campaign, limit: int = 10) -> QuerySet[MeterReading]:
    return (
        MeterReading.objects.filter(target__campaign=campaign, source="paper")
        .select_related("meter", "target__unit")
        .order_by("-pk")[:limit]
    )


EXPORT_COLUMNS = (
    "complex",
    "complexnaam",
    "eenheid",
    "adres",
    "meternummer",
    "vorige_stand",
    "vorige_datum",
    "stand",
    "datum",
    "verbruik_m3",
    "bron",
    "status",
    "opmerking",
)


def meter_export_rows(*, campaign: Campaign) -> list[dict[str, str]]:
    """One row per reading of the campaign, by complex and address, with the reading before it (the start
    of the period) and the use in between: the service-cost settlement's input. Two queries."""
    readings = list(
        MeterReading.objects.filter(target__campaign=campaign)
        .select_related("meter__unit")
        .order_by("meter__unit__complex_code", "meter__unit__street", "meter__unit__house_number", "pk")
    )
    previous: dict[int, MeterReading] = {}
    for reading in (
        MeterReading.objects.filter(
            meter_id__in={r.meter_id for r in readings}, status=ReadingStatus.ACCEPTED
        )
        .exclude(target__campaign=campaign)
        .order_by("meter_id", "read_on", "pk")
    ):
        previous[reading.meter_id] = reading  # the latest before this campaign wins
    rows = []
    for reading in readings:
        unit = reading.meter.unit
        before = previous.get(reading.meter_id)
        rows.append(
            {
                "complex": unit.complex_code,
                "complexnaam": unit.complex_name,
                "eenheid": unit.source_id,
                "adres": f"{unit.address_line}, {unit.postcode} {unit.city}",
                "meternummer": reading.meter.number,
                "vorige_stand": f"{before.value:.3f}" if before else "",
                "vorige_datum": f"{before.read_on:%Y-%m-%d}" if before else "",
                "stand": f"{reading.value:.3f}",
                "datum": f"{reading.read_on:%Y-%m-%d}",
                "verbruik_m3": f"{reading.value - before.value:.3f}" if before else "",
                "bron": reading.source,
                "status": reading.status,
                "opmerking": reading.problem,
            }
        )
    return rows


def contact_history(*, tenant: Tenant) -> QuerySet[ContactChange]:
    return (
        ContactChange.objects.filter(tenant=tenant)
        .select_related("duplicate_of")
        .order_by("-created_at", "-pk")
    )


def open_targets(*, tenant: Tenant, as_of: date) -> list[CampaignTarget]:
    """What the tenant is asked and has not answered yet, in running campaigns before their deadline."""
    return list(
        CampaignTarget.objects.filter(
            tenant=tenant,
            answered_on__isnull=True,
            campaign__status=CampaignStatus.RUNNING,
            campaign__deadline__gte=as_of,
            campaign__kind__in=("contact", "meter", "survey"),
        )
        .select_related("campaign", "unit")
        .order_by("campaign__deadline", "pk")
    )


def tenant_target(*, tenant: Tenant, target_id: int) -> CampaignTarget | None:
    return (
        CampaignTarget.objects.filter(tenant=tenant, pk=target_id, campaign__status=CampaignStatus.RUNNING)
        .select_related("campaign", "unit", "tenant")
        .first()
    )


def survey_results(*, corporation: Corporation) -> list[dict]:
    """Average score and count per team and month. One query."""
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for team, answered_on, score in SurveyAnswer.objects.filter(corporation=corporation).values_list(
        "team", "answered_on", "score"
    ):
        grouped[(team, f"{answered_on:%Y-%m}")].append(score)
    return [
        {"team": team, "month": month, "answers": len(scores), "average": round(sum(scores) / len(scores), 1)}
        for (team, month), scores in sorted(grouped.items())
    ]


FIELD_LABELS = {
    "email": _("E-mail"),
    "phone_mobile": _("Mobiel"),
    "preferred_channel": _("Voorkeurskanaal"),
    "language": _("Taal"),
    "tone": _("Aanspreekvorm"),
    "iban": _("IBAN voor incasso"),
}


def _display(field: str, value: str) -> str:
    if not value:
        return ""
    if field == "iban":
        return f"{value[:4]} … {value[-4:]}"  # the card shows enough to recognise it, not the whole number
    if field == "preferred_channel":
        return str(dict(kind_choices(PREFERENCE_KINDS)).get(value, value))
    if field == "language":
        return str(dict(Language.choices).get(value, value))
    if field == "tone":
        return str(dict(Tone.choices).get(value, value))
    return value


@dataclass
class HistoryRow:
    changed_on: date
    label: str
    old_display: str
    new_display: str
    duplicate_of: Tenant | None


def contact_history_rows(*, tenant: Tenant) -> list[HistoryRow]:
    """The tenant's changed contact data, newest first, as the card shows them. One query."""
    return [
        HistoryRow(
            change.changed_on,
            str(FIELD_LABELS.get(change.field, change.field)),
            _display(change.field, change.old_value),
            _display(change.field, change.new_value),
            change.duplicate_of,
        )
        for change in contact_history(tenant=tenant)[:50]
    ]


def audience_options(*, corporation: Corporation) -> tuple[list[tuple[str, str]], list[str]]:
    """The complexes (code, "code name") and wijken a target group can be built from. Two queries."""
    units = Unit.objects.filter(corporation=corporation, removed_from_source_at__isnull=True)
    complexes = [
        (code, f"{code} {name}".strip())
        for code, name in units.exclude(complex_code="")
        .values_list("complex_code", "complex_name")
        .distinct()
        .order_by("complex_code")
    ]
    neighbourhoods = list(
        units.exclude(neighbourhood="")
        .values_list("neighbourhood", flat=True)
        .distinct()
        .order_by("neighbourhood")
    )
    return complexes, neighbourhoods
