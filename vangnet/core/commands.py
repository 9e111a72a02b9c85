"""What every management command parses the same way, with the same words when it is wrong."""

from datetime import date

from django.core.management.base import CommandError


def day_option(value: str, option: str = "--as-of") -> date:
    """A date option written YYYY-MM-DD; anything else stops the command naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option}: {value!r} is not a date written YYYY-MM-DD") from error
