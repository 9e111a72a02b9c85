"""Import benchmark: generate an ERP delivery, import it, and compare with a raw COPY of the same rows."""

import itertools
import resource
import shutil
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction
from django_scopes import scopes_disabled

from vangnet.bench.daydata import write_ledger_delta
from vangnet.bench.import_floor import measure_floor
from vangnet.core import clock, sql
from vangnet.core.models import Corporation
from vangnet.demo.generator import write_demo_files
from vangnet.ledger.importing.schema import BY_NAME
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import ImportStatus
from vangnet.ledger.services.imports import import_erp_data
from vangnet.ledger.services.purge import MODELS_IN_DELETE_ORDER, corporation_data_purge

BENCH_SLUG = "bench-import"


def add_arguments(parser) -> None:
    parser.add_argument("--tenancies", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--no-delta",
        dest="delta",
        action="store_false",
        help="leave out the second, timed import of one day's delta (1%% of the rows) after the snapshot",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure the floor of any staged import on PostgreSQL: the COPY, one typed insert of the "
        "entries and the ledger's indexes built afterwards (bench/import_floor.py)",
    )


def run(
    *, tenancies: int, months: int, seed: int, delta: bool = True, floor: bool = False, **_: object
) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="vangnet-bench-"))
    try:
        counts = write_demo_files(workdir, tenancies=tenancies, months=months, seed=seed, as_of=clock.today())
        rows = sum(counts.values())
        with scopes_disabled():
            corporation = _fresh_corporation()
            started = time.perf_counter()
            import_run = import_erp_data(
                corporation=corporation, source=CsvSetSource([workdir]), mode="snapshot", actor="bench"
            )
            seconds = time.perf_counter() - started
        if import_run.status != ImportStatus.APPLIED:
            raise RuntimeError(f"benchmark import rejected: {import_run.errors[:5]}")
        copy_seconds = _baseline_copy(workdir)
        floor_figures = (
            measure_floor(workdir, corporation_id=corporation.pk, copy_seconds=copy_seconds)
            if floor and sql.is_postgres()
            else None
        )
        with scopes_disabled():
            day = _delta(corporation, workdir / "delta", rows=rows // 100) if delta else None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows_per_s = rows / seconds
    copy_rows_per_s = rows / copy_seconds
    return {
        "database": connection.vendor,
        "tenancies": tenancies,
        "months": months,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows_per_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "copy_rows_per_s": round(copy_rows_per_s),
        "ratio": round(rows_per_s / copy_rows_per_s, 3),
        "phases": import_run.timings,
        **({"floor": floor_figures} if floor_figures is not None else {}),
        **(
            {
                "delta_rows": day[0],
                "delta_seconds": round(day[1], 3),
                "delta_share": round(day[1] / seconds, 4),
                "delta_phases": day[2],
            }
            if day is not None
            else {}
        ),
    }


def _delta(corporation: Corporation, directory: Path, *, rows: int) -> tuple[int, float, dict]:
    """One day's changes (about 1% of the snapshot's rows) imported as a delta after the snapshot."""
    written = write_ledger_delta(
        directory, corporation=corporation, as_of=clock.today(), rows=rows, tag="DAY"
    )
    started = time.perf_counter()
    import_run = import_erp_data(
        corporation=corporation, source=CsvSetSource([directory]), mode="delta", actor="bench"
    )
    seconds = time.perf_counter() - started
    if import_run.status != ImportStatus.APPLIED:
        raise RuntimeError(f"benchmark delta rejected: {import_run.errors[:5]}")
    return written, seconds, import_run.timings


def _fresh_corporation() -> Corporation:
    corporation, _ = Corporation.objects.get_or_create(slug=BENCH_SLUG, defaults={"name": "Benchmark"})
    corporation_data_purge(corporation=corporation, actor="bench")
    # An earlier run's dead rows would otherwise weigh on this one; the baseline COPY gets fresh tables.
    sql.vacuum_analyse(*MODELS_IN_DELETE_ORDER)
    return corporation


def _baseline_copy(directory: Path) -> float:
    """The same files into unindexed text tables: COPY on PostgreSQL, batched inserts on SQLite."""
    source = CsvSetSource([directory])
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for entity in source.entities():
            header = source.header(entity)
            table = f"bench_copy_{entity.name}"
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} ({', '.join(f'{c} text' for c in header)})")
            if sql.is_postgres():
                raw_csv = source.raw_csv(entity)
                assert raw_csv is not None  # a CSV set always has its raw file
                with (
                    raw_csv as raw,
                    cursor.copy(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                ):
                    while chunk := raw.read(1 << 20):
                        copy.write(chunk)
            else:
                placeholders = ", ".join(["%s"] * len(header))
                rows = (row for _, row in source.rows(entity))
                while batch := list(itertools.islice(rows, 5000)):
                    cursor.executemany(f"INSERT INTO {table} VALUES ({placeholders})", batch)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for entity in BY_NAME.values():
            cursor.execute(f"DROP TABLE IF EXISTS bench_copy_{entity.name}")
    return seconds
