"""Set-based writes the ORM has no verb for: INSERT … SELECT from a queryset, conflicts ignored or upserted.

The queryset names every output column as an annotation, so its SQL is the same on PostgreSQL and SQLite
and values are adapted by the ORM; this module only wraps it.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet


def _differs(left: str, right: str) -> str:
    if connection.vendor == "postgresql":
        return f"{left} IS DISTINCT FROM {right}"
    return f"{left} IS NOT {right}"


def insert_from(
    table: str,
    columns: dict[str, str],
    queryset: QuerySet,
    *,
    ignore_conflicts: bool = True,
    update_on: Sequence[str] = (),
    update: Sequence[str] = (),
    when_changed: Sequence[str] = (),
) -> int:
    """INSERT INTO table (column, ...) SELECT alias, ... FROM (queryset); returns the rows written.

    `columns` maps each table column to the annotation of the queryset that fills it. With `update_on`
    (the conflict columns) and `update`, an existing row gets the new values of `update`, but only when one
    of `when_changed` (default: `update`) differs, so a day on which nothing moved rewrites nothing.
    """
    quote = connection.ops.quote_name
    sub_sql, params = queryset.values(*columns.values()).query.sql_with_params()
    targets = ", ".join(quote(column) for column in columns)
    sources = ", ".join(f"sub.{quote(alias)}" for alias in columns.values())
    if update_on:
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        changed = " OR ".join(
            _differs(f"{table}.{quote(c)}", f"excluded.{quote(c)}") for c in (when_changed or update)
        )
        conflict = f" ON CONFLICT ({', '.join(quote(c) for c in update_on)}) DO UPDATE SET {assignments} WHERE {changed}"
    else:
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    sql = f"INSERT INTO {table} ({targets}) SELECT {sources} FROM ({sub_sql}) sub WHERE true{conflict}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
