"""VERA-shaped JSON read as canonical import rows: one JSON array per VERA entity, streamed with ijson.

VERA is the Dutch housing sector's data standard (Aedes-datastandaarden/vera-openapi 4.3). Objects follow
the embedded shapes of the chain processes BRG (Relatie), BOG (Huurovereenkomst), INC (Betalingsregeling)
and the Financien domain (Boeking); references may be key objects ({"id": ...}) or plain key strings.
What VERA cannot express travels in VERA's own extension mechanism, `extra-attributen`, under names that
start with "vangnet." (for example the bank's return code of a storno). Promises have no VERA entity:
beloften.json uses a small VERA-styled shape of our own. docs/import-format.md has the full mapping.

Like every source this one only reads. A reference-data code it cannot map is passed on unchanged, so the
importer's validation rejects it naming the field, the value and the allowed values; this module never
guesses. What cannot be passed on that way (a malformed file, an unknown price component) is a SourceError
that names the file, the object's number in its array and the field.
"""

from vangnet.ledger.importing.vera.source import VeraJsonSource
from vangnet.ledger.importing.vera.values import day

__all__ = ["VeraJsonSource", "day"]
