"""Which step makes people pay: per flow, step, template and channel, the dossiers a step reached in the
period, the share of them paid in full within 7, 14 and 30 days after it, the money received in the 30
days after it, what the step cost (postage, print, SMS), and where the dossiers went from there.

A step is a step run that was carried out (`StepRun`, outcome done). "Paid in full" is the dossier closed
because nothing was owed any more (`CloseReason.PAID`). A share within N days counts only the steps at least
N days before the report's day, so a step of yesterday does not lower the 30-day share. By channel, the rows
are the step's messages: a step sent by letter and e-mail counts in both channels.
"""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.models import Arrangement
from vangnet.core import sql
from vangnet.core.channels import ChannelKind
from vangnet.flows.models import CloseReason, FlowStep, StepOutcome, StepRun
from vangnet.handovers.models import Handover, HandoverStatus
from vangnet.ledger.models import EntryKind, LedgerEntry
from vangnet.messaging.models import (
    MessageStatus,
    MessageTemplate,
    MessagingSettings,
    OutgoingMessage,
    TemplateVersion,
    ToneChoice,
)
from vangnet.reports.base import Column, Dimension, Query, Report, ReportResult, share
from vangnet.reports.grouping import grouped
from vangnet.reports.standard.activity import TOTAL, period_of

WINDOWS = (7, 14, 30)
# Dimensions of a step's messages rather than of the step: a step sent twice counts in two groups.
MESSAGE_DIMENSIONS = ("channel", "template_version")
COLLECTED_DAYS = 30
MONEY = DecimalField(max_digits=14, decimal_places=2)
REACHED = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.BOUNCED]
# Used when a corporation has not set its own prices (MessagingSettings).
DEFAULT_PRICES = {"letter": Decimal("0.96"), "page": Decimal("0.05"), "sms": Decimal("0.07")}

COLUMNS = [
    Column("reached", _("Dossiers bereikt"), "count", summed=False),
    Column("paid_7_share", _("Binnen 7 dagen betaald, %"), "percent", summed=False),
    Column("paid_14_share", _("Binnen 14 dagen betaald, %"), "percent", summed=False),
    Column("paid_30_share", _("Binnen 30 dagen betaald, %"), "percent", summed=False),
    Column("collected", _("Ontvangen in 30 dagen erna"), summed=False),
    Column("cost", _("Kosten van de stap")),
    Column("paid", _("Daarna betaald"), "count", summed=False),
    Column("arrangement", _("Daarna een regeling"), "count", summed=False),
    Column("handover", _("Daarna overgedragen"), "count", summed=False),
    Column("open", _("Nog lopend"), "count", summed=False),
]


def prices(corporation_id: int) -> dict[str, Decimal]:
    found = MessagingSettings.objects.filter(corporation_id=corporation_id).first()
    if found is None:
        return DEFAULT_PRICES
    return {"letter": found.letter_postage, "page": found.letter_page_cost, "sms": found.sms_segment_cost}


def message_cost(price: dict[str, Decimal], prefix: str = "") -> Case:
    """What one message cost: a letter its postage and pages, a text message its segments, the rest nothing."""
    return Case(
        When(
            **{f"{prefix}channel": ChannelKind.LETTER},
            then=Value(price["letter"]) + F(f"{prefix}pages") * Value(price["page"]),
        ),
        When(**{f"{prefix}channel": ChannelKind.SMS}, then=F(f"{prefix}segments") * Value(price["sms"])),
        default=Value(Decimal("0")),
        output_field=MONEY,
    )


def version_label(version: TemplateVersion) -> str:
    """A text version as people know it: "Vriendelijke herinnering, E-mail — versie 3 (12-11-2026)"; the
    language and the "je" form are named when the text is not the Dutch one with "u"."""
    template = version.template
    parts = [template.name, str(template.get_channel_display())]
    if template.language != "nl":
        try:
            parts.append(str(get_language_info(template.language)["name_translated"]).lower())
        except KeyError:
            parts.append(template.language)
    if template.tone == ToneChoice.INFORMAL:
        parts.append(gettext("je-vorm"))
    return gettext("%(template)s — versie %(number)s (%(date)s)") % {
        "template": ", ".join(parts),
        "number": version.number,
        "date": f"{timezone.localtime(version.saved_at):%d-%m-%Y}",
    }


def _step_facts(queryset: QuerySet, run: str) -> QuerySet:
    """Annotates each row (a step run, or a message with `run` leading to its step run) with what followed."""
    contract = OuterRef(f"{run}enrollment__contract_id")
    run_on = OuterRef(f"{run}run_on")
    received = (
        LedgerEntry.objects.filter(
            contract_id=contract,
            kind=EntryKind.PAYMENT,
            booking_date__gt=run_on,
            booking_date__lte=OuterRef("collected_until"),
        )
        .order_by()
        .values("contract_id")
        .annotate(total=Sum(-F("amount")))
        .values("total")
    )
    return queryset.annotate(
        collected_until=ExpressionWrapper(
            F(f"{run}run_on") + timedelta(days=COLLECTED_DAYS), output_field=DateField()
        ),
        days_to_paid=F(f"{run}enrollment__closed_on") - F(f"{run}run_on"),
        received_after=Coalesce(
            Subquery(received, output_field=MONEY), Value(Decimal("0")), output_field=MONEY
        ),
        arrangement_after=Exists(Arrangement.objects.filter(contract_id=contract, agreed_on__gte=run_on)),
        handover_after=Exists(
            Handover.objects.filter(contract_id=contract, proposed_on__gte=run_on).exclude(
                status=HandoverStatus.REJECTED
            )
        ),
    )


def _measures(query: Query, run: str, counted: str, cost: Any) -> dict[str, Any]:
    """Counts of step runs: `counted` is the run's own id on runs (unique, so no DISTINCT needed) or, on
    messages, the message's step run (distinct, as one run may have sent several messages)."""
    paid = Q(**{f"{run}enrollment__close_reason": CloseReason.PAID})

    def runs_where(condition: Q | None = None) -> Count:
        return Count(counted, distinct=bool(run), filter=condition)

    measures: dict[str, Any] = {"reached": runs_where()}
    for days in WINDOWS:
        old_enough = Q(**{f"{run}run_on__lte": query.as_of - timedelta(days=days)})
        measures[f"due_{days}"] = runs_where(old_enough)
        measures[f"paid_{days}"] = runs_where(old_enough & paid & Q(days_to_paid__lte=timedelta(days=days)))
    measures |= {
        "collected": Sum("received_after"),
        "cost": cost,
        "paid": runs_where(paid),
        "arrangement": runs_where(Q(arrangement_after=True)),
        "handover": runs_where(Q(handover_after=True)),
        "open": runs_where(Q(**{f"{run}enrollment__closed_on__isnull": True})),
    }
    return measures


class StepEffectivenessReport(Report):
    name = "effectiveness"
    title = _("Werking van stappen")
    description = _(
        "Per traject, stap, sjabloon en kanaal: hoeveel dossiers de stap bereikte, hoeveel daarna binnen "
        "7, 14 en 30 dagen helemaal betaalden, wat er binnenkwam en wat de stap kostte."
    )
    dimensions = (
        Dimension("step", _("Stap"), "step_id"),
        Dimension("flow", _("Traject"), "enrollment__flow_id"),
        Dimension("template", _("Sjabloon"), "template_code"),
        Dimension("channel", _("Kanaal"), "channel", dict(ChannelKind.choices)),
        Dimension("template_version", _("Sjabloonversie"), "template_version_id"),
        TOTAL,
    )
    default_by = "step"
    has_period = True
    chart_column = "paid_30_share"
    columns = COLUMNS

    def _named(self, dimension: Dimension, corporation_id: int) -> Dimension:
        """The dimension with the names people know the groups by, never an id or a code."""
        names: dict[Any, str]
        if dimension.key == "step":
            steps = FlowStep.objects.filter(corporation_id=corporation_id).select_related("version__flow")
            names = {s.pk: f"{s.version.flow.name}: {s.position}. {s.name}" for s in steps}
        elif dimension.key == "flow":
            steps = FlowStep.objects.filter(corporation_id=corporation_id).select_related("version__flow")
            names = {s.version.flow_id: s.version.flow.name for s in steps}
        elif dimension.key == "template":
            # The Dutch version's name where there is one: the language a corporation works in.
            templates = MessageTemplate.objects.filter(corporation_id=corporation_id)
            names = {
                t.code: t.name for t in sorted(templates, key=lambda t: (t.language == "nl", t.is_default))
            }
        elif dimension.key == "template_version":
            versions = TemplateVersion.objects.filter(corporation_id=corporation_id).select_related(
                "template"
            )
            names = {version.pk: version_label(version) for version in versions}
        else:
            return dimension
        return dataclasses.replace(dimension, choices=names)

    def compute(self, query: Query) -> ReportResult:
        with sql.without_jit():
            return self._compute(query)

    def _compute(self, query: Query) -> ReportResult:
        dimension = self._named(self.dimension(query.by), query.corporation.pk)
        start, end = period_of(query)
        price = prices(query.corporation.pk)
        runs = _step_facts(self._step_runs(query, start, end), "")
        cost = Subquery(
            OutgoingMessage.objects.filter(step_run=OuterRef("pk"), status__in=REACHED)
            .order_by()
            .values("step_run")
            .annotate(total=Sum(message_cost(price)))
            .values("total"),
            output_field=MONEY,
        )
        runs = runs.annotate(step_cost=Coalesce(cost, Value(Decimal("0")), output_field=MONEY))
        run_measures = _measures(query, "", "id", Sum("step_cost"))
        if dimension.key not in MESSAGE_DIMENSIONS:
            rows, totals = grouped(runs, dimension, run_measures)
        else:
            # Per channel or text version the rows are the step's messages; the total stays the steps',
            # counted once each.
            messages = _step_facts(self._messages(query, start, end), "step_run__")
            _rows, totals = grouped(runs, TOTAL, run_measures)
            rows, _totals = grouped(
                messages, dimension, _measures(query, "step_run__", "step_run", Sum(message_cost(price)))
            )
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=dimension,
            columns=self.columns,
            rows=[_finish(row) for row in rows],
            totals=_finish(totals),
            period=(start, end),
        )

    def _step_runs(self, query: Query, start: date, end: date) -> QuerySet:
        return StepRun.objects.filter(
            corporation=query.corporation, outcome=StepOutcome.DONE, run_on__gte=start, run_on__lte=end
        )

    def _messages(self, query: Query, start: date, end: date) -> QuerySet:
        return OutgoingMessage.objects.filter(
            corporation=query.corporation,
            step_run__outcome=StepOutcome.DONE,
            step_run__run_on__gte=start,
            step_run__run_on__lte=end,
            status__in=REACHED,
        )


def _finish(values: dict[str, Any]) -> dict[str, Any]:
    for days in WINDOWS:
        values[f"paid_{days}_share"] = share(values[f"paid_{days}"], values[f"due_{days}"])
    values["collected"] = values["collected"] or Decimal("0.00")
    values["cost"] = values["cost"] or Decimal("0.00")
    return values
