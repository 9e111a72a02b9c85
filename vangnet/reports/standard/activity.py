"""Reports that count what happened in a period (payments, returns, messages, arrangements, promises,
disputes), each one grouped query over its own records."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Replace, TruncDate, TruncMonth
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Promise, PromiseStatus
from vangnet.arrangements.models import Channel as ArrangementChannel
from vangnet.bank.models import BankTransaction, MatchRule
from vangnet.core import sql
from vangnet.core.channels import ChannelKind
from vangnet.disputes.models import Dispute, DisputeChannel, DisputeStatus
from vangnet.ledger.models import EntryKind, LedgerEntry, PaymentMethod
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus
from vangnet.reports.base import Column, Dimension, Query, Report, ReportResult, share
from vangnet.reports.grouping import grouped
from vangnet.reports.standard.arrears import money
from vangnet.tenants.models import PortalVisit

CHANNEL_NAMES = dict(ChannelKind.choices)
DELIVERED = [MessageStatus.DELIVERED]
SENT = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.BOUNCED]
FAILED = [MessageStatus.FAILED, MessageStatus.BOUNCED]
# How long after a message a portal visit of its tenant counts as following it (the channels report).
VISIT_WINDOW = timedelta(days=7)


def period_of(query: Query) -> tuple[date, date]:
    """The period a count covers: from `period_start` (default: the start of the month two months back, so
    three calendar months) to `as_of`."""
    start = query.period_start or (query.as_of.replace(day=1) - relativedelta(months=2))
    return start, query.as_of


class ActivityReport(Report):
    """A count over one model in the period; subclasses name the rows, measures and columns."""

    columns: list[Column] = []
    has_period = True

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        raise NotImplementedError

    def measures(self, query: Query) -> dict[str, Any]:
        raise NotImplementedError

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def compute(self, query: Query) -> ReportResult:
        dimension = self.dimension(query.by)
        start, end = period_of(query)
        found = self.rows_for(query, start, end)
        if query.teams is not None:
            found = found.filter(**{f"{self.team_path}__in": query.teams})
        rows, totals = grouped(found, dimension, self.measures(query))
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=dimension,
            columns=self.columns,
            rows=[self.finish(row) for row in rows],
            totals=self.finish(totals),
            period=(start, end),
        )


TOTAL = Dimension("total", _("Totaal"), "")


# How a payment itself came in, read from where its ledger entry was booked: a pay link's payment
# (payments.services, `vangnet-pay-`), an agency's feedback (handovers, `vangnet-agency-`), a bank statement
# line (bank, `bank-`) that is one of our own direct debits (a mandate, or matched by its end-to-end id) or
# otherwise a transfer. A payment the ERP delivered says nothing about its way in: the contract's method.
PAYMENT_WAYS = {
    PaymentMethod.IDEAL_LINK.value: _("iDEAL-betaallink"),
    PaymentMethod.DIRECT_DEBIT.value: _("Automatische incasso"),
    PaymentMethod.TRANSFER.value: _("Overboeking"),
    "agency": _("Via incassobureau"),
}


def payment_way() -> Case:
    collected = BankTransaction.objects.filter(ledger_entry=OuterRef("pk")).filter(
        ~Q(mandate_id="") | Q(match_rule=MatchRule.END_TO_END_ID)
    )
    return Case(
        When(source_id__startswith="vangnet-pay-", then=Value(PaymentMethod.IDEAL_LINK.value)),
        When(source_id__startswith="vangnet-agency-", then=Value("agency")),
        When(Exists(collected), then=Value(PaymentMethod.DIRECT_DEBIT.value)),
        When(source_id__startswith="bank-", then=Value(PaymentMethod.TRANSFER.value)),
        default=F("contract__payment_method"),
        output_field=CharField(),
    )


class PaymentsReport(ActivityReport):
    name = "payments"
    title = _("Ontvangen betalingen")
    description = _("Betalingen per manier van betalen, per betaalwijze van het contract of per maand.")
    dimensions = (
        Dimension("method", _("Manier van betalen"), "payment_way", PAYMENT_WAYS),
        Dimension(
            "contract_method",
            _("Betaalwijze contract"),
            "contract__payment_method",
            dict(PaymentMethod.choices),
        ),
        Dimension("month", _("Maand"), "booked_month"),
        TOTAL,
    )
    chart_column = "received"
    default_by = "method"
    columns = [Column("payments", _("Betalingen"), "count"), Column("received", _("Ontvangen"))]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        # Payments only, so the partial index on the payments' booking dates answers it.
        return LedgerEntry.objects.filter(
            corporation=query.corporation,
            kind=EntryKind.PAYMENT,
            booking_date__gte=start,
            booking_date__lte=end,
        ).annotate(booked_month=TruncMonth("booking_date"), payment_way=payment_way())

    def measures(self, query: Query) -> dict[str, Any]:
        # count(*), not of the id: the covering index (reports migration 0005) holds the amount and the
        # contract, so PostgreSQL answers from the index alone.
        return {"payments": Count("*"), "received": money(Sum(-F("amount")))}


class ReversalsReport(ActivityReport):
    name = "reversals"
    title = _("Storneringen per retourcode")
    description = _("Teruggeboekte incasso's per retourcode van de bank.")
    dimensions = (Dimension("reason", _("Retourcode"), "reversal_reason"), TOTAL)
    chart_column = "reversed"
    default_by = "reason"
    columns = [Column("reversals", _("Storneringen"), "count"), Column("reversed", _("Bedrag"))]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        return LedgerEntry.objects.filter(
            corporation=query.corporation,
            kind=EntryKind.REVERSAL,
            booking_date__gte=start,
            booking_date__lte=end,
        )

    def measures(self, query: Query) -> dict[str, Any]:
        return {"reversals": Count("id"), "reversed": money(Sum("amount"))}


class ChannelsReport(ActivityReport):
    name = "channels"
    title = _("Berichten per kanaal")
    description = _("Verstuurde, afgeleverde en mislukte berichten, en berichten via een ander kanaal.")
    dimensions = (
        Dimension("channel", _("Kanaal"), "channel", CHANNEL_NAMES),
        Dimension("template", _("Sjabloon"), "template_code"),
        TOTAL,
    )
    chart_column = "messages"
    default_by = "channel"
    columns = [
        Column("messages", _("Berichten"), "count"),
        Column("sent", _("Verstuurd"), "count"),
        Column("delivered", _("Afgeleverd"), "count"),
        Column("failed", _("Mislukt of onbestelbaar"), "count"),
        Column("withheld", _("Tegengehouden"), "count"),
        Column("fallbacks", _("Via ander kanaal"), "count"),
        Column("pay_links", _("Met betaallink"), "count"),
        Column("pay_links_opened", _("Betaallink geopend"), "count"),
        Column("paid_by_link", _("Betaald via de link"), "count"),
        Column("paid_by_link_share", _("Betaald via de link, %"), "percent", summed=False),
        Column("visits_after", _("Daarna in het portaal"), "count"),
        Column("visits_after_share", _("Daarna in het portaal, %"), "percent", summed=False),
    ]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        messages = OutgoingMessage.objects.filter(
            corporation=query.corporation, created_at__date__gte=start, created_at__date__lte=end
        )
        requests = _message_pay_requests()
        return messages.annotate(
            link_status=Subquery(requests.values("status")[:1]),
            # Opened: a payment was started on it (the checkout was reached).
            link_opened=Exists(requests.filter(payments__isnull=False)),
            sent_day=TruncDate("sent_at"),
            visit_until=ExpressionWrapper(F("sent_day") + Value(VISIT_WINDOW), output_field=DateField()),
        ).annotate(
            # A sign-in of the message's tenant on the day it was sent or in the 7 days after it.
            visited=Exists(
                PortalVisit.objects.filter(
                    tenant=OuterRef("tenant"), day__gte=OuterRef("sent_day"), day__lte=OuterRef("visit_until")
                )
            ),
        )

    def measures(self, query: Query) -> dict[str, Any]:
        return {
            "messages": Count("id"),
            "sent": Count("id", filter=Q(status__in=SENT)),
            "delivered": Count("id", filter=Q(status__in=DELIVERED)),
            "failed": Count("id", filter=Q(status__in=FAILED)),
            "withheld": Count("id", filter=Q(status=MessageStatus.WITHHELD)),
            "fallbacks": Count("id", filter=~Q(fallback_channel="")),
            "pay_links": Count("id", filter=Q(link_status__isnull=False)),
            "pay_links_opened": Count("id", filter=Q(link_opened=True)),
            "paid_by_link": Count("id", filter=Q(link_status=PaymentRequestStatus.PAID)),
            "visits_after": Count("id", filter=Q(status__in=SENT, visited=True)),
        }

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        values["paid_by_link_share"] = share(values["paid_by_link"], values["pay_links"])
        values["visits_after_share"] = share(values["visits_after"], values["sent"])
        return values


def _message_pay_requests() -> QuerySet:
    """The pay request of the message in the outer query: its token is the message's code (payments.links).
    PostgreSQL writes a UUID as text with dashes, as the token has it; SQLite keeps it as 32 hex digits."""
    if sql.is_postgres():
        return PaymentRequest.objects.filter(token=Cast(OuterRef("code"), output_field=CharField()))
    return PaymentRequest.objects.annotate(hex=Replace("token", Value("-"), Value(""))).filter(
        hex=OuterRef("code")
    )


class ArrangementsReport(ActivityReport):
    name = "arrangements"
    title = _("Betalingsregelingen")
    description = _("Regelingen afgesproken in de periode: lopend, afgerond, niet nagekomen.")
    dimensions = (
        Dimension("channel", _("Kanaal"), "channel", dict(ArrangementChannel.choices)),
        TOTAL,
    )
    chart_column = "arrangements"
    default_by = "channel"
    columns = [
        Column("arrangements", _("Regelingen"), "count"),
        Column("running", _("Lopend"), "count"),
        Column("completed", _("Afgerond"), "count"),
        Column("broken", _("Niet nagekomen"), "count"),
        Column("amount", _("Totaalbedrag")),
        Column("kept_share", _("Nagekomen, %"), "percent", summed=False),
    ]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        return Arrangement.objects.filter(
            corporation=query.corporation, agreed_on__gte=start, agreed_on__lte=end
        )

    def measures(self, query: Query) -> dict[str, Any]:
        return {
            "arrangements": Count("id"),
            "running": Count("id", filter=Q(status=ArrangementStatus.ACTIVE)),
            "completed": Count("id", filter=Q(status=ArrangementStatus.COMPLETED)),
            "broken": Count("id", filter=Q(status=ArrangementStatus.BROKEN)),
            "amount": money(Sum("total_amount")),
        }

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        ended = values["completed"] + values["broken"]
        values["kept_share"] = share(values["completed"], ended)
        return values


class PromisesReport(ActivityReport):
    name = "promises"
    title = _("Betaalbeloftes")
    description = _("Beloftes gedaan in de periode, en hoeveel er zijn nagekomen.")
    dimensions = (Dimension("channel", _("Kanaal"), "channel", dict(ArrangementChannel.choices)), TOTAL)
    chart_column = "promises"
    default_by = "channel"
    columns = [
        Column("promises", _("Beloftes"), "count"),
        Column("kept", _("Nagekomen"), "count"),
        Column("broken", _("Niet nagekomen"), "count"),
        Column("kept_share", _("Nagekomen, %"), "percent", summed=False),
    ]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        return Promise.objects.filter(corporation=query.corporation, made_on__gte=start, made_on__lte=end)

    def measures(self, query: Query) -> dict[str, Any]:
        return {
            "promises": Count("id"),
            "kept": Count("id", filter=Q(status=PromiseStatus.KEPT)),
            "broken": Count("id", filter=Q(status=PromiseStatus.BROKEN)),
        }

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        values["kept_share"] = share(values["kept"], values["kept"] + values["broken"])
        return values


class DisputesReport(ActivityReport):
    name = "disputes"
    title = _("Geschillen")
    description = _("Geschillen geopend in de periode: open, binnen en buiten de termijn, doorlooptijd.")
    dimensions = (
        Dimension("category", _("Categorie"), "category__name"),
        Dimension("team", _("Team dat oplost"), "resolver_team"),
        Dimension("channel", _("Kanaal"), "channel", dict(DisputeChannel.choices)),
        TOTAL,
    )
    chart_column = "disputes"
    default_by = "category"
    team_path = "resolver_team"
    columns = [
        Column("disputes", _("Geschillen"), "count"),
        Column("open", _("Open"), "count"),
        Column("open_late", _("Open, termijn verstreken"), "count"),
        Column("resolved_in_time", _("Op tijd afgehandeld"), "count"),
        Column("resolved_late", _("Te laat afgehandeld"), "count"),
        Column("average_days", _("Gemiddeld dagen tot opgelost"), "count", summed=False),
    ]

    def rows_for(self, query: Query, start: date, end: date) -> QuerySet:
        return Dispute.objects.filter(corporation=query.corporation, opened_on__gte=start, opened_on__lte=end)

    def finish(self, values: dict[str, Any]) -> dict[str, Any]:
        resolved = values["resolved_in_time"] + values["resolved_late"]
        days = values.pop("days_to_resolve") or 0
        # Whole days, half up: "3 days on average" is what a manager reads; None when nothing was resolved.
        values["average_days"] = (
            int((Decimal(days) / resolved).quantize(Decimal(1), ROUND_HALF_UP)) if resolved else None
        )
        return values

    def measures(self, query: Query) -> dict[str, Any]:
        is_open = Q(status=DisputeStatus.OPEN)
        done = ~is_open & Q(resolved_on__isnull=False)
        return {
            "disputes": Count("id"),
            "open": Count("id", filter=is_open),
            "open_late": Count("id", filter=is_open & Q(deadline__lt=query.as_of)),
            "resolved_in_time": Count("id", filter=done & Q(resolved_on__lte=F("deadline"))),
            "resolved_late": Count("id", filter=done & Q(resolved_on__gt=F("deadline"))),
            # The days from opening to resolving, summed as whole days on both databases.
            "days_to_resolve": Sum(
                RawSQL(sql.days_between("resolved_on", "opened_on"), [], output_field=IntegerField()),
                filter=done,
            ),
        }
