"""Where each step sits on a flow's day axis: a pure layout for the SVG timeline."""

from dataclasses import dataclass

WIDTH = 960
MARGIN = 40
LANES = 3


@dataclass(frozen=True)
class Mark:
    x: int
    lane_y: int
    label_y: int
    day: int
    name: str
    action: str
    position: int


@dataclass(frozen=True)
class Tick:
    x: int
    day: int


def layout(
    steps: list[tuple[int, str, str, int]], *, width: int = WIDTH
) -> tuple[list[Mark], list[Tick], int]:
    """Steps as (day, name, action, position) → marks on the axis, ticks every week, and the last day shown.

    Steps close together alternate between lanes so their labels do not overlap.
    """
    last_day = max([day for day, *_ in steps] + [14])
    span = last_day + 7 - last_day % 7
    usable = width - 2 * MARGIN
    marks = []
    for index, (day, name, action, position) in enumerate(steps):
        x = MARGIN + round(day / span * usable)
        lane = index % LANES
        marks.append(Mark(x, 60, 100 + lane * 22, day, name, action, position))
    ticks = [Tick(MARGIN + round(day / span * usable), day) for day in range(0, span + 1, 7)]
    return marks, ticks, span
