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
    shape = regex(expr, r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    month_start = f"CAST(substr({expr}, 1, 7) || '-01' AS date)"
    last_day = f"extract(day FROM ({month_start} + interval '1 month - 1 day'))"
    return f"(CASE WHEN {shape} THEN CAST(substr({expr}, 9, 2) AS integer) <= {last_day} ELSE false END)"


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
