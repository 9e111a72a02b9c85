"""Classification: every contract gets the first active segment whose rule it meets, in a few UPDATEs."""

from django.db.models import Count, F, Value
from django.db.models.fields import DateField

from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.sql import insert_from
from vangnet.flows.models import ContractSegment, Segment
from vangnet.flows.segments import Rule
from vangnet.ledger.models import Contract


def classify(ctx: RunContext) -> None:
    corporation, as_of = ctx.corporation, ctx.as_of
    insert_from(
        "flows_contractsegment",
        {"corporation_id": "v_corporation", "contract_id": "v_contract", "as_of": "v_as_of"},
        Contract.objects.filter(corporation=corporation, segment_row__isnull=True).annotate(
            v_corporation=Value(corporation.pk),
            v_contract=F("pk"),
            v_as_of=Value(as_of, output_field=DateField()),
        ),
    )
    rows = ContractSegment.objects.filter(corporation=corporation)
    rows.update(segment=None, as_of=as_of)
    segments = list(Segment.objects.filter(corporation=corporation, active=True).order_by("position"))
    # Last to first: a contract ends with the first segment (in order) whose rule it meets.
    for segment in reversed(segments):
        rule = Rule.parse(segment.conditions, segment.match)
        matching = Contract.objects.filter(corporation=corporation).filter(rule.as_q(as_of)).values("pk")
        rows.filter(contract_id__in=matching).update(segment=segment)
    names = {segment.pk: segment.name for segment in segments}
    for row in rows.values("segment").annotate(n=Count("pk")).order_by():
        ctx.report.segments[names.get(row["segment"], "—")] = row["n"]
