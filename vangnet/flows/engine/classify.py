"""Classification: every contract gets the first active segment whose rule it meets, in one upsert.

The segments become one CASE over Contract, in their order; a contract whose segment did not change is not
written, so `ContractSegment.as_of` is the day it entered its segment.
"""

from django.db.models import Count, DateField, F, Value

from vangnet.core.sql import insert_from
from vangnet.flows.engine.context import RunContext
from vangnet.flows.models import ContractSegment, Segment
from vangnet.flows.segments import Rule, segment_choice
from vangnet.ledger.models import Contract


def classify(ctx: RunContext) -> None:
    corporation, as_of = ctx.corporation, ctx.as_of
    segments = list(Segment.objects.filter(corporation=corporation, active=True).order_by("position"))
    chosen = segment_choice([(s.pk, Rule.parse(s.conditions, s.match)) for s in segments], as_of)
    insert_from(
        ContractSegment,
        {
            "corporation_id": "v_corporation",
            "contract_id": "v_contract",
            "segment_id": "v_segment",
            "as_of": "v_as_of",
        },
        Contract.objects.filter(corporation=corporation).annotate(
            v_corporation=Value(corporation.pk),
            v_contract=F("pk"),
            v_segment=chosen,
            v_as_of=Value(as_of, output_field=DateField()),
        ),
        update_on=("contract_id",),
        update=("segment_id", "as_of"),
        when_changed=("segment_id",),
    )
    names = {segment.pk: segment.name for segment in segments}
    rows = ContractSegment.objects.filter(corporation=corporation)
    for row in rows.values("segment").annotate(n=Count("pk")).order_by():
        ctx.report.segments[names.get(row["segment"], "—")] = row["n"]
