"""How a benchmark's phases grow with the portfolio: the measured exponent and a projection from it.

A phase that takes t(N) seconds at N tenancies grows as N^k; k is the slope of log t against log N, fitted
by least squares over every measured size (with two sizes: log(t2 / t1) / log(N2 / N1)). k = 1 is linear,
below 1 better than linear (fixed costs still weigh), above 1 worse. The projection to a larger portfolio
scales each phase from the largest measured size by its own exponent, floored at linear growth: a phase
whose fixed costs flatten its curve at small sizes is not assumed to stay flat.
"""

import math


def exponent(seconds_by_size: dict[int, float]) -> float | None:
    """The least-squares slope of log(seconds) against log(size); None with fewer than two usable sizes."""
    points = [(math.log(size), math.log(seconds)) for size, seconds in seconds_by_size.items() if seconds > 0]
    if len({x for x, _ in points}) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def exponents(phases_by_size: dict[int, dict[str, float]]) -> dict[str, float | None]:
    """Per phase (and for the total, "seconds") the measured exponent across the sizes."""
    names = {name for phases in phases_by_size.values() for name in phases}
    result: dict[str, float | None] = {}
    for name in sorted(names):
        k = exponent({size: phases[name] for size, phases in phases_by_size.items() if name in phases})
        result[name] = None if k is None else round(k, 2)
    totals = {size: sum(phases.values()) for size, phases in phases_by_size.items()}
    k = exponent(totals)
    result["seconds"] = None if k is None else round(k, 2)
    return result


def projection(phases_by_size: dict[int, dict[str, float]], *, to: int) -> dict[str, float]:
    """Seconds per phase at `to` tenancies, from the largest measured size, each phase by its own exponent
    (at least 1, see the module's note), and their sum as "seconds"."""
    largest = max(phases_by_size)
    measured = exponents(phases_by_size)
    scale = to / largest
    projected = {
        name: round(seconds * scale ** max(measured.get(name) or 1.0, 1.0), 1)
        for name, seconds in phases_by_size[largest].items()
    }
    projected["seconds"] = round(sum(projected.values()), 1)
    return projected
