"""Setting up a campaign: what it asks, of whom, on which channels, when; and who it reaches (the audience)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from vangnet.campaigns.models import CAMPAIGN_CHANNELS, Campaign, CampaignKind, CampaignStatus
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.messaging.models import MessageTemplate

# The default text per goal (vangnet/messaging/defaults/nl/<code>.toml); a colleague may choose another.
DEFAULT_TEMPLATES = {
    CampaignKind.CONTACT: "campagne-gegevens",
    CampaignKind.METER: "campagne-meterstand",
    CampaignKind.SURVEY: "campagne-enquete",
    CampaignKind.NOTICE: "campagne-mededeling",
}
REMINDER_TEMPLATE = "campagne-herinnering"
MAX_DAYS = 180


def audience_pairs(campaign: Campaign, *, as_of: date) -> list[tuple[int, int]]:
    """(tenant id, unit id) of every main tenant with a contract running on as_of in the target group, one
    pair per tenant (their first unit). One query."""
    parties = ContractTenant.objects.filter(
        corporation_id=campaign.corporation_id,
        role=ContractRole.MAIN,
        removed_from_source_at__isnull=True,
        contract__removed_from_source_at__isnull=True,
        contract__start_date__lte=as_of,
        tenant__removed_from_source_at__isnull=True,
    ).filter(Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=as_of))
    parties = parties.filter(Q(tenant__deceased_on__isnull=True) | Q(tenant__deceased_on__gt=as_of))
    if campaign.complexes:
        parties = parties.filter(contract__unit__complex_code__in=campaign.complexes)
    if campaign.neighbourhoods:
        parties = parties.filter(contract__unit__neighbourhood__in=campaign.neighbourhoods)
    if campaign.cities:
        parties = parties.filter(contract__unit__city__in=campaign.cities)
    if campaign.only_missing_contact:
        parties = parties.filter(Q(tenant__email="") | Q(tenant__phone_mobile=""))
    pairs: dict[int, int] = {}
    for tenant_id, unit_id in parties.order_by("tenant_id", "contract__unit_id").values_list(
        "tenant_id", "contract__unit_id"
    ):
        pairs.setdefault(tenant_id, unit_id)
    return list(pairs.items())


def _problems(
    *,
    corporation: Corporation,
    name: str,
    kind: str,
    channels: list[str],
    template_code: str,
    starts_on: date,
    deadline: date,
    reminder_after_days: int,
    as_of: date,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = gettext("Geef de campagne een naam.")
    if kind not in CampaignKind.values:
        problems["kind"] = gettext("Kies een doel: gegevens, meterstanden, enquête of mededeling.")
    allowed = {kind.value for kind in CAMPAIGN_CHANNELS}
    if (
        not channels
        or any(channel not in allowed for channel in channels)
        or len(set(channels)) != len(channels)
    ):
        problems["channels"] = gettext("Kies een of meer kanalen: e-mail, SMS of brief, elk één keer.")
    if starts_on < as_of:
        problems["starts_on"] = gettext("De verzenddatum ligt in het verleden.")
    if deadline <= starts_on:
        problems["deadline"] = gettext("De uiterste datum moet na de verzenddatum liggen.")
    elif deadline > starts_on + timedelta(days=MAX_DAYS):
        problems["deadline"] = gettext("Een campagne duurt hoogstens een half jaar.")
    if not 1 <= reminder_after_days < max((deadline - starts_on).days, 2):
        problems["reminder_after_days"] = gettext("De herinnering moet vóór de uiterste datum vallen.")
    if (
        template_code
        and not MessageTemplate.objects.filter(
            corporation=corporation, code=template_code, channel__in=channels or list(allowed)
        ).exists()
    ):
        problems["template_code"] = gettext("Voor deze kanalen bestaat geen tekst met deze code.")
    return problems


def campaign_create(
    *,
    corporation: Corporation,
    name: str,
    kind: str,
    channels: list[str],
    starts_on: date,
    deadline: date,
    reminder_after_days: int = 7,
    complexes: list[str] | None = None,
    neighbourhoods: list[str] | None = None,
    cities: list[str] | None = None,
    only_missing_contact: bool = False,
    template_code: str = "",
    as_of: date,
    actor: Actor,
) -> Campaign:
    """A campaign in preparation. Raises ApplicationError with `extra["fields"]` and saves nothing when a
    value is wrong."""
    template_code = template_code or DEFAULT_TEMPLATES.get(kind, "")  # type: ignore[call-overload]
    problems = _problems(
        corporation=corporation,
        name=name,
        kind=kind,
        channels=channels,
        template_code=template_code,
        starts_on=starts_on,
        deadline=deadline,
        reminder_after_days=reminder_after_days,
        as_of=as_of,
    )
    if problems:
        raise ApplicationError(
            gettext("De campagne is niet opgeslagen. Kijk bij de velden wat er mis is."),
            extra={"fields": problems},
        )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            corporation=corporation,
            name=name.strip(),
            kind=kind,
            channels=channels,
            template_code=template_code,
            starts_on=starts_on,
            deadline=deadline,
            reminder_after_days=reminder_after_days,
            complexes=sorted(set(complexes or [])),
            neighbourhoods=sorted(set(neighbourhoods or [])),
            cities=sorted(set(cities or [])),
            only_missing_contact=only_missing_contact,
            created_by=actor_label(actor),
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="campaign.created",
            obj=campaign,
            data={"kind": kind, "channels": channels},
        )
    return campaign


def campaign_start(*, campaign: Campaign, actor: Actor) -> Campaign:
    """From preparation to running: the night of `starts_on` (or the colleague's "send now") sends it."""
    if campaign.status != CampaignStatus.DRAFT:
        raise ApplicationError(gettext("Deze campagne is al gestart."))
    campaign.status = CampaignStatus.RUNNING
    campaign.save(update_fields=["status"])
    log_action(
        corporation=campaign.corporation, actor=actor, action="campaign.started", obj=campaign, data={}
    )
    return campaign
