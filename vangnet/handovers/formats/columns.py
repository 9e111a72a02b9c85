"""The columns CSV and XLSX offer, per agency configurable (`Agency.columns`, keys in order)."""

from collections.abc import Callable

from vangnet.handovers.dossiers import Dossier


def _main(d: Dossier) -> dict:
    return next((p for p in d["debtors"] if p["role"] == "main"), d["debtors"][0] if d["debtors"] else {})


def _co(d: Dossier) -> str:
    return ", ".join(p["name"] for p in d["debtors"] if p["role"] == "co")


def _letter(d: Dossier, key: str) -> str:
    return d["fourteen_day_letter"][key] if d["fourteen_day_letter"] else ""


COLUMNS: dict[str, tuple[str, Callable[[Dossier], str]]] = {
    "handover_id": ("overdracht", lambda d: d["handover_id"]),
    "handed_over_on": ("overgedragen_op", lambda d: d["handed_over_on"]),
    "contract_id": ("contract", lambda d: d["contract"]["contract_id"]),
    "name": ("naam", lambda d: _main(d).get("name", "")),
    "birth_date": ("geboortedatum", lambda d: _main(d).get("birth_date", "")),
    "street": ("adres", lambda d: _main(d).get("street", "")),
    "postcode": ("postcode", lambda d: _main(d).get("postcode", "")),
    "city": ("plaats", lambda d: _main(d).get("city", "")),
    "email": ("email", lambda d: _main(d).get("email", "")),
    "phone": ("telefoon", lambda d: _main(d).get("phone", "")),
    "co_tenants": ("medehuurders", _co),
    "administrator": (
        "bewindvoerder",
        lambda d: (_main(d).get("administrator") or {}).get("name", ""),
    ),
    "unit_address": ("adres_eenheid", lambda d: d["contract"]["unit"]["address"]),
    "payment_reference": ("betalingskenmerk", lambda d: d["contract"]["payment_reference"]),
    "amount": ("bedrag", lambda d: d["amount"]),
    "open_total": ("open", lambda d: d["open_total"]),
    "open_items": ("aantal_posten", lambda d: str(len(d["open_items"]))),
    "oldest_due_date": (
        "oudste_vervaldatum",
        lambda d: min((i["due_date"] for i in d["open_items"]), default=""),
    ),
    "collection_costs": ("incassokosten", lambda d: d["collection_costs_charged"]),
    "interest": ("rente", lambda d: d["interest_charged"]),
    "letter_sent_on": ("veertiendagenbrief_op", lambda d: _letter(d, "sent_on")),
    "letter_term_end": ("termijn_tot", lambda d: _letter(d, "term_end")),
    "broken_arrangements": (
        "regelingen_niet_nagekomen",
        lambda d: str(sum(1 for a in d["arrangements"] if a["broken_on"])),
    ),
    "disputes": ("geschillen", lambda d: str(len(d["disputes"]))),
}

STANDARD = [
    "handover_id",
    "contract_id",
    "name",
    "birth_date",
    "street",
    "postcode",
    "city",
    "email",
    "phone",
    "co_tenants",
    "administrator",
    "amount",
    "open_items",
    "oldest_due_date",
    "collection_costs",
    "interest",
    "letter_sent_on",
    "letter_term_end",
]

ITEM_HEADER = ["overdracht", "contract", "post", "omschrijving", "vervaldatum", "bedrag", "nog_open"]


def columns_of(keys: list[str]) -> list[tuple[str, Callable[[Dossier], str]]]:
    return [COLUMNS[key] for key in (keys or STANDARD)]


def unknown_columns(keys: list[str]) -> list[str]:
    return [key for key in keys if key not in COLUMNS]


def item_rows(dossiers: list[Dossier]) -> list[list[str]]:
    return [
        [
            d["handover_id"],
            d["contract"]["contract_id"],
            item["entry_id"],
            item["description"],
            item["due_date"],
            item["amount"],
            item["open_amount"],
        ]
        for d in dossiers
        for item in d["open_items"]
    ]
