"""Charts drawn in the browser by Chart.js (vendored under static/backoffice/vendor/chartjs/, drawn by
static/backoffice/charts.js): what a chart shows, as data the page hands over through `json_script`. The
same figures always stand in a table beside the chart, so a page without JavaScript loses nothing."""

from decimal import Decimal
from typing import Any

KINDS = {"amount", "count", "percent"}


def _number(value: Any) -> float | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return None


def chart_spec(
    *,
    title: str,
    labels: list[str],
    series: list[tuple[str, list[Any]]],
    kind: str,
    filename: str,
    stacked: bool = False,
) -> dict[str, Any]:
    """One horizontal bar chart: a bar per label, one colour (and pattern) per series. `kind` says how a
    value reads (amount: euros with two decimals; count; percent), `filename` names the PNG download
    (without .png)."""
    if kind not in KINDS:
        kind = "count"
    return {
        "title": str(title),
        "labels": [str(label) for label in labels],
        "series": [{"label": str(name), "data": [_number(v) for v in values]} for name, values in series],
        "kind": kind,
        "filename": filename,
        "stacked": stacked,
    }
