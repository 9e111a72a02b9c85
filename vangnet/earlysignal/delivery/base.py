"""How a municipality receives its file: one module per way, registered once in delivery/__init__.py."""

from dataclasses import dataclass

from vangnet.earlysignal.models import Municipality, SignalFile


@dataclass(frozen=True)
class Outcome:
    status: str
    note: str


class Deliverer:
    kind: str = ""

    def missing(self, municipality: Municipality) -> str:
        """Why this municipality's settings cannot be used for this way of delivery ("" when they can)."""
        return ""

    def deliver(self, file: SignalFile, municipality: Municipality) -> Outcome:
        raise NotImplementedError
