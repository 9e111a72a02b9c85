"""The calendar of a demo ledger: every day as an index, with its ISO string computed once.

The generator writes millions of dates; formatting each with date.isoformat() would dominate the run, so
dates are small integers (days since `base`) and strings come from a lookup table.
"""

from datetime import date, timedelta

MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# Days the table reaches past as_of: arrangements and promises are scheduled up to a year ahead.
FUTURE_DAYS = 400
# Days before the first month: a prepayment or a settlement date can fall just before the window.
PAST_DAYS = 62


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class Timeline:
    """The `count` months ending with as_of's month, and a day index around them."""

    def __init__(self, as_of: date, count: int) -> None:
        if count < 1:
            raise ValueError("at least one month")
        self.as_of = as_of
        self.months = [add_months(as_of, offset) for offset in range(1 - count, 1)]
        self.base = self.months[0] - timedelta(days=PAST_DAYS)
        self.today = (as_of - self.base).days
        total = self.today + FUTURE_DAYS
        self.day = [(self.base + timedelta(days=i)).isoformat() for i in range(total + 1)]
        self.last_day = total
        # The next working day (Saturday and Sunday roll to Monday), as banks execute collections.
        self.business_day = [i + self._days_to_monday(i) for i in range(total + 1)]
        self.month_start = [self.index(m) for m in self.months]
        self.label = [f"{MONTH_NAMES[m.month - 1]} {m.year}" for m in self.months]
        # Descriptions of the monthly entries, made once instead of once per contract.
        self.rent_label = [f"Huur {label}" for label in self.label]
        self.debit_label = [f"Incasso huur {label}" for label in self.label]
        # Rents go up every 1 July; count the increases between each month and as_of.
        self.rent_step = [
            sum(1 for year in range(m.year, as_of.year + 1) if m < date(year, 7, 1) <= as_of)
            for m in self.months
        ]
        # What the ledger loop needs of each month in one tuple, unpacked once per contract-month:
        # (due day, its ISO date, rent step, direct-debit collection day, rent label, debit label).
        self.month_facts = [
            (due, self.day[due], step, self.business_day[due], rent, debit)
            for due, step, rent, debit in zip(
                self.month_start, self.rent_step, self.rent_label, self.debit_label, strict=True
            )
        ]

    def _days_to_monday(self, i: int) -> int:
        weekday = (self.base + timedelta(days=i)).weekday()
        return 7 - weekday if weekday >= 5 else 0

    def index(self, day: date) -> int:
        return (day - self.base).days

    def date_of(self, index: int) -> date:
        return self.base + timedelta(days=index)

    def iso(self, index: int) -> str:
        """The ISO date for any index, also outside the table (rare: far-future installments)."""
        if 0 <= index <= self.last_day:
            return self.day[index]
        return self.date_of(index).isoformat()

    def month_first(self, month: int) -> int:
        """The index of the 1st of month number `month` (0 = first window month; may be past the window)."""
        if month < len(self.months):
            return self.month_start[month]
        return self.index(add_months(self.months[0], month))

    def month_end(self, month: int) -> int:
        return self.month_first(month + 1) - 1

    @property
    def current_month(self) -> int:
        return len(self.months) - 1
