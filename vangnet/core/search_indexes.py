"""Trigram indexes for the tenant search on PostgreSQL: `icontains` becomes an index scan.

A PostgreSQL-only fast path (pg_trgm); SQLite scans, which is fast enough for the embedded demo. Used by
the tenants and ledger migrations.
"""

TRIGRAM = "CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
EXACT = "CREATE INDEX IF NOT EXISTS {name} ON {table} (UPPER({column}::text))"


def create(schema_editor, indexes: list[tuple[str, str, str, str]]) -> None:
    """indexes: (kind 'trigram' or 'exact', name, table, column)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for kind, name, table, column in indexes:
        template = TRIGRAM if kind == "trigram" else EXACT
        schema_editor.execute(template.format(name=name, table=table, column=column))


def drop(schema_editor, indexes: list[tuple[str, str, str, str]]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for _kind, name, _table, _column in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
