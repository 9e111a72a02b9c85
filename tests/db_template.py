"""Migrate a test database once per set of migrations, then copy it.

Migrating an empty database takes 30-60 s, almost all of it Django rendering model states between
operations, not SQL. Each test worker creates its own database, and the tests that start Vangnet in another
process migrate a file of their own, so a run migrated four to six times. Now the first worker migrates and
keeps the result as a template, keyed on every migration file, Django's version and the database vendor;
everyone after it copies the template: SQLite's backup API into the in-memory test database (or a file), a
PostgreSQL `CREATE DATABASE … TEMPLATE`. A changed migration makes a new key, so a stale template is
never used. A file lock makes the others wait while the first one migrates.

Only the migrate that creates a test database (`run_syncdb`, no app named) is taken over; a test that
migrates an app forwards or backwards runs the real command.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import django
from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = Path(tempfile.gettempdir()) / "vangnet-test-templates"
STALE_AFTER_SECONDS = 2 * 24 * 3600


def template_key(vendor: str) -> str:
    digest = hashlib.sha256(f"{django.get_version()} {vendor} {settings.INSTALLED_APPS!r}".encode())
    for path in sorted((ROOT / "vangnet").glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sqlite_template(key: str) -> Path:
    return DIRECTORY / f"sqlite-{key}.sqlite3"


def postgres_template(key: str) -> str:
    return f"vangnet_test_template_{key}"


@contextlib.contextmanager
def _locked(key: str) -> Iterator[None]:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    with open(DIRECTORY / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _load(connection: BaseDatabaseWrapper, key: str) -> bool:
    if connection.vendor == "sqlite":
        template = sqlite_template(key)
        if not template.exists():
            return False
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)
        return True
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [postgres_template(key)])
        if cursor.fetchone() is None:
            return False
        connection.close()
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template(key)}"')
    return True


def _save(connection: BaseDatabaseWrapper, key: str) -> None:
    if connection.vendor == "sqlite":
        template = sqlite_template(key)
        partial = template.with_suffix(f".{os.getpid()}.partial")
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(partial)) as target:
            connection.connection.backup(target)
        partial.replace(template)
        for old in DIRECTORY.glob("sqlite-*.sqlite3"):
            if old != template and time.time() - old.stat().st_mtime > STALE_AFTER_SECONDS:
                old.unlink(missing_ok=True)
        return
    name, template_name = connection.settings_dict["NAME"], postgres_template(key)
    connection.close()  # a template must have no one connected while it is copied
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template_name}_partial"')
        cursor.execute(f'CREATE DATABASE "{template_name}_partial" TEMPLATE "{name}"')
        cursor.execute(f'ALTER DATABASE "{template_name}_partial" RENAME TO "{template_name}"')


_migrate_handle = migrate.Command.handle


def _handle_from_template(self, *args, **options):
    if not options.get("run_syncdb") or options.get("app_label"):
        return _migrate_handle(self, *args, **options)
    connection = connections[options["database"]]
    key = template_key(connection.vendor)
    with _locked(key):
        if _load(connection, key):
            return None
        result = _migrate_handle(self, *args, **options)
        _save(connection, key)
        return result


def install() -> None:
    """Test databases are created from the template from now on (tests/conftest.py calls it)."""
    migrate.Command.handle = _handle_from_template


def copy_migrated_sqlite(destination: Path) -> bool:
    """A migrated SQLite file at `destination` for a test that starts Vangnet in another process; False when
    no template exists yet (the caller migrates as before)."""
    template = sqlite_template(template_key("sqlite"))
    if not template.exists():
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, destination)
    return True
