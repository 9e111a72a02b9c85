"""Channels a collection step can use; only the ones the legal rules distinguish."""

from enum import StrEnum


class Channel(StrEnum):
    """Values match plain strings, so a model's ``TextChoices`` value ("letter", "email") can be passed as is."""

    LETTER = "letter"
    EMAIL = "email"
    SMS = "sms"
