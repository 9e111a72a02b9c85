"""The end of a campaign at its deadline: a meter campaign estimates the readings nobody sent."""

from datetime import date

from django.db import transaction

from vangnet.campaigns.models import (
    AnswerSource,
    Campaign,
    CampaignKind,
    CampaignStatus,
    Meter,
    MeterReading,
    ReadingStatus,
)
from vangnet.campaigns.plausibility import estimate
from vangnet.campaigns.usage import complex_daily_use, meter_histories, usual_daily_use
from vangnet.core.audit import Actor, actor_label, log_action


def _estimates(campaign: Campaign, as_of: date, actor: Actor) -> int:
    """One estimated reading per meter of a non-responder's unit that has a reading to start from. Five
    queries whatever the number of units."""
    silent = list(
        campaign.targets.filter(answered_on__isnull=True, unit__isnull=False).select_related("unit")
    )
    by_unit = {target.unit_id: target for target in silent if target.unit_id is not None}
    meters = list(Meter.objects.filter(unit_id__in=list(by_unit)))
    histories = meter_histories(meter.pk for meter in meters)
    complex_uses = complex_daily_use(
        corporation_id=campaign.corporation_id, complex_codes=[t.unit.complex_code for t in silent if t.unit]
    )
    readings = []
    for meter in meters:
        history = histories.get(meter.pk, [])
        target = by_unit[meter.unit_id]
        complex_code = target.unit.complex_code if target.unit else ""
        usual = usual_daily_use(history, complex_uses.get(complex_code))
        if not history or usual is None:
            continue
        readings.append(
            MeterReading(
                corporation_id=campaign.corporation_id,
                meter=meter,
                target=target,
                value=estimate(history[-1], usual_daily=usual, as_of=campaign.deadline),
                read_on=campaign.deadline,
                source=AnswerSource.ESTIMATE,
                status=ReadingStatus.ACCEPTED,
                entered_by=actor_label(actor),
            )
        )
    MeterReading.objects.bulk_create(readings)
    return len(readings)


def campaign_finish(*, campaign: Campaign, as_of: date, actor: Actor) -> Campaign:
    with transaction.atomic():
        estimated = _estimates(campaign, as_of, actor) if campaign.kind == CampaignKind.METER else 0
        campaign.status, campaign.finished_on = CampaignStatus.FINISHED, as_of
        campaign.save(update_fields=["status", "finished_on"])
        log_action(
            corporation=campaign.corporation,
            actor=actor,
            action="campaign.finished",
            obj=campaign,
            data={"estimated": estimated},
        )
    return campaign
