"""Whether a staged text is an existing calendar date, in SQL on either database (the rest of the dialect
differences live in vangnet.core.sql)."""

from vangnet.core.sql import is_postgres

VALID_DATES_TABLE = "stage_valid_dates"


def valid_date(expr: str) -> str:
    """True when expr is an existing calendar date written YYYY-MM-DD."""
    if not is_postgres():
        return f"(date({expr}, '+0 days') IS {expr})"
    # One hashed look-up in a table of every valid date string is exact and far cheaper per row than
    # parsing, and PostgreSQL 15 has no way to test a cast without raising.
    return f"({expr} IN (SELECT day FROM {VALID_DATES_TABLE}))"


def create_valid_dates() -> str:
    return (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {VALID_DATES_TABLE} AS "
        "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM generate_series("
        "DATE '1900-01-01', DATE '2199-12-31', INTERVAL '1 day') AS day"
    )
