"""Statements that every page asks, run as prepared statements on PostgreSQL: planned once per connection.

PostgreSQL plans a statement each time it receives it with its values written in, which is what Django's
default (client-side binding) sends. For the portal overview's key query, planning took two to three times
as long as running it (about 1.5 ms against 0.55 ms of the database's CPU; docs/benchmarks.md). Here the
statement goes to the server with its parameters apart and is prepared on the connection the first time,
so later runs skip parsing and planning. Django leaves prepared statements off because a connection pooler
in transaction mode (PgBouncer before 1.21) cannot keep them; set VANGNET_PREPARED_STATEMENTS=0 behind one.

SQLite needs nothing: Python's sqlite3 keeps the compiled statements of each connection itself.

A statement longer than psycopg's cache of parsed statements (4,096 characters) is parsed again on every run:
`compact` takes out the layout so a long statement fits (tests check the ones that use it).
"""

from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg import adapters
from psycopg.pq import Format

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid

PSYCOPG_CACHED_STATEMENT_LENGTH = 4096


class _PreparingCursor(psycopg.Cursor):
    """psycopg's cursor with server-side binding, preparing what it runs (Django's cursor wrapper passes no
    `prepare` of its own)."""

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
    ):
        return super().execute(query, params, prepare=True, binary=binary)


def compact(statement: str) -> str:
    """The statement on one line, without indentation, spaces after commas or around "=" (for statements without
    spaces inside a literal)."""
    return " ".join(statement.split()).replace(", ", ",").replace(" = ", "=")


def prepared_rows(statement: str, params: list) -> list[tuple]:
    """The rows of a SELECT: prepared on PostgreSQL, plain on SQLite. Logged and counted as Django's own
    queries are (django_assert_num_queries sees it)."""
    if connection.vendor != "postgresql" or not settings.VANGNET_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's preparing off (None), which refuses even prepare=True. Any number lets this
        # cursor prepare; Django's own cursors bind on the client and never prepare.
        raw.prepare_threshold = 5
    with connection.wrap_database_errors:
        inner = _PreparingCursor(raw)
    # As Django's own cursors: times read in the connection's zone when a test changed it.
    tzloader = raw.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != tzloader.timezone:
        register_tzloader(connection.timezone, inner)
    with connection._prepare_cursor(inner) as cursor:  # type: ignore[attr-defined]  # Django's own wrapper: logged, counted
        cursor.execute(statement, params)
        return cursor.fetchall()
