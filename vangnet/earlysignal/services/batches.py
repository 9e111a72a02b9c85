"""The month's batch: prepared by the command (or a colleague), checked again and released by a colleague.

Preparing replaces the one draft batch with who may be signalled today and who is left out and why.
Releasing runs the same check again at that moment (an objection or a payment since the preparation takes
the tenant out), freezes the batch, writes one file per municipality in its format and delivers it the
way the municipality chose. No signal is written anywhere but here, and only for a tenant whose four
preconditions hold, who did not object and whose municipality agreed (selectors.signal_candidates).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.earlysignal import delivery, formats
from vangnet.earlysignal.models import BatchStatus, Signal, SignalBatch, SignalFile
from vangnet.earlysignal.selectors import Assessment, Candidate, signal_candidates
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant

PARTNER_TYPE = "Huur"


@dataclass
class PrepareResult:
    as_of: date
    eligible: int
    signalled: int
    blocked: dict[str, int]
    municipalities: dict[str, dict]
    batch_id: int | None = None
    dry_run: bool = False
    left_out: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "eligible": self.eligible,
            "signalled": self.signalled,
            "blocked": self.blocked,
            "municipalities": self.municipalities,
            "batch": self.batch_id,
        }


def _municipalities(assessment: Assessment) -> dict[str, dict]:
    summary: dict[str, dict] = {}
    for name, municipality in sorted(assessment.municipalities.items()):
        summary[municipality.name if municipality else name] = {
            "agreed": bool(municipality and municipality.agreed),
            "delivery": municipality.delivery if municipality and municipality.agreed else None,
            "signals": 0,
            "left_out": 0,
        }
    for candidate in assessment.candidates:
        summary[candidate.municipality]["signals" if candidate.eligible else "left_out"] += 1
    return summary


def _left_out_row(candidate: Candidate) -> dict:
    return {
        "tenant_id": candidate.tenant_id,
        "tenant": candidate.tenant_name,
        "contract": candidate.contract_number,
        "municipality": candidate.municipality,
        "amount": str(candidate.amount),
        "reasons": candidate.blocks,
    }


def _payload(candidate: Candidate, tenant: Tenant, contract: Contract, signal: Signal, sender: str) -> dict:
    unit = contract.unit
    return {
        "ID": str(signal.reference),
        "signaaldatum": signal.signal_date.isoformat(),
        "ontstaansdatum": candidate.arrears_since.isoformat(),
        "bedrag": str(candidate.amount),
        "signaalpartner": {"type": PARTNER_TYPE, "naam": sender},
        "herhaalsignaal": candidate.repeat,
        "contractnummer": contract.source_id,
        "client": {
            "Voorletters": tenant.initials,
            "Voornaam": tenant.first_name,
            "Voorvoegsel": tenant.name_prefix,
            "Achternaam": tenant.last_name or tenant.organisation_name,
            "Geboortedatum": tenant.birth_date.isoformat() if tenant.birth_date else "",
            "Straatnaam": unit.street,
            "Huisnummer": unit.house_number,
            "Huisnummertoevoeging": unit.house_number_suffix,
            "Postcode": unit.postcode,
            "Plaatsnaam": unit.city,
            "Gemeente": unit.municipality,
            "Telefoonnummer": tenant.phone_mobile or tenant.phone_home,
            "Emailadres": tenant.email,
        },
    }


def _fill(batch: SignalBatch, assessment: Assessment, corporation: Corporation) -> int:
    eligible = assessment.eligible
    contracts = Contract.objects.select_related("unit").in_bulk([c.contract_id for c in eligible])
    tenants = Tenant.objects.in_bulk([c.tenant_id for c in eligible])
    signals = []
    for candidate in eligible:
        signal = Signal(
            corporation=corporation,
            batch=batch,
            municipality_id=candidate.municipality_id,
            contract_id=candidate.contract_id,
            tenant_id=candidate.tenant_id,
            amount=candidate.amount,
            arrears_since=candidate.arrears_since,
            signal_date=assessment.as_of,
            repeat=candidate.repeat,
            evidence=[check.as_dict() for check in candidate.checks],
        )
        signal.payload = _payload(
            candidate,
            tenants[candidate.tenant_id],
            contracts[candidate.contract_id],
            signal,
            corporation.name,
        )
        signals.append(signal)
    Signal.objects.bulk_create(signals)
    return len(signals)


def batch_prepare(
    *, corporation: Corporation, as_of: date, actor: Actor, dry_run: bool = False
) -> PrepareResult:
    """Who may be signalled on as_of; without dry_run the draft batch is (re)filled with them."""
    assessment = signal_candidates(corporation=corporation, as_of=as_of)
    result = PrepareResult(
        as_of=as_of,
        eligible=len(assessment.eligible),
        signalled=0,
        blocked=assessment.blocked(),
        municipalities=_municipalities(assessment),
        dry_run=dry_run,
        left_out=[_left_out_row(candidate) for candidate in assessment.left_out],
    )
    if dry_run:
        return result
    with transaction.atomic():
        batch = _refill(corporation, as_of, assessment, actor)
        result.batch_id, result.signalled = batch.pk, batch.signals.count()
        log_action(
            corporation=corporation,
            actor=actor,
            action="earlysignal.batch_prepared",
            obj=batch,
            data={"eligible": result.eligible, "blocked": result.blocked},
        )
    return result


def _refill(corporation: Corporation, as_of: date, assessment: Assessment, actor: Actor) -> SignalBatch:
    batch = (
        SignalBatch.objects.select_for_update()
        .filter(corporation=corporation, status=BatchStatus.DRAFT)
        .first()
    )
    if batch is None:
        batch = SignalBatch(corporation=corporation)
    batch.as_of = as_of
    batch.left_out = [_left_out_row(candidate) for candidate in assessment.left_out]
    batch.prepared_by, batch.prepared_at = actor_label(actor), clock.now()
    batch.save()
    batch.signals.all().delete()
    _fill(batch, assessment, corporation)
    return batch


def batch_release(*, batch: SignalBatch, as_of: date, actor: Actor) -> SignalBatch:
    """Check again, freeze, write a file per municipality and deliver each the municipality's way."""
    if batch.status != BatchStatus.DRAFT:
        raise ApplicationError("Deze batch is al verstuurd.")
    corporation = batch.corporation
    with transaction.atomic():
        assessment = signal_candidates(corporation=corporation, as_of=as_of)
        batch = _refill(corporation, as_of, assessment, actor)
        signals = list(batch.signals.select_related("municipality"))
        if not signals:
            raise ApplicationError("Er is niemand om te melden: de batch is niet verstuurd.")
        by_municipality = defaultdict(list)
        for signal in signals:
            by_municipality[signal.municipality].append(signal)
        files = []
        for municipality, group in sorted(by_municipality.items(), key=lambda item: item[0].name):
            fmt = formats.get(municipality.file_format)
            files.append(
                SignalFile(
                    corporation=corporation,
                    batch=batch,
                    municipality=municipality,
                    file_format=fmt.code,
                    filename=f"vroegsignalering-{corporation.slug}-{municipality.name.lower().replace(' ', '-')}-{as_of:%Y%m%d}.{fmt.extension}",
                    content=fmt.render(
                        signals=[s.payload for s in group],
                        corporation=corporation.name,
                        municipality=municipality.name,
                    ),
                    signals=len(group),
                    delivery=municipality.delivery,
                )
            )
        SignalFile.objects.bulk_create(files)
        batch.status, batch.released_by, batch.released_at = (
            BatchStatus.RELEASED,
            actor_label(actor),
            clock.now(),
        )
        batch.save(update_fields=["status", "released_by", "released_at"])
        log_action(
            corporation=corporation,
            actor=actor,
            action="earlysignal.batch_released",
            obj=batch,
            data={"signals": len(signals), "municipalities": [f.municipality.name for f in files]},
        )
    # Delivery talks to mail servers and municipal APIs: after the batch is committed, never inside it.
    for file in SignalFile.objects.filter(batch=batch).select_related("municipality", "corporation"):
        outcome = delivery.get(file.delivery).deliver(file, file.municipality)
        file.status, file.status_note = outcome.status, outcome.note
        file.save(update_fields=["status", "status_note"])
    return batch
