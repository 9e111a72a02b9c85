"""VeraJsonSource: the import source that streams the VERA files and maps each object to rows."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

import ijson

from vangnet.core import clock
from vangnet.ledger.importing.schema import ENTITIES, Entity
from vangnet.ledger.importing.sources import SourceError
from vangnet.ledger.importing.vera.bookings import (
    arrangement_rows,
    installment_rows,
    ledger_rows,
    promise_rows,
)
from vangnet.ledger.importing.vera.codes import FILE_OF, VERA_FILES, Obj, Row
from vangnet.ledger.importing.vera.contracts import contract_rows, contract_tenant_rows, unit_rows
from vangnet.ledger.importing.vera.relations import administrators_of, tenant_rows
from vangnet.ledger.importing.vera.signals import circumstance_rows
from vangnet.ledger.importing.vera.values import Invalid


def first_line(exc: Exception) -> str:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return str(message).strip().splitlines()[0] if str(message).strip() else type(exc).__name__


def open_array(fh: IO[bytes], file: str) -> None:
    """Position fh on the opening bracket: ijson would silently yield nothing for a top-level object."""
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    while True:
        char = fh.read(1)
        if not char:
            raise SourceError(file, "bestand is leeg", "file is empty")
        if char not in b" \t\r\n":
            break
    if char != b"[":
        raise SourceError(
            file,
            "verwacht een JSON-lijst van objecten: [ {...}, {...} ]",
            "expected a JSON array of objects: [ {...}, {...} ]",
        )
    fh.seek(fh.tell() - 1)


class VeraJsonSource:
    """A directory (or a list of files) holding VERA JSON files; absent files are simply not imported.

    Rows are numbered by the object's position in its JSON array (1 is the first object). A column that is
    empty for every object of a file is left out of the header, so the importer keeps what Vangnet already
    has there, exactly as when a CSV delivery omits that column.
    """

    format = "vera"

    def __init__(self, paths: list[Path], *, today: date | None = None) -> None:
        files: dict[str, Path] = {}
        for path in paths:
            candidates = sorted(path.glob("*.json")) if path.is_dir() else [path]
            for candidate in candidates:
                if candidate.name not in VERA_FILES:
                    expected = ", ".join(VERA_FILES)
                    raise SourceError(
                        candidate.name,
                        f"onbekend bestand; verwacht {expected}",
                        f"unknown file; expected {expected}",
                    )
                files[candidate.name] = candidate
        if not files:
            where = ", ".join(str(p) for p in paths)
            raise SourceError(where, "geen VERA JSON-bestanden gevonden", "no VERA JSON files found")
        self._files = files
        self._today = (today or clock.today()).isoformat()
        self._headers: dict[str, list[str]] = {}
        self._administrators: dict[str, Row] | None = None

    @property
    def file_names(self) -> list[str]:
        return [file for file in VERA_FILES if file in self._files]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for file in self.file_names:
            digest.update(file.encode())
            with self._files[file].open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        return digest.hexdigest()

    def entities(self) -> list[Entity]:
        return [e for e in ENTITIES if FILE_OF.get(e.name) in self._files]

    def file_for(self, entity: Entity) -> str:
        return FILE_OF[entity.name]

    def header(self, entity: Entity) -> list[str]:
        if entity.name not in self._headers:
            used = {c.name for c in entity.columns if c.required}
            for _, row in self._mapped(entity):
                used.update(column for column, value in row.items() if value)
            self._headers[entity.name] = [c.name for c in entity.columns if c.name in used]
        return self._headers[entity.name]

    def rows(self, entity: Entity) -> Iterator[tuple[int, list[str]]]:
        header = self.header(entity)
        for number, row in self._mapped(entity):
            yield number, [row.get(column, "") for column in header]

    def raw_csv(self, entity: Entity) -> IO[bytes] | None:
        return None

    # One VERA file feeds several entities; each entity streams its file once more.
    def _mapped(self, entity: Entity) -> Iterator[tuple[int, Row]]:
        administrators = self._administrator_index() if entity.name == "tenants" else {}
        mappers: dict[str, Callable[[Obj], Iterable[Row]]] = {
            "tenants": lambda o: tenant_rows(o, self._today, administrators),
            "units": unit_rows,
            "contracts": lambda o: contract_rows(o, self._today),
            "contract_tenants": contract_tenant_rows,
            "ledger_entries": ledger_rows,
            "arrangements": arrangement_rows,
            "arrangement_installments": installment_rows,
            "promises": promise_rows,
            "circumstances": circumstance_rows,
        }
        yield from self._each(FILE_OF[entity.name], mappers[entity.name])

    def _administrator_index(self) -> dict[str, Row]:
        """Bewindvoerders are relaties of their own: one pass collects them per tenant before tenants map."""
        if self._administrators is None:
            found: dict[str, Row] = {}
            for _, (tenant, columns) in self._each(
                "relaties.json", lambda o: administrators_of(o, self._today)
            ):
                current = found.get(tenant)
                if current is None or current["administrator_since"] <= columns["administrator_since"]:
                    found[tenant] = columns
            self._administrators = found
        return self._administrators

    def _each[T](self, file: str, mapper: Callable[[Obj], Iterable[T]]) -> Iterator[tuple[int, T]]:
        for number, obj in self._objects(file):
            try:
                results = list(mapper(obj))
            except Invalid as exc:
                raise SourceError(
                    file,
                    f"object {number}, veld {exc.field}: {exc.reason_nl}",
                    f"object {number}, field {exc.field}: {exc.reason_en}",
                ) from exc
            for result in results:
                yield number, result

    def _objects(self, file: str) -> Iterator[tuple[int, Obj]]:
        number = 0
        try:
            with self._files[file].open("rb") as fh:
                open_array(fh, file)
                for number, obj in enumerate(ijson.items(fh, "item"), start=1):
                    if not isinstance(obj, dict):
                        raise SourceError(
                            file,
                            f"object {number} is geen JSON-object",
                            f"object {number} is not a JSON object",
                        )
                    yield number, obj
        except ijson.JSONError as exc:
            raise SourceError(
                file,
                f"ongeldige JSON na object {number}: {first_line(exc)}",
                f"invalid JSON after object {number}: {first_line(exc)}",
            ) from exc
