"""The documented feedback format (docs/handovers.md) is what the parser does: the worked example reads, the
rejected example gives exactly the errors the page shows."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from vangnet.handovers.feedback import FeedbackRejected, parse_lines, rows_from_csv

DOCS = Path(__file__).resolve().parents[2] / "docs"
OPEN = {"HO-1001", "HO-1002", "HO-1003", "HO-1004"}
AS_OF = dt.date(2026, 11, 20)


def test_the_worked_example_reads():
    lines = parse_lines(
        rows_from_csv((DOCS / "examples/handovers/feedback.csv").read_bytes()),
        open_contracts=OPEN,
        as_of=AS_OF,
    )
    assert [(line.contract_id, line.kind) for line in lines] == [
        ("HO-1001", "payment"),
        ("HO-1001", "costs"),
        ("HO-1002", "stage"),
        ("HO-1003", "stage"),
        ("HO-1004", "payment"),
        ("HO-1004", "closed"),
    ]
    assert lines[3].eviction_on == dt.date(2026, 12, 15)


def test_the_rejected_example_gives_the_documented_errors():
    page = (DOCS / "handovers.md").read_text()
    documented = json.loads(re.search(r"```json\n(\{\"rows\": 5.*?)\n```", page, re.S).group(1))
    rows = rows_from_csv((DOCS / "examples/handovers/feedback-rejected.csv").read_bytes())
    with pytest.raises(FeedbackRejected, match="5 error") as refused:
        parse_lines(rows, open_contracts=OPEN, as_of=AS_OF)
    assert [error.as_dict() for error in refused.value.errors] == documented["errors"]
