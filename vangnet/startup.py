"""What every way of starting Vangnet checks first: the web server (wsgi.py), the Celery workers
(celery.py) and the command line (cli.py).

Outside the demo and the tests there is no fallback secret key: with a guessable one anybody could forge
portal links and letter codes for every tenant of every corporation.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

# Commands that only write or check code in a developer's checkout; they sign nothing.
DEVELOPMENT_COMMANDS = frozenset({"makemigrations", "makemessages", "compilemessages", "help", "version"})

MISSING_KEY = (
    "VANGNET_SECRET_KEY is not set. Vangnet does not start without it outside the demo and the tests: "
    "set it to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or run `vangnet demo` to try Vangnet on this machine. See README, Configuration."
)


def require_secret_key() -> None:
    """Raises ImproperlyConfigured in production without VANGNET_SECRET_KEY."""
    from django.conf import settings

    if settings.VANGNET_ENV == "production" and not settings.VANGNET_HAS_SECRET_KEY:
        raise ImproperlyConfigured(MISSING_KEY)


def command_environment(argv: list[str]) -> None:
    """`vangnet demo` runs in the demo environment (its own key in var/, plain http on this machine)."""
    if argv[1:2] == ["demo"]:
        os.environ.setdefault("VANGNET_ENV", "demo")


def check_command(argv: list[str]) -> None:
    """Stops a command that would run in production without a secret key, with the reason on stderr."""
    command = argv[1] if len(argv) > 1 else "help"
    if command in DEVELOPMENT_COMMANDS or command.startswith("-"):
        return
    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(2) from None
