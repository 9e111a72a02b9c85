"""CSV: one row per signal, the VNG vroegsignalering field names as headers (docs/early-signals.md)."""

import csv
import io
from collections.abc import Sequence

from vangnet.earlysignal.formats.base import SignalFormat

COLUMNS = (
    "ID",
    "signaaldatum",
    "ontstaansdatum",
    "bedrag",
    "signaalpartnerType",
    "signaalpartnerNaam",
    "herhaalsignaal",
    "contractnummer",
    "Voorletters",
    "Voornaam",
    "Voorvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Straatnaam",
    "Huisnummer",
    "Huisnummertoevoeging",
    "Postcode",
    "Plaatsnaam",
    "Gemeente",
    "Telefoonnummer",
    "Emailadres",
)


def flatten(payload: dict) -> dict[str, str]:
    client = payload["client"]
    return {
        "ID": payload["ID"],
        "signaaldatum": payload["signaaldatum"],
        "ontstaansdatum": payload["ontstaansdatum"],
        "bedrag": payload["bedrag"],
        "signaalpartnerType": payload["signaalpartner"]["type"],
        "signaalpartnerNaam": payload["signaalpartner"]["naam"],
        "herhaalsignaal": "ja" if payload["herhaalsignaal"] else "nee",
        "contractnummer": payload["contractnummer"],
        **{name: client[name] for name in COLUMNS[8:]},
    }


class CsvFormat(SignalFormat):
    code = "csv"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, *, signals: Sequence[dict], corporation: str, municipality: str) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        for payload in signals:
            writer.writerow(flatten(payload))
        return out.getvalue()
