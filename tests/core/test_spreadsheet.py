"""Every cell of an export a spreadsheet may open is inert: no formula runs, no cell splits a row."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from vangnet.core.spreadsheet import csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://evil.example","Klik")', '\'=HYPERLINK("https://evil.example","Klik")'),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "' =1+1"),
        ("\r=1+1", "' =1+1"),
        (" =1+1", "' =1+1"),
        ("Jansen\r\n=1+1", "Jansen  =1+1"),
        ("Fatima\x00El Amrani", "Fatima El Amrani"),
        ("Fatima El Amrani", "Fatima El Amrani"),
        ("-12.50", "-12.50"),
        ("-12,50", "-12,50"),
        (Decimal("-12.50"), Decimal("-12.50")),
        (3, 3),
        (dt.date(2026, 1, 5), dt.date(2026, 1, 5)),
        (None, ""),
    ],
)
def test_a_cell_is_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_a_csv_keeps_one_line_per_row_and_no_cell_starts_a_formula():
    text = csv_text(header=["naam", "adres"], rows=[["=1+1", "Dorpsstraat 1\nUtrecht"], ["@x", "-1"]])
    assert text.count("\n") == 3
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["naam", "adres"], ["'=1+1", "Dorpsstraat 1 Utrecht"], ["'@x", "-1"]]
