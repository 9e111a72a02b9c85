"""Loading a source into temporary staging tables: COPY on PostgreSQL, batched inserts elsewhere."""

import itertools

from django.db import connection
from django.db.utils import DataError

from vangnet.ledger.importing.dialect import is_postgres
from vangnet.ledger.importing.schema import Entity
from vangnet.ledger.importing.sources import ImportSource, SourceError

BATCH = 5000


def stage_table(entity: Entity) -> str:
    return f"stage_{entity.name}"


def create_stage(entity: Entity) -> None:
    columns = ", ".join(f"{c.name} text NOT NULL DEFAULT ''" for c in entity.columns)
    row_no = "row_no bigserial" if is_postgres() else "row_no integer"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage_table(entity)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage_table(entity)} ({row_no}, {columns})")


def load_stage(source: ImportSource, entity: Entity) -> int:
    """Fills the staging table with the entity's rows as text and returns how many there were."""
    create_stage(entity)
    header = source.header(entity)
    raw = source.raw_csv(entity) if is_postgres() else None
    if raw is not None:
        _copy_csv(source, entity, header, raw)
    else:
        _insert_rows(source, entity, header)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {stage_table(entity)}")
        return int(cursor.fetchone()[0])


def _copy_csv(source: ImportSource, entity: Entity, header: list[str], raw) -> None:
    # The sequence numbers rows in file order; +1 makes them the line number a person sees (header is 1).
    columns = ", ".join(header)
    sql = (
        f"COPY {stage_table(entity)} ({columns}) FROM STDIN "
        f"WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL ({columns}))"
    )
    try:
        with raw, connection.cursor() as cursor, cursor.copy(sql) as copy:
            for chunk in iter(lambda: raw.read(1 << 20), b""):
                copy.write(chunk)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {stage_table(entity)} SET row_no = row_no + 1")
    except DataError as exc:
        reason = str(exc).splitlines()[0]
        context = next((line for line in str(exc).splitlines() if line.startswith("CONTEXT")), "")
        raise SourceError(
            source.file_for(entity),
            f"bestand kan niet gelezen worden: {reason} {context}".strip(),
            f"file cannot be read: {reason} {context}".strip(),
        ) from exc


def _insert_rows(source: ImportSource, entity: Entity, header: list[str]) -> None:
    columns = ", ".join(["row_no", *header])
    placeholders = ", ".join(["%s"] * (len(header) + 1))
    sql = f"INSERT INTO {stage_table(entity)} ({columns}) VALUES ({placeholders})"
    rows = ((number, *values) for number, values in source.rows(entity))
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)


def drop_stage(entity: Entity) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage_table(entity)}")
