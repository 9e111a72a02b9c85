"""Reads of tenants. tenant_search finds a tenant the way a credit manager types it.

The scoped manager limits every query to the active corporation. Contract fields are reached through the
reverse relations (`contracts`, `parties`), so this module does not import the ledger app.
"""

import re
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Sum, When
from django.db.models.functions import Lower

from vangnet.tenants.models import Tenant, TenantKind

POSTCODE = re.compile(r"^(\d{4})\s?([a-zA-Z]{2})$")
# "1234 AB 12", "1234AB 12-a", "1234ab12 b": a postcode followed by a house number and optional suffix.
POSTCODE_HOUSE = re.compile(r"^(\d{4})\s?([a-zA-Z]{2})[\s,]*(\d{1,5})[\s\-]*([a-zA-Z0-9]{0,4})$")
# A betalingskenmerk is often written in groups: "1234 5678 9012 3456" or "1234-5678-9012-3456".
GROUPED_DIGITS = re.compile(r"^\d+(?:[\s.\-]\d+)+$")
MIN_REFERENCE_DIGITS = 7
MAX_TERMS = 6


@dataclass(frozen=True)
class SearchTerms:
    postcode: str = ""
    house_number: str = ""
    house_number_suffix: str = ""
    digits: str = ""
    words: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.postcode or self.digits or self.words)


def normalise_postcode(value: str) -> str:
    """'1234 ab' -> '1234AB'; anything that is not a Dutch postcode is returned stripped and upper-cased."""
    match = POSTCODE.match(value.strip())
    if match is None:
        return value.strip().upper()
    return f"{match[1]}{match[2].upper()}"


def postcode_variants(postcode: str) -> list[str]:
    """The spellings a normalised postcode is stored under, so the (corporation, postcode) index is used."""
    digits, letters = postcode[:4], postcode[4:]
    return [
        f"{digits}{letters}",
        f"{digits} {letters}",
        f"{digits}{letters.lower()}",
        f"{digits} {letters.lower()}",
    ]


def parse_query(query: str) -> SearchTerms:
    text = " ".join(query.split())
    if not text:
        return SearchTerms()
    if match := POSTCODE.match(text):
        return SearchTerms(postcode=f"{match[1]}{match[2].upper()}")
    if match := POSTCODE_HOUSE.match(text):
        return SearchTerms(
            postcode=f"{match[1]}{match[2].upper()}", house_number=match[3], house_number_suffix=match[4]
        )
    if GROUPED_DIGITS.match(text) and len(digits := re.sub(r"\D", "", text)) >= MIN_REFERENCE_DIGITS:
        return SearchTerms(digits=digits)
    # A postcode typed with a space inside a longer query ("Jansen 1234 AB") stays one word.
    text = re.sub(r"\b(\d{4})\s([a-zA-Z]{2})\b", r"\1\2", text)
    return SearchTerms(words=tuple(text.split(" ")[:MAX_TERMS]))


def _word_parts(word: str) -> tuple[Q, Q]:
    """A word in the tenant's own fields, and in their contracts' fields. Kept apart, so that neither side's
    (trigram) indexes are lost in an OR across a join."""
    own = (
        Q(last_name__icontains=word)
        | Q(first_name__icontains=word)
        | Q(name_prefix__icontains=word)
        | Q(organisation_name__icontains=word)
        | Q(street__icontains=word)
        | Q(city__icontains=word)
        | Q(source_id__iexact=word)
    )
    contract = Q(contracts__unit__street__icontains=word) | Q(contracts__source_id__iexact=word)
    if POSTCODE.match(word):
        variants = postcode_variants(normalise_postcode(word))
        own |= Q(postcode__in=variants)
        contract |= Q(contracts__unit__postcode__in=variants)
    if word.isdigit():
        own |= Q(house_number=word)
        contract |= Q(contracts__unit__house_number=word) | Q(contracts__payment_reference=word)
    return own, contract


def _word_condition(word: str) -> Q:
    own, contract = _word_parts(word)
    return own | contract


def _terms_condition(terms: SearchTerms) -> Q:
    if terms.postcode:
        variants = postcode_variants(terms.postcode)
        own = Q(postcode__in=variants)
        unit = Q(contracts__unit__postcode__in=variants)
        if terms.house_number:
            own &= Q(house_number=terms.house_number)
            unit &= Q(contracts__unit__house_number=terms.house_number)
            if terms.house_number_suffix:
                own &= Q(house_number_suffix__iexact=terms.house_number_suffix)
                unit &= Q(contracts__unit__house_number_suffix__iexact=terms.house_number_suffix)
        return own | unit
    if terms.digits:
        return Q(contracts__payment_reference=terms.digits) | Q(contracts__source_id=terms.digits)
    condition = Q()
    for word in terms.words:
        condition &= _word_condition(word)
    return condition


# Up to this many matches are fetched as ids first; the page then joins only them. A broader query ("a")
# falls back to one subquery, slower but still correct.
MATCH_IDS_LIMIT = 5000


def _matching(terms: SearchTerms) -> QuerySet | list[int]:
    """The matching tenants' ids: a list when there are few (one indexed query per word), else a queryset."""
    if terms.postcode or terms.digits:
        return Tenant.objects.filter(_terms_condition(terms)).values("pk")
    ids: set[int] | None = None
    for word in terms.words:
        own, contract = _word_parts(word)
        found = set(Tenant.objects.filter(own).values_list("pk", flat=True)[: MATCH_IDS_LIMIT + 1])
        found |= set(Tenant.objects.filter(contract).values_list("pk", flat=True)[: MATCH_IDS_LIMIT + 1])
        ids = found if ids is None else ids & found
        if len(found) > MATCH_IDS_LIMIT and len(ids) > MATCH_IDS_LIMIT:
            return Tenant.objects.filter(_terms_condition(terms)).values("pk")
    return sorted(ids or ())


def tenant_search(*, query: str) -> QuerySet[Tenant]:
    """Tenants matching a name, address, postcode (with or without space), house number, contract number
    or payment reference. Every word must match somewhere. Ordered by name.

    Four queries whatever the number of hits when paginated: the matching ids, count, page, contracts of
    the page. Each result carries `overdue_amount`: the sum over its contracts' stored standing.
    """
    terms = parse_query(query)
    if not terms:
        return Tenant.objects.none()
    return (
        Tenant.objects.filter(pk__in=_matching(terms))
        .annotate(
            sort_name=Lower(
                Case(
                    When(kind=TenantKind.ORGANISATION, then="organisation_name"),
                    default="last_name",
                )
            ),
            overdue_amount=Sum("contracts__standing__overdue_amount"),
        )
        .order_by("sort_name", "first_name", "pk")
        .prefetch_related("contracts")
    )


def attach_tenants(rows: list, *, key: str = "tenant_pk") -> None:
    """Set `row.tenant` from the tenant id annotated as `key`: one query for a whole list."""
    tenants = Tenant.objects.in_bulk({getattr(row, key) for row in rows if getattr(row, key, None)})
    for row in rows:
        row.tenant = tenants.get(getattr(row, key, None))
