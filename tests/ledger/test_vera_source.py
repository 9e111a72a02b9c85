"""VeraJsonSource: VERA JSON mapped to canonical rows, checked against the hand-written canonical CSV examples."""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vangnet.ledger.importing.schema import BY_NAME, ENTITIES, Entity
from vangnet.ledger.importing.sources import CsvSetSource, SourceError, check_header
from vangnet.ledger.importing.vera import VeraJsonSource, day

VERA_ENTITIES = [e for e in ENTITIES if e.name != "service_subscriptions"]
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def as_dicts(source: CsvSetSource | VeraJsonSource, entity: Entity) -> list[dict[str, str]]:
    header = source.header(entity)
    return [dict(zip(header, values, strict=True)) for _, values in source.rows(entity)]


def write(directory: Path, file: str, objects: Any) -> Path:
    path = directory / file
    path.write_text(json.dumps(objects), encoding="utf-8")
    return path


def mapped(directory: Path, file: str, objects: list[dict], entity: str, **kwargs) -> list[dict[str, str]]:
    source = VeraJsonSource([write(directory, file, objects)], **kwargs)
    return as_dicts(source, BY_NAME[entity])


# --- the examples -----------------------------------------------------------------------------------------


def test_the_examples_cover_every_entity_in_both_formats():
    csv_source = CsvSetSource([EXAMPLES / "csv"])
    vera_source = VeraJsonSource([EXAMPLES / "vera"])

    assert [e.name for e in csv_source.entities()] == [e.name for e in ENTITIES]
    # VERA has no shape for the service subscriptions the ERP knows: they come as CSV (or JSON rows) only.
    assert [e.name for e in vera_source.entities()] == [e.name for e in VERA_ENTITIES]
    assert [e.name for e in ENTITIES if e not in VERA_ENTITIES] == ["service_subscriptions"]


@pytest.mark.parametrize("entity", VERA_ENTITIES, ids=lambda e: e.name)
def test_the_vera_examples_map_to_exactly_the_csv_examples(entity):
    csv_rows = as_dicts(CsvSetSource([EXAMPLES / "csv"]), entity)
    vera_rows = as_dicts(VeraJsonSource([EXAMPLES / "vera"]), entity)

    # A column absent from one side reads as empty there; columns absent from both are not compared.
    columns = sorted({c for row in csv_rows + vera_rows for c in row})
    assert [{c: r.get(c, "") for c in columns} for r in vera_rows] == [
        {c: r.get(c, "") for c in columns} for r in csv_rows
    ]


def test_the_csv_examples_have_canonical_headers():
    source = CsvSetSource([EXAMPLES / "csv"])

    for entity in source.entities():
        first_line = (EXAMPLES / "csv" / entity.file_name).read_text(encoding="utf-8").splitlines()[0]
        header = source.header(entity)
        assert header == first_line.split(",")
        assert check_header(entity.file_name, entity, header) == header
        assert {c.name for c in entity.columns if c.required} <= set(header)


def test_vera_rows_are_numbered_by_object_position_and_named_by_vera_file():
    source = VeraJsonSource([EXAMPLES / "vera"])

    contract_tenants = BY_NAME["contract_tenants"]
    assert [number for number, _ in source.rows(contract_tenants)] == [1, 1, 2, 3]
    assert source.file_for(contract_tenants) == "overeenkomsten.json"
    assert source.file_for(BY_NAME["arrangement_installments"]) == "betalingsregelingen.json"
    # The bewindvoerder (object 4) is no tenant; the provisional boeking (object 16) is skipped.
    assert [number for number, _ in source.rows(BY_NAME["tenants"])] == [1, 2, 3]
    assert [number for number, _ in source.rows(BY_NAME["ledger_entries"])][-1] == 15


def test_the_source_reads_files_given_one_by_one_and_hashes_their_bytes(tmp_path):
    files = sorted((EXAMPLES / "vera").glob("*.json"))
    source = VeraJsonSource(files)

    assert source.format == "vera"
    assert source.file_names[0] == "relaties.json"
    assert source.raw_csv(BY_NAME["tenants"]) is None
    assert source.sha256() == VeraJsonSource([EXAMPLES / "vera"]).sha256()

    changed = write(tmp_path, "beloften.json", [])
    assert VeraJsonSource([*files[:-1], changed]).sha256() != source.sha256()


def test_the_mapping_does_not_depend_on_the_day_it_runs():
    entity = BY_NAME["contracts"]
    later = as_dicts(VeraJsonSource([EXAMPLES / "vera"], today=date(2031, 1, 1)), entity)

    assert later == as_dicts(VeraJsonSource([EXAMPLES / "vera"]), entity)


# --- malformed input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '[{"id": "B1", "bedrag": }]',
        '[{"id": "B1"}, {"id": "B2"',
        '[{"id": "B1"}] trailing',
        "\ufeff[{id: 1}]",
    ],
    ids=["bad token", "unterminated", "trailing garbage", "unquoted key after a BOM"],
)
def test_malformed_json_is_a_source_error_in_dutch_and_english(tmp_path, content):
    path = tmp_path / "boekingen.json"
    path.write_text(content, encoding="utf-8")
    source = VeraJsonSource([path])

    with pytest.raises(SourceError, match=r"^invalid JSON after object") as caught:
        list(source.rows(BY_NAME["ledger_entries"]))

    assert caught.value.file == "boekingen.json"
    assert caught.value.reason_nl.startswith("ongeldige JSON")
    assert caught.value.reason_en.startswith("invalid JSON")


@pytest.mark.parametrize(
    ("content", "reason"),
    [("", "file is empty"), ('{"id": "B1"}', "expected a JSON array"), ("[1, 2]", "object 1 is not")],
)
def test_a_file_that_is_no_array_of_objects_is_a_source_error(tmp_path, content, reason):
    path = tmp_path / "boekingen.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(SourceError, match=reason):
        VeraJsonSource([path]).header(BY_NAME["ledger_entries"])


def test_an_unknown_file_name_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match=r"unknown file; expected relaties\.json") as caught:
        VeraJsonSource([write(tmp_path, "huurders.json", [])])

    assert caught.value.file == "huurders.json"
    assert "relaties.json" in caught.value.reason_en


# --- unknown codes surface, they are never guessed --------------------------------------------------------


def test_an_unknown_booking_code_is_passed_on_as_the_kind(tmp_path):
    booking = {
        "id": "B1",
        "soort": {"code": "VOR"},
        "detailSoort": {"code": "BET"},
        "boekdatum": "2026-01-01",
    }
    booking["overeenkomst"] = "HO-1"
    booking["bedrag"] = 10

    [row] = mapped(tmp_path, "boekingen.json", [booking], "ledger_entries")

    assert row["kind"] == "BET"
    assert row["kind"] not in BY_NAME["ledger_entries"].column("kind").choices


@pytest.mark.parametrize(
    ("file", "entity", "obj", "column", "raw"),
    [
        ("eenheden.json", "units", {"id": "E1", "soort": {"code": "OVE"}}, "kind", "OVE"),
        ("relaties.json", "tenants", {"id": "R1", "soort": {"code": "GRO"}}, "kind", "GRO"),
        ("relaties.json", "tenants", {"id": "R1", "voorkeurstaal": {"code": "deu"}}, "language", "deu"),
        ("relaties.json", "tenants", {"id": "R1", "communicatievoorkeur": "SOC"}, "preferred_channel", "SOC"),
        (
            "overeenkomsten.json",
            "contracts",
            {"id": "C1", "betaalwijzen": [{"soort": "PIN"}]},
            "payment_method",
            "PIN",
        ),
        (
            "betalingsregelingen.json",
            "arrangements",
            {"id": "A1", "status": {"code": "XYZ"}},
            "status",
            "XYZ",
        ),
        ("beloften.json", "promises", {"id": "P1", "status": {"code": "NAG"}}, "status", "NAG"),
    ],
)
def test_unknown_reference_codes_reach_the_canonical_column_unchanged(
    tmp_path, file, entity, obj, column, raw
):
    [row] = mapped(tmp_path, file, [obj], entity)

    assert row[column] == raw


def test_an_unknown_price_component_is_a_source_error_naming_object_and_field(tmp_path):
    contracts = [
        {"id": "C1", "prijscomponenten": [{"soort": {"code": "NET"}, "bedrag": 500}]},
        {
            "id": "C2",
            "prijscomponenten": [{"soort": {"code": "NET"}, "bedrag": 500}, {"soort": {"code": "KOO"}}],
        },
    ]

    with pytest.raises(
        SourceError, match=r"object 2, field prijscomponenten\[1\]\.soort: unknown prijscomponentsoort 'KOO'"
    ) as caught:
        mapped(tmp_path, "overeenkomsten.json", contracts, "contracts")

    assert caught.value.file == "overeenkomsten.json"
    assert "object 2" in caught.value.reason_en
    assert "prijscomponenten[1].soort" in caught.value.reason_en
    assert "KOO" in caught.value.reason_nl


def test_an_unknown_vangnet_extension_is_a_source_error(tmp_path):
    booking = {"id": "B1", "extra-attributen": [{"naam": "vangnet.reversal_code", "waarde": "AM04"}]}

    with pytest.raises(SourceError, match=r"object 1, field extra-attributen\[0\]\.naam"):
        mapped(tmp_path, "boekingen.json", [booking], "ledger_entries")


def test_other_extra_attributes_are_not_ours_and_ignored(tmp_path):
    booking = {"id": "B1", "extra-attributen": [{"naam": "huurprognose", "waarde": "850"}]}

    [row] = mapped(tmp_path, "boekingen.json", [booking], "ledger_entries")

    assert row["entry_id"] == "B1"


# --- mapping details --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "soort", "bedrag", "kind", "category", "amount"),
    [
        ("PRO", "VOR", 812.5, "invoice", "rent", "812.50"),
        ("FAC", "VOR", 30, "invoice", "other", "30.00"),
        ("FAC", "OHD", 30, "invoice", "repair", "30.00"),
        ("EIN", "VOR", 120, "invoice", "final_settlement", "120.00"),
        ("BAN", "ONT", -812.5, "payment", "", "812.50"),
        ("STO", "ONT", -812.5, "reversal", "", "812.50"),
        ("AFB", "MEM", 75, "write_off", "", "75.00"),
        ("CRE", "MEM", 20, "correction", "", "-20.00"),
        ("PRO", "VOR", -10, "invoice", "rent", "-10.00"),
    ],
)
def test_booking_kinds_and_signs(tmp_path, detail, soort, bedrag, kind, category, amount):
    booking = {"id": "B1", "soort": {"code": soort}, "detailSoort": {"code": detail}, "bedrag": bedrag}

    [row] = mapped(tmp_path, "boekingen.json", [booking], "ledger_entries")

    assert (row["kind"], row.get("category", ""), row["amount"]) == (kind, category, amount)


def test_an_ended_contract_keeps_the_rent_it_ended_with(tmp_path):
    contract = {
        "id": "C1",
        "begindatum": "2020-01-01",
        "einddatum": "2025-03-31",
        "betaalwijzen": [{"soort": "OVB", "begindatum": "2020-01-01", "einddatum": "2025-03-31"}],
        "prijscomponenten": [
            {
                "soort": "NET",
                "naam": "Kale huur",
                "begindatum": "2023-12-31T23:00:00Z",
                "einddatum": "2024-06-30T22:00:00Z",
                "bedrag": 700,
            },
            {
                "soort": "NET",
                "naam": "Kale huur",
                "begindatum": "2024-06-30T22:00:00Z",
                "einddatum": "2025-03-31T22:00:00Z",
                "bedrag": 720,
            },
        ],
    }

    [row] = mapped(tmp_path, "overeenkomsten.json", [contract], "contracts", today=date(2026, 5, 1))

    assert (row["monthly_rent"], row["payment_method"], row["end_date"]) == (
        "720.00",
        "transfer",
        "2025-03-31",
    )


def test_a_price_change_day_does_not_count_old_and_new_rent_twice(tmp_path):
    contract = {
        "id": "C1",
        "begindatum": "2020-01-01",
        "prijscomponenten": [
            {
                "soort": "NET",
                "naam": "Kale huur",
                "begindatum": "2025-07-01",
                "einddatum": "2026-07-01",
                "bedrag": 700,
            },
            {"soort": "NET", "naam": "Kale huur", "begindatum": "2026-07-01", "bedrag": 720},
            {"soort": "NET", "naam": "Parkeren", "begindatum": "2025-07-01", "bedrag": 40},
        ],
    }

    [row] = mapped(tmp_path, "overeenkomsten.json", [contract], "contracts", today=date(2026, 7, 1))

    assert row["monthly_rent"] == "760.00"


def test_the_bewindvoerder_relatie_fills_the_administrator_of_its_tenant():
    [_, _, henk] = as_dicts(VeraJsonSource([EXAMPLES / "vera"]), BY_NAME["tenants"])

    assert henk["administrator_name"] == "Bewindvoering Domstad B.V."
    assert henk["administrator_address"] == "Postbus 1234, 3500 BE Utrecht"
    assert henk["administrator_since"] == "2025-09-01"


def test_columns_empty_for_every_object_are_left_out_so_vangnet_keeps_its_values(tmp_path):
    source = VeraJsonSource(
        [write(tmp_path, "relaties.json", [{"id": "R1", "soort": "NAT", "achternaam": "Visser"}])]
    )

    assert source.header(BY_NAME["tenants"]) == ["tenant_id", "kind", "last_name"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01", "2026-03-01"),
        ("2026-06-30T22:00:00Z", "2026-07-01"),
        ("2026-01-31T23:00:00Z", "2026-02-01"),
        ("2026-03-01T10:00:00", "2026-03-01"),
        ("01-03-2026", "01-03-2026"),
        (None, ""),
    ],
)
def test_vera_dates_become_dutch_calendar_dates(value, expected):
    assert day(value) == expected


# --- the documentation stays in step with the schema -----------------------------------------------------


def test_the_import_format_doc_lists_every_canonical_column_with_its_type_and_requiredness():
    text = DOC.read_text(encoding="utf-8")

    for entity in ENTITIES:
        section = text.split(f"### {entity.file_name}\n", 1)[1].split("\n### ", 1)[0]
        rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| (yes)? *\|", section, flags=re.MULTILINE)
        assert [name for name, _, _ in rows] == list(entity.column_names), entity.name
        for name, kind, required in rows:
            column = entity.column(name)
            assert bool(required) == column.required, (entity.name, name)
            assert kind.startswith(DOC_KINDS[column.kind]), (entity.name, name, kind)
            if column.kind == "choice":
                assert re.findall(r"`(\w+)`", kind) == list(column.choices), (entity.name, name)
            if column.kind in ("text", "email", "iban"):
                assert f"({column.max_length})" in kind, (entity.name, name)
            if column.kind == "ref":
                assert kind.strip() == f"ref → {column.ref}", (entity.name, name)


DOC_KINDS = {
    "text": "text",
    "email": "email",
    "iban": "iban",
    "date": "date",
    "amount": "amount",
    "positive_amount": "amount ≥ 0",
    "int": "int",
    "bool": "bool",
    "choice": "choice",
    "ref": "ref →",
}
