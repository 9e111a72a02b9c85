"""Payment behaviour profiles: how a demo contract pays, and how often each kind occurs.

The shares follow what Dutch corporations report: most tenants always pay on time, a tenth slips now and
then, a few percent build up real arrears, and a few leave during the period.
"""

import random

ON_TIME = "on_time"  # always on time
ONCE_LATE = "once_late"  # one late payment in the last six months
REGULAR_LATE = "regular_late"  # often late, but catches up
STRUCTURAL = "structural"  # growing arrears, some 2-4 months behind
DEPARTED = "departed"  # the contract ended in the period; a final settlement follows

PROFILE_SHARES: tuple[tuple[str, float], ...] = (
    (ON_TIME, 0.72),
    (ONCE_LATE, 0.12),
    (REGULAR_LATE, 0.09),
    (STRUCTURAL, 0.04),
    (DEPARTED, 0.03),
)
_CUMULATIVE = tuple(
    (name, sum(share for _, share in PROFILE_SHARES[: i + 1])) for i, (name, _) in enumerate(PROFILE_SHARES)
)

# Special statuses are far more common among tenants in arrears; these chances keep the overall shares at
# about 1.5% bewind, 1% debt counselling and 0.3% WSNP.
ADMINISTRATOR_CHANCE = {STRUCTURAL: 0.10, REGULAR_LATE: 0.04}
DEBT_COUNSELLING_CHANCE = {STRUCTURAL: 0.08, REGULAR_LATE: 0.02}
WSNP_CHANCE = {STRUCTURAL: 0.02, REGULAR_LATE: 0.005}
DEFAULT_ADMINISTRATOR, DEFAULT_DEBT_COUNSELLING, DEFAULT_WSNP = 0.009, 0.006, 0.002


def choose_profile(rnd: random.Random) -> str:
    draw = rnd.random()
    for name, upper in _CUMULATIVE:
        if draw < upper:
            return name
    return ON_TIME
