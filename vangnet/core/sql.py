"""The SQL the ORM has no verb for, in one place: which database we are on, the few expressions that differ
between PostgreSQL and SQLite, INSERT … SELECT from a queryset, fresh statistics after a bulk write, and
queries kept from PostgreSQL's JIT compiler, many rows' fields updated in one statement.

Table names always come from the models (`table(Model)`), never typed by hand, so a renamed model or
db_table cannot leave a statement behind. Code low on the ladder that must name a table of an app above it
(the ledger import writes arrangements) passes the model's label, "arrangements.Arrangement", which is looked
up in Django's app registry when the statement is built, not imported.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Field, Model, QuerySet

type ModelRef = type[Model] | str


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table(model: ModelRef) -> str:
    """The model's table; `model` is the class or its label ("app_label.ModelName")."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return model._meta.db_table


# --- expressions that differ between the two databases ---------------------------------------------------


def regex(expr: str, pattern: str) -> str:
    quoted = pattern.replace("'", "''")
    return f"({expr} ~ '{quoted}')" if is_postgres() else f"({expr} REGEXP '{quoted}')"


def as_date(expr: str) -> str:
    return f"CAST(NULLIF({expr}, '') AS date)" if is_postgres() else f"NULLIF({expr}, '')"


def date_param(name: str) -> str:
    """The named parameter `name` (an ISO date) as a date on both databases."""
    return f"CAST(%({name})s AS date)" if is_postgres() else f"%({name})s"


def as_amount(expr: str) -> str:
    return (
        f"CAST(NULLIF({expr}, '') AS numeric(12, 2))"
        if is_postgres()
        else f"CAST(NULLIF({expr}, '') AS NUMERIC)"
    )


def differs(left: str, right: str) -> str:
    """NULL-safe inequality: two NULLs are the same, a NULL and a value differ."""
    return f"({left} IS DISTINCT FROM {right})" if is_postgres() else f"({left} IS NOT {right})"


def days_between(later: str, earlier: str) -> str:
    if is_postgres():
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def probe_join(table_name: str, alias: str, on: str) -> str:
    """LEFT JOIN `table_name` AS `alias` ON `on`, looked up per row (by an index), never hashed.

    PostgreSQL hashes a join when it overestimates the rows on the other side: a range of ids read for one
    corporation looks like every corporation's rows in that range, and it then hashed the whole ledger to
    find a few thousand linked entries. A lateral subquery that cannot be flattened (OFFSET 0) can only be
    probed; SQLite joins by probing anyway.
    """
    if is_postgres():
        return f"LEFT JOIN LATERAL (SELECT * FROM {table_name} {alias} WHERE {on} OFFSET 0) {alias} ON true"
    return f"LEFT JOIN {table_name} {alias} ON {on}"


def joined(expr: str, order: str) -> str:
    """Aggregate: the rows' `expr` as text, joined by commas (in `order` on PostgreSQL; SQLite 3.40 joins in
    the order it reads the rows)."""
    if is_postgres():
        return f"string_agg(CAST({expr} AS TEXT), ',' ORDER BY {order})"
    return f"group_concat({expr}, ',')"


def text(expr: str) -> str:
    """A value as text for joining with ||, NULL as the empty string. `x||''` rather than a CAST: the same
    text on both databases (PostgreSQL's anynonarray || text uses the type's output, as CAST does) in
    fewer characters, which keeps the portal's key query inside psycopg's cache of parsed statements."""
    return f"COALESCE({expr}||'', '')"


# --- set-based writes -------------------------------------------------------------------------------------


def insert_from(
    model: ModelRef,
    columns: dict[str, str],
    queryset: QuerySet,
    *,
    ignore_conflicts: bool = True,
    update_on: Sequence[str] = (),
    update: Sequence[str] = (),
    when_changed: Sequence[str] = (),
) -> int:
    """INSERT INTO model's table (column, ...) SELECT alias, ... FROM (queryset); returns the rows written.

    The queryset names every output column as an annotation, so its SQL is the same on PostgreSQL and SQLite
    and values are adapted by the ORM. `columns` maps each table column to the annotation that fills it.
    With `update_on` (the conflict columns) and `update`, an existing row gets the new values of `update`,
    but only when one of `when_changed` (default: `update`) differs, so a day on which nothing moved
    rewrites nothing.
    """
    name = table(model)
    quote = connection.ops.quote_name
    sub_sql, params = queryset.values(*columns.values()).query.sql_with_params()
    targets = ", ".join(quote(column) for column in columns)
    sources = ", ".join(f"sub.{quote(alias)}" for alias in columns.values())
    if update_on:
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        changed = " OR ".join(
            differs(f"{name}.{quote(c)}", f"excluded.{quote(c)}") for c in (when_changed or update)
        )
        conflict = f" ON CONFLICT ({', '.join(quote(c) for c in update_on)}) DO UPDATE SET {assignments} WHERE {changed}"
    else:
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    sql = f"INSERT INTO {name} ({targets}) SELECT {sources} FROM ({sub_sql}) sub WHERE true{conflict}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def update_rows(objs: Sequence[Model], fields: Sequence[str], *, batch_size: int = 1000) -> int:
    """Writes `fields` of these saved instances: one UPDATE … FROM a list of values per `batch_size` rows,
    joined on the primary key, on PostgreSQL and SQLite alike. For many rows instead of `bulk_update`, whose
    CASE per field has a branch per row (its cost grows with the square of the rows, in Django and in the
    database). Values are prepared by each field as `save()` would; returns the rows written."""
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    targets = [meta.get_field(name) for name in fields]
    concrete = [field for field in targets if isinstance(field, Field) and field.column]
    if len(concrete) != len(targets):
        raise ValueError(f"not columns of {meta.label}: {fields}")
    columns = [str(pk.column), *(str(field.column) for field in concrete)]
    if is_postgres():
        # Typed placeholders: a list of values types a column by its first value, NULL as text.
        types = [pk.db_type(connection), *(field.db_type(connection) for field in concrete)]
        row = "(" + ", ".join(f"CAST(%s AS {db_type})" for db_type in types) + ")"
    else:
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # A list of values names its columns column1, column2, … on both databases.
    assignments = ", ".join(f"{quote(c)} = v.column{n}" for n, c in enumerate(columns[1:], start=2))
    name = table(model)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start : start + batch_size]
            params = []
            for obj in chunk:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                for field in concrete:
                    params.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
            cursor.execute(
                f"UPDATE {name} SET {assignments} FROM (VALUES {', '.join([row] * len(chunk))}) AS v "
                f"WHERE {name}.{quote(columns[0])} = v.column1",
                params,
            )
            written += max(cursor.rowcount, 0)
    return written


def analyse(*models: ModelRef) -> None:
    """Fresh planner statistics after a bulk write, so the next statements plan with the real sizes.

    PostgreSQL only: autovacuum comes too late inside one run, while SQLite plans well enough without.
    """
    if not is_postgres():
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {table(model)}")


# Rows one step of a run may write into a table before the statistics planned on are out of date.
MANY_ROWS = 1000


def analyse_if_many(model: ModelRef, written: int) -> None:
    """Fresh statistics after a step that wrote MANY_ROWS or more into the model's table within a run:
    planned on statistics from before the run (none, on a portfolio's first night), its next look-ups read
    every row of the table once per dossier."""
    if written >= MANY_ROWS:
        analyse(model)


def vacuum_analyse(*models: ModelRef) -> None:
    """Dead rows cleared and statistics fresh (PostgreSQL; outside a transaction), for benchmarks' clean starts."""
    if not is_postgres():
        return
    # Inside a transaction (a benchmark run by a test) VACUUM is not allowed; fresh statistics still are.
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{verb} {table(model)}")


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiler switched off for the statements inside.

    A report's grouped query with correlated subqueries is estimated costly enough to be compiled, and the
    compiling then takes longer than running it (measured: 850 ms of 1,180 at 100,000 tenancies). SQLite has
    no JIT; the setting is restored afterwards, so a kept connection is left as it was.
    """
    if not is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


@contextmanager
def random_reads_cached() -> Iterator[None]:
    """Plans inside price a random page read as one from memory (random_page_cost 1.1; PostgreSQL only).

    A range of ids read for one corporation looks to the planner like that corporation's share of every row
    in the range; at the default cost it walked the whole range by primary key (0.33 s for 16,540 of 2.2
    million rows) instead of reading the (corporation, id) index (4 ms). The indexes such statements read
    stay in memory. Set for the transaction and restored after, so the statements around keep their plans.
    """
    if not is_postgres():
        yield
        return
    # A setting for the transaction needs one: inside the caller's, or one of its own (no savepoint).
    with transaction.atomic(savepoint=False) if connection.in_atomic_block else transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('random_page_cost'), set_config('random_page_cost', '1.1', true)"
            )
            before = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('random_page_cost', %s, true)", [before])
