"""References the database does not enforce, verified set-based: `vangnet check_integrity` and its weekly task.

Some foreign keys are declared `db_constraint=False` (the ledger's reference to its contract, links between
entries, the corporation of the largest tables): the import checks them once in its validation join instead
of per row at commit. This module finds every such reference in Django's app registry and verifies each with
one statement: rows whose reference points at no row (an orphan), and rows whose reference points at a row
of another corporation (both tables scoped by corporation). It reads only, so it may run at any time.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import ForeignKey, Model

SAMPLE_IDS = 5


@dataclass(frozen=True)
class Reference:
    """One unenforced reference: `table.column` → `target_table.target_column`."""

    model: type[Model]
    column: str
    target: type[Model]
    target_column: str
    same_corporation: bool

    @property
    def name(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"


@dataclass
class Finding:
    reference: str
    target: str
    orphans: int = 0
    other_corporation: int = 0
    sample_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "reference": self.reference,
            "target": self.target,
            "orphans": self.orphans,
            "other_corporation": self.other_corporation,
            "sample_ids": self.sample_ids,
        }


def unenforced_references() -> list[Reference]:
    """Every foreign key of our own models that has no constraint in the database, in a stable order."""
    references = []
    for model in apps.get_models():
        if not model.__module__.startswith("vangnet.") or model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, ForeignKey) or getattr(model_field, "db_constraint", True):
                continue
            target = model_field.related_model
            assert isinstance(target, type)  # a concrete foreign key always resolves to a model class
            references.append(
                Reference(
                    model=model,
                    column=model_field.column,
                    target=target,
                    target_column=str(model_field.target_field.column),
                    same_corporation=model_field.name != "corporation"
                    and _has_corporation(model)
                    and _has_corporation(target),
                )
            )
    return sorted(references, key=lambda r: r.name)


def _has_corporation(model: type[Model]) -> bool:
    return any(f.name == "corporation" and isinstance(f, ForeignKey) for f in model._meta.concrete_fields)


def integrity_check() -> dict:
    """Counts orphans per unenforced reference (one statement each, a second only for a few ids)."""
    findings = []
    references = unenforced_references()
    with connection.cursor() as cursor:
        for reference in references:
            finding = _check(cursor, reference)
            if finding.orphans or finding.other_corporation:
                findings.append(finding)
    return {
        "references": len(references),
        "problems": sum(f.orphans + f.other_corporation for f in findings),
        "findings": [f.as_dict() for f in findings],
    }


def _check(cursor, reference: Reference) -> Finding:
    source = reference.model._meta.db_table
    target = reference.target._meta.db_table
    pk = reference.model._meta.pk.column
    joined = (
        f"FROM {source} s LEFT JOIN {target} t ON t.{reference.target_column} = s.{reference.column} "
        f"WHERE s.{reference.column} IS NOT NULL"
    )
    elsewhere = (
        "t.corporation_id IS NOT NULL AND t.corporation_id <> s.corporation_id"
        if reference.same_corporation
        else "1 = 0"
    )
    problem = f"t.{reference.target_column} IS NULL OR ({elsewhere})"
    cursor.execute(
        f"SELECT COALESCE(SUM(CASE WHEN t.{reference.target_column} IS NULL THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {elsewhere} THEN 1 ELSE 0 END), 0) {joined}"
    )
    orphans, other_corporation = (int(v) for v in cursor.fetchone())
    finding = Finding(reference.name, target, orphans, other_corporation)
    if orphans or other_corporation:
        cursor.execute(f"SELECT s.{pk} {joined} AND ({problem}) ORDER BY s.{pk} LIMIT {SAMPLE_IDS}")
        finding.sample_ids = [row[0] for row in cursor.fetchall()]
    return finding
