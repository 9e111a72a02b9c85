"""A small, coherent ERP delivery written as canonical CSV files, for import tests."""

import csv
from pathlib import Path

TENANTS = [
    {
        "tenant_id": "R1",
        "kind": "person",
        "initials": "J.",
        "first_name": "Jan",
        "last_name": "Jansen",
        "birth_date": "1970-03-14",
        "email": "jan@example.nl",
        "postcode": "1013AB",
        "house_number": "12",
        "street": "Haarlemmerweg",
        "city": "Amsterdam",
        "no_voice_calls": "1",
    },
    {
        "tenant_id": "R2",
        "kind": "person",
        "first_name": "Fatma",
        "last_name": "Yilmaz",
        "language": "tr",
        "administrator_name": "Bewind BV",
        "administrator_since": "2024-01-01",
    },
    {"tenant_id": "R3", "kind": "organisation", "organisation_name": "Bakkerij Vos BV"},
]
UNITS = [
    {
        "unit_id": "E1",
        "kind": "dwelling",
        "street": "Haarlemmerweg",
        "house_number": "12",
        "postcode": "1013AB",
        "city": "Amsterdam",
        "municipality": "Amsterdam",
        "neighbourhood": "Westerpark",
        "complex_code": "C100",
    },
    {
        "unit_id": "E2",
        "kind": "business",
        "street": "Spaarndammerstraat",
        "house_number": "3",
        "postcode": "1013ST",
        "city": "Amsterdam",
        "municipality": "Amsterdam",
    },
]
CONTRACTS = [
    {
        "contract_id": "H1",
        "unit_id": "E1",
        "start_date": "2020-01-01",
        "monthly_rent": "700.00",
        "monthly_service_costs": "50.00",
        "payment_method": "direct_debit",
        "debit_iban": "NL91ABNA0417164300",
        "mandate_id": "M-H1",
        "payment_reference": "5000056789012345",
    },
    {
        "contract_id": "H2",
        "unit_id": "E2",
        "start_date": "2021-06-01",
        "monthly_rent": "1200.00",
        "payment_method": "transfer",
        "payment_reference": "1234567890123456",
    },
]
CONTRACT_TENANTS = [
    {"contract_id": "H1", "tenant_id": "R1", "role": "main"},
    {"contract_id": "H1", "tenant_id": "R2", "role": "co"},
    {"contract_id": "H2", "tenant_id": "R3", "role": "main"},
]
LEDGER = [
    {
        "entry_id": "B1",
        "contract_id": "H1",
        "kind": "invoice",
        "booking_date": "2026-09-01",
        "due_date": "2026-09-01",
        "amount": "750.00",
    },
    {
        "entry_id": "B2",
        "contract_id": "H1",
        "kind": "payment",
        "booking_date": "2026-09-01",
        "amount": "750.00",
    },
    {
        "entry_id": "B3",
        "contract_id": "H1",
        "kind": "invoice",
        "booking_date": "2026-10-01",
        "due_date": "2026-10-01",
        "amount": "750.00",
    },
    {
        "entry_id": "B4",
        "contract_id": "H1",
        "kind": "payment",
        "booking_date": "2026-10-01",
        "amount": "750.00",
    },
    {
        "entry_id": "B5",
        "contract_id": "H1",
        "kind": "reversal",
        "booking_date": "2026-10-03",
        "amount": "750.00",
        "linked_entry_id": "B4",
        "reversal_reason": "AM04",
    },
    {
        "entry_id": "B6",
        "contract_id": "H1",
        "kind": "invoice",
        "booking_date": "2026-11-01",
        "due_date": "2026-11-01",
        "amount": "750.00",
    },
    {
        "entry_id": "B7",
        "contract_id": "H2",
        "kind": "invoice",
        "booking_date": "2026-11-01",
        "due_date": "2026-11-01",
        "amount": "1200.00",
    },
    {
        "entry_id": "B8",
        "contract_id": "H2",
        "kind": "payment",
        "booking_date": "2026-11-10",
        "amount": "1200.00",
        "linked_entry_id": "B7",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_delivery(directory: Path, **overrides: list[dict[str, str]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "tenants": TENANTS,
        "units": UNITS,
        "contracts": CONTRACTS,
        "contract_tenants": CONTRACT_TENANTS,
        "ledger_entries": LEDGER,
    }
    files.update(overrides)
    for name, rows in files.items():
        write_csv(directory / f"{name}.csv", rows)
    return directory
