"""JSON: the VNG vroegsignalering shape (Vroegsignaal with its client), wrapped with who sends it to whom."""

import json
from collections.abc import Sequence

from vangnet.earlysignal.formats.base import SignalFormat


class JsonFormat(SignalFormat):
    code = "json"
    extension = "json"
    content_type = "application/json"

    def render(self, *, signals: Sequence[dict], corporation: str, municipality: str) -> str:
        document = {
            "afzender": corporation,
            "gemeente": municipality,
            "aantal": len(signals),
            "vroegsignalen": list(signals),
        }
        return json.dumps(document, ensure_ascii=False, indent=2)
