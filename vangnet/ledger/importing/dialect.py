"""The few SQL expressions that differ between PostgreSQL and SQLite; everything else is shared SQL."""

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def regex(expr: str, pattern: str) -> str:
    quoted = pattern.replace("'", "''")
    return f"({expr} ~ '{quoted}')" if is_postgres() else f"({expr} REGEXP '{quoted}')"


def valid_date(expr: str) -> str:
    """True when expr is an existing calendar date written YYYY-MM-DD."""
    if not is_postgres():
        return f"(date({expr}, '+0 days') IS {expr})"
    # One hashed look-up in a table of every valid date string is exact and far cheaper per row than
    # parsing, and PostgreSQL 15 has no way to test a cast without raising.
    return f"({expr} IN (SELECT day FROM {VALID_DATES_TABLE}))"


VALID_DATES_TABLE = "stage_valid_dates"


def create_valid_dates() -> str:
    return (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {VALID_DATES_TABLE} AS "
        "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM generate_series("
        "DATE '1900-01-01', DATE '2199-12-31', INTERVAL '1 day') AS day"
    )


def as_date(expr: str) -> str:
    return f"CAST(NULLIF({expr}, '') AS date)" if is_postgres() else f"NULLIF({expr}, '')"


def as_amount(expr: str) -> str:
    return (
        f"CAST(NULLIF({expr}, '') AS numeric(12, 2))"
        if is_postgres()
        else f"CAST(NULLIF({expr}, '') AS NUMERIC)"
    )


def differs(left: str, right: str) -> str:
    return f"({left} IS DISTINCT FROM {right})" if is_postgres() else f"({left} IS NOT {right})"


def days_between(later: str, earlier: str) -> str:
    if is_postgres():
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
