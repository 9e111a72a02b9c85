"""Set-based writes the ORM has no verb for: INSERT … SELECT from a queryset, conflicts ignored.

The queryset names every output column as an annotation, so its SQL is the same on PostgreSQL and SQLite
and values are adapted by the ORM; this module only wraps it.
"""

from django.db import connection
from django.db.models import QuerySet


def insert_from(
    table: str, columns: dict[str, str], queryset: QuerySet, *, ignore_conflicts: bool = True
) -> int:
    """INSERT INTO table (column, ...) SELECT alias, ... FROM (queryset); returns the rows written.

    `columns` maps each table column to the annotation of the queryset that fills it.
    """
    sub_sql, params = queryset.values(*columns.values()).query.sql_with_params()
    targets = ", ".join(connection.ops.quote_name(column) for column in columns)
    sources = ", ".join(f"sub.{connection.ops.quote_name(alias)}" for alias in columns.values())
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    sql = f"INSERT INTO {table} ({targets}) SELECT {sources} FROM ({sub_sql}) sub WHERE true{conflict}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
