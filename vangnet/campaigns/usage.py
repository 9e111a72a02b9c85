"""What a meter usually uses: from its own last two readings, or the average of its complex. Bounded reads."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from vangnet.campaigns.models import Meter, MeterReading, ReadingStatus
from vangnet.campaigns.plausibility import Previous, daily_use


def meter_histories(meter_ids: Iterable[int]) -> dict[int, list[Previous]]:
    """Per meter its accepted readings (estimates included), oldest first. One query."""
    history: dict[int, list[Previous]] = defaultdict(list)
    for meter_id, value, read_on in (
        MeterReading.objects.filter(meter_id__in=list(meter_ids), status=ReadingStatus.ACCEPTED)
        .order_by("meter_id", "read_on", "pk")
        .values_list("meter_id", "value", "read_on")
    ):
        history[meter_id].append(Previous(value, read_on))
    return history


def own_daily_use(history: list[Previous]) -> Decimal | None:
    return daily_use(history[-2], history[-1]) if len(history) >= 2 else None


def complex_daily_use(*, corporation_id: int, complex_codes: Iterable[str]) -> dict[str, Decimal]:
    """Per complex the average daily use of its meters with two readings or more. Two queries."""
    codes = [code for code in set(complex_codes) if code]
    meters = dict(
        Meter.objects.filter(corporation_id=corporation_id, unit__complex_code__in=codes).values_list(
            "pk", "unit__complex_code"
        )
    )
    uses: dict[str, list[Decimal]] = defaultdict(list)
    for meter_id, history in meter_histories(meters).items():
        use = own_daily_use(history)
        if use is not None:
            uses[meters[meter_id]].append(use)
    return {code: sum(values, Decimal(0)) / len(values) for code, values in uses.items()}


def usual_daily_use(history: list[Previous], complex_use: Decimal | None) -> Decimal | None:
    """The unit's own usual use when it has one, else its complex's."""
    own = own_daily_use(history)
    return own if own is not None else complex_use
