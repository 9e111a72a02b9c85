"""Segment conditions: a field, an operator and a value, chosen in the back office and never `eval`ed.

Each condition compiles to a `Q` over Contract, so classifying a whole portfolio is one UPDATE per segment,
and evaluates on a dict of one contract's facts, so the tenant card can show which condition held and
which did not. Both readings come from the same table below; a test checks that they agree.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import BigIntegerField, Case, Exists, Expression, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from vangnet.ledger.models import ContractRole, ContractTenant, PaymentMethod, UnitKind
from vangnet.tenants.circumstances import DEFAULT_KINDS
from vangnet.tenants.models import Language, TenantKind, circumstance_in_force_q, period_in_force_q

NUMBER_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
CHOICE_OPS = ("eq", "ne", "in", "not_in")
TEXT_OPS = ("eq", "ne", "in", "not_in", "contains")
BOOL_OPS = ("is",)

OPERATOR_LABELS = {
    "eq": _("is gelijk aan"),
    "ne": _("is niet"),
    "gt": _("groter dan"),
    "gte": _("minstens"),
    "lt": _("kleiner dan"),
    "lte": _("hoogstens"),
    "in": _("is een van"),
    "not_in": _("is geen van"),
    "contains": _("bevat"),
    "is": _("is"),
}


class ConditionError(ValueError):
    """A condition that cannot be compiled: unknown field or operator, or a value of the wrong kind."""


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    kind: str  # number | percent | days_since | years_since | choice | text | flag | tenant_flag | ...
    ops: tuple[str, ...]
    path: str = ""  # lookup from Contract, or from Tenant for tenant fields
    tenant: bool = False
    choices: tuple[tuple[str, Any], ...] = ()


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field(
            "late_in_window",
            _("Aantal keer te laat (venster)"),
            "number",
            NUMBER_OPS,
            "standing__late_in_window",
        ),
        Field(
            "paid_on_time_share",
            _("Op tijd betaald (%)"),
            "percent",
            NUMBER_OPS,
            "standing__paid_on_time_share",
        ),
        Field(
            "average_days_late",
            _("Gemiddeld dagen te laat"),
            "number",
            NUMBER_OPS,
            "standing__average_days_late",
        ),
        Field("max_days_late", _("Hoogstens dagen te laat"), "number", NUMBER_OPS, "standing__max_days_late"),
        Field(
            "reversals_in_window",
            _("Stornos (venster)"),
            "number",
            NUMBER_OPS,
            "standing__reversals_in_window",
        ),
        Field("overdue_amount", _("Achterstand (€)"), "number", NUMBER_OPS, "standing__overdue_amount"),
        Field(
            "days_overdue", _("Dagen achterstand"), "days_since", NUMBER_OPS, "standing__oldest_overdue_date"
        ),
        Field("tenant_age", _("Leeftijd huurder"), "years_since", NUMBER_OPS, "birth_date", tenant=True),
        # Whether the debtor is a consumer (a natural person) or an organisation decides the legal route
        # (art. 6:96 lid 6 BW), not the kind of unit: a private person renting a garage is a consumer.
        Field(
            "debtor_kind", _("Soort huurder"), "choice", CHOICE_OPS, "kind", True, tuple(TenantKind.choices)
        ),
        Field(
            "tenant_language",
            _("Taal huurder"),
            "choice",
            CHOICE_OPS,
            "language",
            True,
            tuple(Language.choices),
        ),
        Field(
            "has_administrator", _("Heeft bewindvoerder"), "status", BOOL_OPS, "administrator", tenant=True
        ),
        Field(
            "debt_counselling",
            _("In schuldhulpverlening"),
            "status",
            BOOL_OPS,
            "debt_counselling",
            tenant=True,
        ),
        Field("wsnp", _("In WSNP"), "status", BOOL_OPS, "wsnp", tenant=True),
        Field("deceased", _("Overleden"), "deceased", BOOL_OPS, "deceased_on", tenant=True),
        # A circumstance in force (signalering): which kinds, and how recently the newest one began.
        Field(
            "circumstance",
            _("Omstandigheid"),
            "circumstance",
            ("in",),
            "circumstances__kind__code",
            tenant=True,
            choices=tuple((kind.code, kind.name) for kind in DEFAULT_KINDS),
        ),
        Field(
            "recent_circumstance",
            _("Omstandigheid begonnen (dagen geleden)"),
            "circumstance_days",
            ("lte",),
            "circumstances__starts_on",
            tenant=True,
        ),
        Field("no_voice_calls", _("Geen spraakberichten"), "flag", BOOL_OPS, "no_voice_calls", tenant=True),
        Field("paper_only", _("Alleen post"), "flag", BOOL_OPS, "paper_only", tenant=True),
        Field("no_email", _("Geen e-mail"), "flag", BOOL_OPS, "no_email", tenant=True),
        Field("no_sms", _("Geen SMS"), "flag", BOOL_OPS, "no_sms", tenant=True),
        Field(
            "unit_kind",
            _("Soort eenheid"),
            "choice",
            CHOICE_OPS,
            "unit__kind",
            choices=tuple(UnitKind.choices),
        ),
        Field("complex_code", _("Complex"), "text", TEXT_OPS, "unit__complex_code"),
        Field("neighbourhood", _("Wijk"), "text", TEXT_OPS, "unit__neighbourhood"),
        Field("municipality", _("Gemeente"), "text", TEXT_OPS, "unit__municipality"),
        Field(
            "payment_method",
            _("Betaalwijze"),
            "choice",
            CHOICE_OPS,
            "payment_method",
            choices=tuple(PaymentMethod.choices),
        ),
        Field("contract_ended", _("Contract beëindigd"), "ended", BOOL_OPS, "end_date"),
    )
}

_COMPARE = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}
# "days since a date > n" is "the date is before as_of - n": the comparison turns round.
_MIRRORED = {"eq": "eq", "ne": "ne", "gt": "lt", "gte": "lte", "lt": "gt", "lte": "gte"}


@dataclass(frozen=True)
class Condition:
    field: Field
    op: str
    value: Any  # parsed: Decimal, int, bool, str or a tuple of str

    @classmethod
    def parse(cls, raw: dict) -> "Condition":
        field = FIELDS.get(str(raw.get("field", "")))
        if field is None:
            raise ConditionError(f"onbekend veld: {raw.get('field')!r}")
        op = str(raw.get("op", ""))
        if op not in field.ops:
            raise ConditionError(f"{field.key}: operator {op!r} past niet bij dit veld")
        return cls(field, op, _parse_value(field, op, raw.get("value", "")))

    def as_q(self, as_of: date) -> Q:
        q = self._direct_q(as_of)
        if not self.field.tenant:
            return q
        main = ContractTenant.objects.filter(contract=OuterRef("pk"), role=ContractRole.MAIN)
        return Q(Exists(main.filter(_tenant_filter(q))))

    def _direct_q(self, as_of: date) -> Q:
        f, op, value = self.field, self.op, self.value
        if f.kind in ("number", "percent"):
            number = value / 100 if f.kind == "percent" else value
            q = Q(**{f"{f.path}__{_lookup(op)}": number})
            return ~Q(**{f.path: number}) if op == "ne" else q
        if f.kind in ("days_since", "years_since"):
            boundary = as_of - (
                timedelta(days=int(value)) if f.kind == "days_since" else relativedelta(years=int(value))
            )
            mirrored = _MIRRORED[op]
            q = ~Q(**{f.path: boundary}) if op == "ne" else Q(**{f"{f.path}__{_lookup(mirrored)}": boundary})
            if f.kind == "days_since" and _COMPARE[op](0, int(value)):
                # No overdue item counts as zero days overdue.
                q |= Q(**{f"{f.path}__isnull": True})
            else:
                q &= Q(**{f"{f.path}__isnull": False})
            return q
        if f.kind in ("choice", "text"):
            if op in ("in", "not_in"):
                q = Q(**{f"{f.path}__in": list(value)})
            elif op == "contains":
                return Q(**{f"{f.path}__icontains": value})
            else:
                q = Q(**{f.path: value})
            return ~q if op in ("ne", "not_in") else q
        if f.kind == "circumstance":
            return circumstance_in_force_q(as_of, "circumstances__") & Q(**{f"{f.path}__in": list(value)})
        if f.kind == "circumstance_days":
            since = as_of - timedelta(days=int(value))
            return circumstance_in_force_q(as_of, "circumstances__") & Q(**{f"{f.path}__gte": since})
        if f.kind == "flag":
            return Q(**{f.path: value})
        if f.kind == "status":
            q = period_in_force_q(f.path, as_of)
        elif f.kind == "deceased":
            q = Q(deceased_on__lte=as_of)
        else:  # ended
            q = Q(end_date__lte=as_of)
        return q if value else ~q

    def evaluate(self, facts: dict[str, Any], as_of: date) -> bool:
        """The same condition on one contract's facts (see `flows.selectors.contract_facts`)."""
        f, op, value = self.field, self.op, self.value
        actual = facts.get(f.key)
        if f.kind in ("number", "percent"):
            if actual is None:
                return op == "ne"
            return _COMPARE[op](Decimal(actual), value / 100 if f.kind == "percent" else value)
        if f.kind == "days_since":
            days = 0 if actual is None else (as_of - actual).days
            return _COMPARE[op](days, int(value))
        if f.kind == "circumstance":
            return bool({code for code, _name, _since in actual or ()} & set(value))
        if f.kind == "circumstance_days":
            return any((as_of - since).days <= int(value) for _code, _name, since in actual or ())
        if f.kind == "years_since":
            if actual is None:
                return False
            years = relativedelta(as_of, actual).years
            return _COMPARE[op](years, int(value))
        if f.kind in ("choice", "text"):
            text = actual or ""
            if op in ("in", "not_in"):
                return (text in value) == (op == "in")
            if op == "contains":
                return value.lower() in text.lower()
            return (text == value) == (op == "eq")
        return bool(actual) == value

    def describe(self) -> str:
        shown = ", ".join(self.value) if isinstance(self.value, tuple) else self.value
        if isinstance(shown, bool):
            shown = _("ja") if shown else _("nee")
        return f"{self.field.label} {OPERATOR_LABELS[self.op]} {shown}"


def _tenant_filter(q: Q) -> Q:
    """Rewrites a Q on Tenant fields into one on ContractTenant through `tenant__`."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            clone.children.append(_tenant_filter(child))
        else:
            key, value = child  # type: ignore[misc]
            clone.children.append((f"tenant__{key}", value))
    return clone


def _lookup(op: str) -> str:
    return {"eq": "exact", "ne": "exact", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte"}[op]


def _parse_value(field: Field, op: str, raw: Any) -> Any:
    text = str(raw).strip()
    if field.kind in ("number", "percent", "days_since", "years_since", "circumstance_days"):
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ConditionError(f"{field.key}: {text!r} is geen getal") from None
        if not number.is_finite():
            raise ConditionError(f"{field.key}: {text!r} is geen getal")
        whole = ("days_since", "years_since", "circumstance_days")
        if field.kind in whole and (number != number.to_integral() or number < 0):
            raise ConditionError(f"{field.key}: gebruik een heel aantal dagen of jaren")
        return number
    if op == "is":
        if text.lower() in ("1", "true", "ja", "yes"):
            return True
        if text.lower() in ("0", "false", "nee", "no"):
            return False
        raise ConditionError(f"{field.key}: kies ja of nee")
    if op in ("in", "not_in"):
        values = tuple(part.strip() for part in text.split(",") if part.strip())
        if not values:
            raise ConditionError(f"{field.key}: noem minstens één waarde")
        _check_choices(field, values)
        return values
    if not text:
        raise ConditionError(f"{field.key}: vul een waarde in")
    _check_choices(field, (text,))
    return text


def _check_choices(field: Field, values: Iterable[str]) -> None:
    if not field.choices:
        return
    allowed = {key for key, _label in field.choices}
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ConditionError(
            f"{field.key}: onbekende waarde {', '.join(unknown)}; kies uit {', '.join(sorted(allowed))}"
        )


@dataclass(frozen=True)
class Rule:
    """A segment's conditions with all/any; no conditions matches every contract."""

    conditions: tuple[Condition, ...]
    match: str = "all"

    @classmethod
    def parse(cls, raw_conditions: Iterable[dict], match: str = "all") -> "Rule":
        if match not in ("all", "any"):
            raise ConditionError(f"kies 'all' of 'any', niet {match!r}")
        return cls(tuple(Condition.parse(raw) for raw in raw_conditions), match)

    def as_q(self, as_of: date) -> Q:
        if not self.conditions:
            return Q()
        combine: Callable[[Q, Q], Q] = (lambda a, b: a & b) if self.match == "all" else (lambda a, b: a | b)
        q = self.conditions[0].as_q(as_of)
        for condition in self.conditions[1:]:
            q = combine(q, condition.as_q(as_of))
        return q

    def evaluate(self, facts: dict[str, Any], as_of: date) -> list[tuple[Condition, bool]]:
        return [(condition, condition.evaluate(facts, as_of)) for condition in self.conditions]

    def matches(self, facts: dict[str, Any], as_of: date) -> bool:
        results = [held for _condition, held in self.evaluate(facts, as_of)]
        if not results:
            return True
        return all(results) if self.match == "all" else any(results)


def segment_choice(rules: Sequence[tuple[int, Rule]], as_of: date) -> Expression:
    """The id of the first rule a contract meets, as one CASE over Contract (NULL when none matches).

    `rules` are (segment id, rule) in their order; a rule without conditions takes every contract still
    left, so the rules after it never match. The nightly classification and the count of contracts a
    proposed change would move both use this, so the count is what the night will do.
    """
    whens, default = [], None
    for pk, rule in rules:
        if not rule.conditions:
            default = pk
            break
        whens.append(When(rule.as_q(as_of), then=Value(pk)))
    # Cast: without segments the CASE is a bare NULL, which PostgreSQL would read as text.
    return Cast(Case(*whens, default=Value(default), output_field=BigIntegerField()), BigIntegerField())
