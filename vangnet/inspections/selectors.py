"""Reads for the inspector's screen, the case pages and the portal (each a fixed number of queries)."""

from vangnet.cases.models import Case
from vangnet.core.models import Corporation
from vangnet.inspections.models import Decision, Inspection, Modification, Termination
from vangnet.ledger.models import Unit


def open_inspections(*, corporation: Corporation) -> list[Inspection]:
    return list(
        Inspection.objects.filter(corporation=corporation, done_at__isnull=True)
        .select_related("case", "unit", "booking")
        .order_by("booking__start", "pk")
    )


def inspection(*, corporation: Corporation, pk: int) -> Inspection | None:
    return (
        Inspection.objects.filter(corporation=corporation, pk=pk)
        .select_related("case", "case__tenant", "unit", "booking")
        .prefetch_related("defects")
        .first()
    )


def unit_modifications(*, unit: Unit) -> list[Modification]:
    """What tenants were allowed to change in this home: the end inspection shows it."""
    return list(
        Modification.objects.filter(unit=unit, decision__in=[Decision.ALLOWED, Decision.CONDITIONS]).order_by(
            "decided_on"
        )
    )


def case_termination(*, case: Case) -> Termination | None:
    return Termination.objects.filter(case=case).first()


def case_modification(*, case: Case) -> Modification | None:
    return Modification.objects.filter(case=case).select_related("unit").first()


def case_inspections(*, case_id: int) -> list[Inspection]:
    return list(Inspection.objects.filter(case_id=case_id).select_related("booking").order_by("pk"))
