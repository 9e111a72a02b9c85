"""signaleringen.json: VERA Signalering (Relaties domain) → circumstances.

The kind is the Signalering's `detailSoort` code (the reason: werkloos, scheiding, ...) or, without one, its
`soort` code, in lower case: it must be one of the corporation's circumstance kinds. `begindatum` and
`einddatum` are VERA date-times, taken on the Dutch calendar. Nothing else of a Signalering is kept: no
address, no free text, so no health detail can arrive through it.
"""

from vangnet.ledger.importing.vera.codes import Obj, Row
from vangnet.ledger.importing.vera.values import code, day, key


def circumstance_rows(signal: Obj) -> list[Row]:
    kind = code(signal.get("detailSoort"), "detailSoort") or code(signal.get("soort"), "soort")
    return [
        {
            "circumstance_id": key(signal, "id"),
            "tenant_id": key(signal.get("relatie"), "relatie"),
            "kind": kind.lower(),
            "start_date": day(signal.get("begindatum"), "begindatum"),
            "end_date": day(signal.get("einddatum"), "einddatum"),
        }
    ]
