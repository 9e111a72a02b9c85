"""Production is the default environment, and its defaults are safe: no start without a secret key, HTTPS
only, and `vangnet check --deploy` has nothing to say. Each runs in a fresh process with production's
environment, as an installation starts it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from vangnet.settings import demo_secret_key

# Django's start-up is most of each run; these are the few tests that must start a process.
TIMEOUT = 120
# Another process: the test clock does not reach it, so the moved-day CI runs leave these out.
pytestmark = pytest.mark.subprocess


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a production server has none of it.
        if not k.startswith("VANGNET_")
        and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"VANGNET_VAR_DIR": str(tmp_path), **extra})
    return env


def vangnet(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vangnet.cli", *args], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def python(code: str, *, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def test_a_command_refuses_to_run_without_a_secret_key(tmp_path):
    result = vangnet("import_bank", "afschrift.xml", "--corporation", "demo", env=production_env(tmp_path))
    assert result.returncode == 2
    assert "VANGNET_SECRET_KEY is not set" in result.stderr
    assert "vangnet demo" in result.stderr


def test_the_web_server_and_the_workers_refuse_to_start_without_it(tmp_path):
    server = python("import vangnet.wsgi", env=production_env(tmp_path))
    assert server.returncode == 1
    assert "VANGNET_SECRET_KEY is not set" in server.stderr
    worker = python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'vangnet.settings'\n"
        "import django; django.setup()\n"
        "from celery.signals import worker_init\n"
        "import vangnet.celery\n"
        "worker_init.send(sender=None)",
        env=production_env(tmp_path),
    )
    assert worker.returncode == 1
    assert "VANGNET_SECRET_KEY is not set" in worker.stderr


def test_a_developer_still_checks_migrations_without_a_key(tmp_path):
    result = vangnet("makemigrations", "--check", "--dry-run", env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_check_deploy_is_clean_in_production(tmp_path):
    env = production_env(
        tmp_path, VANGNET_SECRET_KEY=secrets.token_urlsafe(50), VANGNET_ALLOWED_HOSTS="vangnet.example.nl"
    )
    result = vangnet("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_demo_makes_its_own_key_once_and_keeps_it(tmp_path):
    first = demo_secret_key(tmp_path)
    assert len(first) >= 50
    assert demo_secret_key(tmp_path) == first
    assert (tmp_path / "demo-secret-key").stat().st_mode & 0o777 == 0o600
    # `vangnet demo` sets the demo environment itself; another command may name it.
    result = vangnet("check", env=production_env(tmp_path, VANGNET_ENV="demo"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_SSL_REDIRECT", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("VANGNET_PAYMENTS_SANDBOX", "False"),
        ("VANGNET_PAYMENTS_DEFAULT_PROVIDER", "''"),
        ("VANGNET_STAFF_IDLE_MINUTES", "30"),
    ],
)
def test_production_defaults(tmp_path, name, expected):
    code = f"import vangnet.settings as s; print(repr(s.{name}))"
    result = python(code, env=production_env(tmp_path))
    assert result.stdout.strip() == expected, result.stderr


def test_the_proxy_header_is_configurable(tmp_path):
    code = "import vangnet.settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    result = python(code, env=production_env(tmp_path, VANGNET_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"))
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "django.core.mail.backends.smtp.EmailBackend"),
        ({"VANGNET_ENV": "demo"}, "django.core.mail.backends.filebased.EmailBackend"),
        (
            {"VANGNET_ENV": "demo", "VANGNET_SMTP_HOST": "mail.example"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_only_the_demo_without_a_mail_server_writes_mail_to_files(tmp_path, extra, expected):
    code = "import vangnet.settings as s; print(s.MAILERS['default']['BACKEND'])"
    result = python(code, env=production_env(tmp_path, VANGNET_SECRET_KEY="k" * 50, **extra))
    assert result.stdout.strip() == expected, result.stderr
