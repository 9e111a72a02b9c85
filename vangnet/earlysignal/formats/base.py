"""A signal file format: one module per format, registered once in formats/__init__.py."""

from collections.abc import Sequence


class SignalFormat:
    code: str = ""
    extension: str = ""
    content_type: str = ""

    def render(self, *, signals: Sequence[dict], corporation: str, municipality: str) -> str:
        """The file's text for these signals (each the `payload` a Signal keeps)."""
        raise NotImplementedError
