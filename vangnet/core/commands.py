"""What every management command parses the same way, with the same words when it is wrong."""

from datetime import date

from django.core.management.base import CommandError

from vangnet.core.models import Corporation


def day_option(value: str, option: str = "--as-of") -> date:
    """A date option written YYYY-MM-DD; anything else stops the command naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option}: {value!r} is not a date written YYYY-MM-DD") from error


def corporation_option(slug: str) -> Corporation:
    """The corporation a command names with --corporation; an unknown slug stops the command saying so."""
    try:
        return Corporation.objects.get(slug=slug)
    except Corporation.DoesNotExist as error:
        raise CommandError(f"no corporation with slug {slug!r}") from error
