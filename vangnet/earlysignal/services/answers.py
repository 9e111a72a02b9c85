"""The municipality's answer to a signal, by hand or from a file; "help accepted" holds the dunning.

A file is checked whole before anything is written: one bad row rejects it with every error, and nothing
changes (docs/early-signals.md describes the format).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.db import transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.earlysignal.models import Answer, BatchStatus, Signal
from vangnet.flows.holds import hold_create

# The answers as written in a file (Dutch, as the municipality's people write them) and as stored.
FILE_ANSWERS: dict[str, str] = {
    "contact_gelegd": Answer.CONTACT_MADE,
    "hulp_geaccepteerd": Answer.HELP_ACCEPTED,
    "hulp_geweigerd": Answer.HELP_REFUSED,
}
COLUMNS = ("ID", "datum", "reactie", "herbeoordelen_op", "toelichting")
REVIEW_MONTHS = 3


def answer_register(
    *,
    signal: Signal,
    answer: str,
    answered_on: date,
    as_of: date,
    actor: Actor,
    note: str = "",
    review_on: date | None = None,
) -> Signal:
    """Record the answer; help accepted puts the contract on a debt-help hold until the review date."""
    if answer not in Answer.values:
        raise ApplicationError("Kies de reactie van de gemeente.")
    if signal.batch.status != BatchStatus.RELEASED:
        raise ApplicationError("Dit signaal is nog niet verstuurd.")
    if answered_on > as_of:
        raise ApplicationError("De datum van de reactie ligt in de toekomst.")
    if answered_on < signal.signal_date:
        raise ApplicationError("De datum van de reactie ligt vóór de signaaldatum.")
    if review_on is not None and review_on < answered_on:
        raise ApplicationError("De datum voor herbeoordelen ligt vóór de reactie.")
    with transaction.atomic():
        signal.answer, signal.answered_on, signal.answer_note = answer, answered_on, note.strip()[:500]
        signal.save(update_fields=["answer", "answered_on", "answer_note"])
        if answer == Answer.HELP_ACCEPTED:
            hold_create(
                contract=signal.contract,
                reason=f"Schuldhulp via de gemeente {signal.municipality.name} geaccepteerd (vroegsignalering).",
                starts_on=answered_on,
                review_on=review_on or answered_on + relativedelta(months=REVIEW_MONTHS),
                ends_on=None,
                owner=actor if isinstance(actor, User) else None,
                actor=actor,
            )
        log_action(
            corporation=signal.corporation,
            actor=actor,
            action="earlysignal.answer_registered",
            obj=signal,
            data={"answer": answer, "on": answered_on.isoformat()},
            tenant_id=signal.tenant_id,
        )
    return signal


@dataclass
class ImportResult:
    rows: int = 0
    answers: dict[str, int] = field(default_factory=dict)
    holds: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rows": self.rows, "answers": self.answers, "holds": self.holds, "errors": self.errors}


def _day(value: str, line: int, column: str, errors: list[str], required: bool) -> date | None:
    value = value.strip()
    if not value:
        if required:
            errors.append(f"Regel {line}, {column}: vul een datum in (JJJJ-MM-DD).")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"Regel {line}, {column}: '{value}' is geen datum (JJJJ-MM-DD).")
        return None


def answers_import(*, corporation: Corporation, content: bytes, as_of: date, actor: Actor) -> ImportResult:
    """Import a municipality's answers; every error of the file or nothing written."""
    result = ImportResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("Het bestand is geen tekst in UTF-8.")
        return result
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [column for column in COLUMNS[:3] if column not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(f"Kolommen ontbreken: {', '.join(missing)}.")
        return result
    parsed: list[tuple[int, str, str, date, date | None, str]] = []
    for line, row in enumerate(reader, start=2):
        result.rows += 1
        reference = (row.get("ID") or "").strip()
        answer = FILE_ANSWERS.get((row.get("reactie") or "").strip().lower())
        if answer is None:
            result.errors.append(
                f"Regel {line}, reactie: '{row.get('reactie') or ''}' is niet een van {', '.join(FILE_ANSWERS)}."
            )
        answered_on = _day(row.get("datum") or "", line, "datum", result.errors, required=True)
        review_on = _day(
            row.get("herbeoordelen_op") or "", line, "herbeoordelen_op", result.errors, required=False
        )
        try:
            UUID(reference)
        except ValueError:
            result.errors.append(f"Regel {line}, ID: '{reference}' is geen signaal-ID.")
            continue
        if answer and answered_on:
            parsed.append(
                (line, reference, answer, answered_on, review_on, (row.get("toelichting") or "").strip())
            )
    if not result.rows:
        result.errors.append("Het bestand heeft geen regels.")
    signals = Signal.objects.select_related("batch", "municipality", "contract", "corporation").in_bulk(
        [row[1] for row in parsed], field_name="reference"
    )
    signals = {str(key): value for key, value in signals.items() if value.corporation_id == corporation.pk}
    for line, reference, *_ in parsed:
        if reference not in signals:
            result.errors.append(f"Regel {line}, ID: signaal {reference} is niet van deze corporatie bekend.")
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for line, reference, given, answered_on, review_on, note in parsed:
                try:
                    answer_register(
                        signal=signals[reference],
                        answer=given,
                        answered_on=answered_on,
                        review_on=review_on,
                        note=note,
                        as_of=as_of,
                        actor=actor,
                    )
                except ApplicationError as error:
                    result.errors.append(f"Regel {line}: {error.message}")
            if result.errors:
                raise ApplicationError("rejected")
    except ApplicationError:
        return result
    for _line, _reference, given, *_rest in parsed:
        result.answers[given] = result.answers.get(given, 0) + 1
    result.holds = result.answers.get(Answer.HELP_ACCEPTED, 0)
    return result
