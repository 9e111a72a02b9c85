"""Where import rows come from: a set of CSV files, VERA JSON, or rows posted to the API.

A source only reads; it never validates (the importer does that, the same way for every source). Rows are
streamed so a file of millions of lines is never held in memory.
"""

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from vangnet.ledger.importing.schema import BY_NAME, ENTITIES, Entity


class SourceError(Exception):
    """The source cannot be read at all (missing file, unknown columns, not UTF-8 ...)."""

    def __init__(self, file: str, reason_nl: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.file = file
        self.reason_nl = reason_nl
        self.reason_en = reason_en


class ImportSource(Protocol):
    format: str

    @property
    def file_names(self) -> list[str]: ...

    def sha256(self) -> str: ...

    def entities(self) -> list[Entity]:
        """The entities this source carries, in dependency order."""
        ...

    def file_for(self, entity: Entity) -> str:
        """The file name that error reports name for this entity."""
        ...

    def header(self, entity: Entity) -> list[str]:
        """The canonical column names, in the order rows() yields their values."""
        ...

    def rows(self, entity: Entity) -> Iterator[tuple[int, list[str]]]:
        """(row number as a person counts it in the file, values in header order)."""
        ...

    def raw_csv(self, entity: Entity) -> IO[bytes] | None:
        """A UTF-8 CSV stream whose first line is the header, for PostgreSQL's COPY; None if not plain CSV."""
        ...


def check_header(file: str, entity: Entity, header: list[str]) -> list[str]:
    names = [h.strip() for h in header]
    unknown = [h for h in names if h not in entity.column_names]
    if unknown:
        raise SourceError(
            file,
            f"onbekende kolommen: {', '.join(unknown)}",
            f"unknown columns: {', '.join(unknown)}",
        )
    missing = [c.name for c in entity.columns if c.required and c.name not in names]
    if missing:
        raise SourceError(
            file,
            f"verplichte kolommen ontbreken: {', '.join(missing)}",
            f"required columns missing: {', '.join(missing)}",
        )
    duplicated = sorted({h for h in names if names.count(h) > 1})
    if duplicated:
        raise SourceError(
            file, f"dubbele kolommen: {', '.join(duplicated)}", f"duplicate columns: {', '.join(duplicated)}"
        )
    return names


class CsvSetSource:
    """A directory (or a list of files) holding <entity>.csv files; absent entities are simply not imported."""

    format = "csv"

    def __init__(self, paths: list[Path]) -> None:
        files: dict[str, Path] = {}
        for path in paths:
            candidates = sorted(path.glob("*.csv")) if path.is_dir() else [path]
            for candidate in candidates:
                entity = BY_NAME.get(candidate.stem)
                if entity is None:
                    raise SourceError(
                        candidate.name,
                        "onbekend bestand; verwacht " + ", ".join(e.file_name for e in ENTITIES),
                        "unknown file; expected " + ", ".join(e.file_name for e in ENTITIES),
                    )
                files[entity.name] = candidate
        if not files:
            where = ", ".join(str(p) for p in paths)
            raise SourceError(where, "geen CSV-bestanden gevonden", "no CSV files found")
        self._files = files
        self._headers: dict[str, list[str]] = {}

    @property
    def file_names(self) -> list[str]:
        return [self._files[e.name].name for e in self.entities()]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for entity in self.entities():
            digest.update(entity.name.encode())
            with self._files[entity.name].open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        return digest.hexdigest()

    def entities(self) -> list[Entity]:
        return [e for e in ENTITIES if e.name in self._files]

    def file_for(self, entity: Entity) -> str:
        return self._files[entity.name].name

    def _open_text(self, entity: Entity) -> IO[str]:
        return self._files[entity.name].open("r", encoding="utf-8-sig", newline="")

    def header(self, entity: Entity) -> list[str]:
        if entity.name not in self._headers:
            try:
                with self._open_text(entity) as fh:
                    first = next(csv.reader(fh), None)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    self.file_for(entity), "bestand is geen UTF-8", "file is not UTF-8"
                ) from exc
            if first is None:
                raise SourceError(self.file_for(entity), "bestand is leeg", "file is empty")
            self._headers[entity.name] = check_header(self.file_for(entity), entity, first)
        return self._headers[entity.name]

    def rows(self, entity: Entity) -> Iterator[tuple[int, list[str]]]:
        width = len(self.header(entity))
        file = self.file_for(entity)
        try:
            with self._open_text(entity) as fh:
                reader = csv.reader(fh)
                next(reader, None)
                for row in reader:
                    if not row:
                        continue
                    if len(row) != width:
                        raise SourceError(
                            file,
                            f"regel {reader.line_num}: {len(row)} velden, verwacht {width}",
                            f"line {reader.line_num}: {len(row)} fields, expected {width}",
                        )
                    yield reader.line_num, row
        except UnicodeDecodeError as exc:
            raise SourceError(file, "bestand is geen UTF-8", "file is not UTF-8") from exc
        except csv.Error as exc:
            raise SourceError(file, f"ongeldige CSV: {exc}", f"invalid CSV: {exc}") from exc

    def raw_csv(self, entity: Entity) -> IO[bytes] | None:
        return self._files[entity.name].open("rb")


class RowsSource:
    """Rows already in memory as dicts (the REST API's JSON body); small by nature."""

    format = "api"

    def __init__(self, rows: dict[str, list[dict[str, object]]], label: str = "api") -> None:
        unknown = [name for name in rows if name not in BY_NAME]
        if unknown:
            raise SourceError(label, f"onbekende soorten: {', '.join(unknown)}", f"unknown kinds: {unknown}")
        self._rows = rows
        self._label = label

    @property
    def file_names(self) -> list[str]:
        return [self._label]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for entity in self.entities():
            for row in self._rows[entity.name]:
                digest.update(repr(sorted(row.items())).encode())
        return digest.hexdigest()

    def entities(self) -> list[Entity]:
        return [e for e in ENTITIES if e.name in self._rows]

    def file_for(self, entity: Entity) -> str:
        return f"{self._label}:{entity.name}"

    def header(self, entity: Entity) -> list[str]:
        names: list[str] = []
        for row in self._rows[entity.name]:
            for key in row:
                if key not in names:
                    names.append(key)
        return check_header(self.file_for(entity), entity, names)

    def rows(self, entity: Entity) -> Iterator[tuple[int, list[str]]]:
        header = self.header(entity)
        for number, row in enumerate(self._rows[entity.name], start=1):
            yield number, ["" if row.get(name) is None else str(row.get(name)) for name in header]

    def raw_csv(self, entity: Entity) -> IO[bytes] | None:
        return None
