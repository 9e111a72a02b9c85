"""Exporting approved hand-overs: per agency one delivery in the agency's format, kept as sent."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.handovers.dossiers import dossiers_for, letter_render_data
from vangnet.handovers.formats import ExportContext, format_for
from vangnet.handovers.models import (
    ZERO,
    Agency,
    Handover,
    HandoverExport,
    HandoverExportFile,
    HandoverStatus,
    UpdateKind,
)
from vangnet.handovers.proposals import actor_label
from vangnet.handovers.services.common import publish, updates_add
from vangnet.messaging.context import brand_of


@dataclass
class ExportResult:
    exports: list[HandoverExport] = field(default_factory=list)
    handovers: int = 0
    amount: Decimal = ZERO
    files: list[str] = field(default_factory=list)


def handovers_export(
    *, corporation: Corporation, agency: Agency | None, as_of: date, actor: Actor
) -> ExportResult:
    """Every approved hand-over not yet exported (of one agency, or of all), one delivery per agency."""
    approved = Handover.objects.filter(corporation=corporation, status=HandoverStatus.APPROVED)
    if agency is not None:
        approved = approved.filter(agency=agency)
    handovers = list(
        approved.select_related("contract__unit", "agency", "corporation").order_by("agency_id", "pk")
    )
    result = ExportResult()
    by_agency: dict[int, list[Handover]] = {}
    for handover in handovers:
        by_agency.setdefault(handover.agency_id, []).append(handover)  # type: ignore[arg-type]
    brand = brand_of(corporation)
    by = actor_label(actor)
    with transaction.atomic():
        for group in by_agency.values():
            target = group[0].agency
            assert target is not None
            export = HandoverExport.objects.create(
                corporation=corporation,
                agency=target,
                as_of=as_of,
                created_by=by[:150],
                amount=sum((h.amount for h in group), ZERO),
            )
            export.handovers.set(group)
            letters = letter_render_data(group)
            context = ExportContext(
                agency=target,
                as_of=as_of,
                corporation=corporation.name,
                stem=f"overdracht-{target.slug}-{as_of.isoformat()}-{export.pk}",
                letters={h.number: letters[h.contract_id] for h in group if h.contract_id in letters},
                brand=brand,
            )
            files = format_for(target.export_format).files(dossiers_for(group, as_of=as_of), context)
            HandoverExportFile.objects.bulk_create(
                [
                    HandoverExportFile(
                        corporation=corporation,
                        export=export,
                        name=f.name,
                        content_type=f.content_type,
                        content=f.content,
                    )
                    for f in files
                ]
            )
            for handover in group:
                handover.status, handover.exported_on = HandoverStatus.EXPORTED, as_of
            Handover.objects.bulk_update(group, ["status", "exported_on"])
            updates_add(group, kind=UpdateKind.EXPORTED, on=as_of, by=by, note=target.name)
            publish(corporation, "handover.exported", group)
            result.exports.append(export)
            result.handovers += len(group)
            result.amount += export.amount
            result.files += [f.name for f in files]
        if result.handovers:
            log_action(
                corporation=corporation,
                actor=actor,
                action="handovers.exported",
                data={"handovers": result.handovers, "files": result.files[:50]},
            )
    return result
