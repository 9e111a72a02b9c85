"""The declared catalogue of dynamic reports: what a manager may choose, and nothing else.

A subject is a set of records (contracts, dossiers, messages, ...). Each declares the fields it can be split
and filtered by (`Field`: an ORM path, never text a person typed) and the amounts it can sum or average
(`Number`). `reports/dynamic.py` accepts only keys from here, so a dynamic report is safe by construction and
always starts from the corporation's own rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.models import Arrangement, ArrangementStatus
from vangnet.arrangements.models import Channel as ArrangementChannel
from vangnet.core.channels import ChannelKind
from vangnet.core.models import Corporation
from vangnet.disputes.models import Dispute, DisputeChannel, DisputeStatus
from vangnet.flows.models import Enrollment
from vangnet.flows.models.enrollments import CloseReason, EnrollmentStatus
from vangnet.ledger.models import EntryKind, LedgerEntry, PaymentMethod, UnitKind
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.reports.history import month_end
from vangnet.reports.models import ContractMonth
from vangnet.tasks.calls import CallOutcome
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

# The annotation every subject's rows carry: the month of the subject's date (for the `month` dimension).
MONTH = "catalogue_month"


@dataclass(frozen=True)
class Field:
    """A field to split by (a dimension) and, unless `filterable` is off, to filter on (equals / in)."""

    key: str
    label: str | LazyText
    path: str
    # Values stored as codes get their people's names from these choices; a filter accepts only these.
    choices: dict[Any, Any] = field(default_factory=dict)
    filterable: bool = True
    # A yes/no field: a filter value is "1" or "0".
    boolean: bool = False


@dataclass(frozen=True)
class Number:
    """An amount that can be summed or averaged: an ORM expression over the subject's rows."""

    key: str
    label: str | LazyText
    expression: Any


@dataclass(frozen=True)
class Subject:
    key: str
    label: str | LazyText
    description: str | LazyText
    # The date a period (date from / to) filters on, and its name for people.
    date_label: str | LazyText
    date_path: str
    fields: tuple[Field, ...]
    numbers: tuple[Number, ...]
    # The subject's rows for a corporation; `as_of` and whether a period was given (contracts read one month
    # of the history unless a period is chosen).
    base: Callable[[Corporation, date, bool], QuerySet]
    # The team a row belongs to, for "only my teams" (empty: the subject has no teams).
    team_path: str = ""

    def rows(self, corporation: Corporation, as_of: date, has_period: bool) -> QuerySet:
        return self.base(corporation, as_of, has_period).annotate(**{MONTH: TruncMonth(self.date_path)})

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def number(self, key: str) -> Number | None:
        return next((n for n in self.numbers if n.key == key), None)


def _month(label: str | LazyText) -> Field:
    return Field("month", label, MONTH, filterable=False)


# The prefix of the unit's dimensions on the history row (`ContractMonth`), which carries them itself.
HISTORY_ROW = ""


def _place(prefix: str) -> tuple[Field, ...]:
    if prefix == HISTORY_ROW:
        # The history row carries the unit's dimensions itself: no join.
        return (
            Field("municipality", _("Gemeente"), "municipality"),
            Field("neighbourhood", _("Wijk"), "neighbourhood"),
            Field("complex", _("Complex"), "complex_code"),
            Field("unit_kind", _("Soort eenheid"), "unit_kind", dict(UnitKind.choices)),
        )
    return (
        Field("municipality", _("Gemeente"), f"{prefix}unit__municipality"),
        Field("neighbourhood", _("Wijk"), f"{prefix}unit__neighbourhood"),
        Field("complex", _("Complex"), f"{prefix}unit__complex_code"),
        Field("unit_kind", _("Soort eenheid"), f"{prefix}unit__kind", dict(UnitKind.choices)),
    )


def _contracts(corporation: Corporation, as_of: date, has_period: bool) -> QuerySet:
    rows = ContractMonth.objects.filter(corporation=corporation)
    # Without a period: the standing of the month `as_of` falls in (one row per contract).
    return rows if has_period else rows.filter(month=month_end(as_of))


def _of(model: Any, **filters: Any) -> Callable[[Corporation, date, bool], QuerySet]:
    def base(corporation: Corporation, as_of: date, has_period: bool) -> QuerySet:
        return model.objects.filter(corporation=corporation, **filters)

    return base


SUBJECTS: tuple[Subject, ...] = (
    Subject(
        key="contracts",
        label=_("Contracten (maandstand)"),
        description=_(
            "De stand van elk contract aan het eind van de maand. Zonder periode: de maand van vandaag; "
            "met een periode telt elk contract eens per maand."
        ),
        date_label=_("Maand"),
        date_path="month",
        fields=(
            *_place(HISTORY_ROW),
            Field("segment", _("Segment"), "segment__name"),
            Field("flow", _("Incassotraject"), "flow__name"),
            Field("step", _("Laatste stap"), "step__name"),
            Field(
                "tenant_status",
                _("Zittend of vertrokken"),
                "departed",
                {False: _("Zittend"), True: _("Vertrokken")},
                boolean=True,
            ),
            Field(
                "held",
                _("Wachtcode"),
                "held",
                {False: _("Geen wachtcode"), True: _("Wachtcode")},
                boolean=True,
            ),
            _month(_("Maand")),
        ),
        numbers=(
            Number("balance", _("Saldo"), F("balance")),
            Number("overdue_amount", _("Achterstand"), F("overdue_amount")),
            Number("monthly_rent", _("Bruto maandhuur"), F("monthly_rent")),
        ),
        base=_contracts,
    ),
    Subject(
        key="dossiers",
        label=_("Dossiers"),
        description=_("Dossiers in een incassotraject, naar de dag waarop ze begonnen."),
        date_label=_("Begonnen op"),
        date_path="started_on",
        fields=(
            Field("flow", _("Incassotraject"), "flow__name"),
            Field("segment", _("Segment"), "segment__name"),
            Field("step", _("Volgende stap"), "next_step__name"),
            Field("status", _("Status"), "status", dict(EnrollmentStatus.choices)),
            Field("close_reason", _("Reden afgesloten"), "close_reason", dict(CloseReason.choices)),
            *_place("contract__"),
            _month(_("Maand begonnen")),
        ),
        numbers=(Number("entry_amount", _("Achterstand bij instappen"), F("entry_amount")),),
        base=_of(Enrollment),
    ),
    Subject(
        key="messages",
        label=_("Berichten"),
        description=_("Berichten aan huurders, naar de dag waarop ze werden aangemaakt."),
        date_label=_("Aangemaakt op"),
        date_path="created_at",
        fields=(
            Field("channel", _("Kanaal"), "channel", dict(ChannelKind.choices)),
            Field("status", _("Status"), "status", dict(MessageStatus.choices)),
            Field("template", _("Sjabloon"), "template_code"),
            *_place("contract__"),
            _month(_("Maand aangemaakt")),
        ),
        numbers=(
            Number("amount", _("Bedrag in het bericht"), F("amount")),
            Number("costs", _("Kosten"), F("costs")),
        ),
        base=_of(OutgoingMessage),
    ),
    Subject(
        key="payments",
        label=_("Betalingen"),
        description=_("Geboekte betalingen, naar boekdatum."),
        date_label=_("Boekdatum"),
        date_path="booking_date",
        fields=(
            Field("method", _("Betaalwijze"), "contract__payment_method", dict(PaymentMethod.choices)),
            *_place("contract__"),
            _month(_("Maand geboekt")),
        ),
        # A payment is booked as a negative amount; people read it as received, so positive.
        numbers=(Number("amount", _("Ontvangen bedrag"), -F("amount")),),
        base=_of(LedgerEntry, kind=EntryKind.PAYMENT),
    ),
    Subject(
        key="arrangements",
        label=_("Betalingsregelingen"),
        description=_("Betalingsregelingen, naar de dag waarop ze werden afgesproken."),
        date_label=_("Afgesproken op"),
        date_path="agreed_on",
        fields=(
            Field("status", _("Status"), "status", dict(ArrangementStatus.choices)),
            Field("channel", _("Kanaal"), "channel", dict(ArrangementChannel.choices)),
            *_place("contract__"),
            _month(_("Maand afgesproken")),
        ),
        numbers=(Number("total_amount", _("Totaalbedrag"), F("total_amount")),),
        base=_of(Arrangement),
    ),
    Subject(
        key="disputes",
        label=_("Geschillen"),
        description=_("Geschillen en klachten, naar de dag waarop ze werden geopend."),
        date_label=_("Geopend op"),
        date_path="opened_on",
        fields=(
            Field("category", _("Categorie"), "category__name"),
            Field("status", _("Status"), "status", dict(DisputeStatus.choices)),
            Field("channel", _("Kanaal"), "channel", dict(DisputeChannel.choices)),
            Field("team", _("Team dat oplost"), "resolver_team"),
            *_place("contract__"),
            _month(_("Maand geopend")),
        ),
        numbers=(),
        base=_of(Dispute),
        team_path="resolver_team",
    ),
    Subject(
        key="tasks",
        label=_("Taken"),
        description=_("Taken van medewerkers, naar de dag waarop ze klaar moeten zijn."),
        date_label=_("Uiterlijk op"),
        date_path="due_on",
        fields=(
            Field("kind", _("Soort"), "kind", dict(TaskKind.choices)),
            Field("status", _("Status"), "status", dict(TaskStatus.choices)),
            Field("team", _("Team"), "team"),
            Field("source", _("Bron"), "source", dict(TaskSource.choices)),
            Field("call_outcome", _("Uitkomst van het gesprek"), "call_outcome", dict(CallOutcome.choices)),
            _month(_("Maand uiterlijk")),
        ),
        numbers=(),
        base=_of(Task),
        team_path="team",
    ),
)

CATALOGUE: dict[str, Subject] = {subject.key: subject for subject in SUBJECTS}
