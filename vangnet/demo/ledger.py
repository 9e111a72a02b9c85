"""The ledger of one demo contract, month by month: rent invoices, payments as the profile pays them,
direct-debit returns and repayments, repair charges, corrections, final settlements and write-offs.

This is the hot loop of the generator (some 50 rows per contract, millions per run), so dates are day
indexes into the Timeline, amounts are integer cents with their strings made once per contract, and the
rows of an ordinary month are formatted straight into CSV lines in the canonical column order. A contract's
lines are written in one call when it is done.
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from vangnet.demo import profiles as p
from vangnet.demo.csvout import csv_line
from vangnet.demo.names import FINAL_SETTLEMENTS, REPAIRS
from vangnet.demo.timeline import Timeline
from vangnet.ledger.importing.schema import LEDGER_ENTRIES

COLUMNS = (
    "entry_id", "contract_id", "kind", "category", "booking_date", "due_date", "amount",
    "payment_reference", "linked_entry_id", "reversal_reason", "description",
)  # fmt: skip
# Rows are positional for speed; fail at import rather than write shifted columns if the schema moves.
assert LEDGER_ENTRIES.column_names == COLUMNS, "ledger column order changed; update vangnet.demo.ledger"

# SEPA return codes by how often a corporation sees them: mostly insufficient funds.
RETURN_CODES = ("AM04",) * 62 + ("MD06",) * 13 + ("MS03",) * 10 + ("MS02",) * 8 + ("AC04",) * 6 + ("MD07",)
# The chance per month that a direct debit comes back although the tenant meant to pay.
STRAY_RETURN = {
    p.ON_TIME: 0.003,
    p.ONCE_LATE: 0.005,
    p.REGULAR_LATE: 0.05,
    p.STRUCTURAL: 0.08,
    p.DEPARTED: 0.01,
}
REPAIR_CHANCE = 0.003
CORRECTION_CHANCE = 0.001

Row = tuple[str, ...]
Parts = list[tuple[int, int]]  # (days after the due date, cents) of each payment a month receives


def cents(value: int) -> str:
    """Cents as the canonical amount: a dot and two decimals."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


@dataclass(slots=True)
class ContractPlan:
    """Everything the month loop needs to know about a contract, decided before the loop starts."""

    contract_id: str
    reference: str
    method: str
    profile: str
    amounts: list[tuple[str, int]]  # (amount, cents) per rent step: index 0 is today's rent
    first: int  # first billed month (index into the Timeline's months)
    last: int  # last billed month: the current month, or the month the contract ended
    habit: int  # days after the due date an on-time payer pays (negative: before)
    links: bool  # the ERP links this contract's transfers to their invoices
    uses_reference: bool  # the tenant types the betalingskenmerk with transfers
    late_month: int = -1  # ONCE_LATE: the month that went wrong
    late_delay: int = 0  # ONCE_LATE: days after the due date that month was paid
    late_chance: float = 0.0  # REGULAR_LATE (and before the arrears of STRUCTURAL)
    arrears_from: int = -1  # STRUCTURAL: from this month on, arrears build up
    arrangement_month: int = -1  # STRUCTURAL: the month an arrangement was agreed (-1: none)
    arrangement_breaks_after: int = 0  # installments paid before the tenant stops (0: keeps paying)
    lapsed: bool = False  # DEPARTED: paid like a regular late payer before leaving
    ended_on: int = -1  # DEPARTED: day index of the end date


@dataclass(slots=True)
class _Arrangement:
    arrangement_id: str
    first_month: int  # month of the first installment
    installments: list[int] = field(default_factory=list)  # cents
    paid: int = 0


class LedgerSimulator:
    """Writes the entries of contract after contract; arrangements and promises go to their own writers."""

    def __init__(
        self,
        rnd: random.Random,
        timeline: Timeline,
        write_text: Callable[[str], object],
        write_arrangement: Callable[[Row], object],
        write_installment: Callable[[Row], object],
        write_promise: Callable[[Row], object],
    ) -> None:
        self._rnd = rnd
        self._t = timeline
        self._write_text = write_text
        self._write_arrangement = write_arrangement
        self._write_installment = write_installment
        self._write_promise = write_promise
        self._lines: list[str] = []  # the current contract's entries, written in one go at its end
        self._next_id = itertools.count(1).__next__  # entry numbers, shared by every row kind
        self.entries = self.arrangements = self.installments = self.promises = 0

    def _entry(self, *values: str) -> str:
        entry_id = f"B{self._next_id():08d}"
        self._lines.append(csv_line((entry_id, *values)))
        return entry_id

    # The month loop ---------------------------------------------------------------------------------

    def simulate(self, plan: ContractPlan) -> int:
        """Writes the contract's entries and returns its balance in cents on as_of.

        The rows of a normal month are formatted inline: their values are ids, dates, amounts, digits and
        the month labels, none of which can contain a comma or quote, so they need no CSV quoting. Rarer
        rows go through _entry, which quotes when needed.
        """
        t, rnd, next_id = self._t, self._rnd.random, self._next_id
        today, day, months = t.today, t.day, t.month_facts
        cid, ref, amounts, habit = plan.contract_id, plan.reference, plan.amounts, plan.habit
        direct_debit = plan.method == "direct_debit"
        always_on_time = plan.profile == p.ON_TIME
        stray_return = STRAY_RETURN[plan.profile]
        pay_ref = ref if plan.uses_reference or plan.method != "transfer" else ""
        link_transfers = plan.links
        agreement_month = plan.arrangement_month
        repair_chance, extra_chance = REPAIR_CHANCE, REPAIR_CHANCE + CORRECTION_CHANCE
        lines: list[str] = []
        self._lines = lines
        add = lines.append
        balance = 0
        arrangement: _Arrangement | None = None
        for month in range(plan.first, plan.last + 1):
            due, due_iso, step, collected, rent_label, debit_label = months[month]
            amount, amount_cents = amounts[step]
            invoice = f"B{next_id():08d}"
            add(f"{invoice},{cid},invoice,rent,{due_iso},{due_iso},{amount},{ref},,,{rent_label}\n")
            balance += amount_cents
            # None is the common case, the whole rent paid on time: it takes the short paths below.
            parts = None if always_on_time else self._parts(plan, month, amount_cents, balance, arrangement)
            if direct_debit:
                if collected > today:
                    pass
                elif parts is None and rnd() >= stray_return:
                    add(
                        f"B{next_id():08d},{cid},payment,,{day[collected]},,{amount},{ref},{invoice},,"
                        f"{debit_label}\n"
                    )
                    balance -= amount_cents
                else:
                    balance -= self._collect_and_return(plan, month, invoice, amount_cents, parts, collected)
            elif parts is None:
                when = due + habit + int(rnd() * 3)
                if when < due and month == plan.first:
                    when = due
                if when <= today:
                    link = invoice if link_transfers else ""
                    add(
                        f"B{next_id():08d},{cid},payment,,{day[when]},,{amount},{pay_ref},{link},,{rent_label}\n"
                    )
                    balance -= amount_cents
            else:
                balance -= self._transfers(plan, month, invoice, amount_cents, parts, pay_ref)
            if arrangement is not None:
                balance -= self._pay_installment(plan, arrangement, month)
            elif month == agreement_month and balance > amount_cents:
                arrangement = self._agree(plan, month, balance)
            # One draw decides both rare extras: a repair charge or a correction this month.
            extra = rnd()
            if extra < extra_chance:
                if extra < repair_chance:
                    balance += self._repair(plan, due)
                else:
                    balance += self._correction(plan, due, month)
        if plan.profile == p.DEPARTED:
            balance += self._final_settlement(plan)
        # Every line is one entry, so the count follows from the lines.
        self.entries += len(lines)
        self._write_text("".join(lines))
        self._promises(plan, balance, arrangement)
        return balance

    def _parts(
        self, plan: ContractPlan, month: int, amount: int, balance: int, arrangement: _Arrangement | None
    ) -> Parts | None:
        """How this month's rent gets paid as the profile pays it; None means in full and on time."""
        rnd = self._rnd.random
        profile = plan.profile
        if profile == p.ONCE_LATE:
            return [(plan.late_delay, amount)] if month == plan.late_month else None
        if profile == p.DEPARTED:
            if not plan.lapsed:
                return None
            if month == plan.last and rnd() < 0.3:
                return []
            return self._sometimes_late(plan.late_chance, amount)
        if profile == p.REGULAR_LATE or month < plan.arrears_from:
            return self._sometimes_late(plan.late_chance, amount)
        # STRUCTURAL from arrears_from on; an arrangement that is being kept brings back on-time rent.
        if arrangement is not None and (
            not plan.arrangement_breaks_after or arrangement.paid < plan.arrangement_breaks_after
        ):
            return None
        if balance > 4 * amount:
            return [(3 + int(rnd() * 10), amount)]
        draw = rnd()
        if draw < 0.45:
            return [(5 + int(rnd() * 20), amount)]
        if draw < 0.75:
            # Part of the rent, in round tens of euros, as people pay what they can spare.
            part = amount * (30 + int(rnd() * 40)) // 100 // 1000 * 1000
            return [(5 + int(rnd() * 20), part or amount // 2)]
        return []

    def _sometimes_late(self, chance: float, amount: int) -> Parts | None:
        rnd = self._rnd.random
        if rnd() >= chance:
            return None
        delay = 8 + int(rnd() * 32)
        if rnd() < 0.15:
            first = amount // 2 // 100 * 100
            return [(delay, first), (delay + 10 + int(rnd() * 15), amount - first)]
        return [(delay, amount)]

    def _transfers(
        self, plan: ContractPlan, month: int, invoice: str, amount: int, parts: Parts, pay_ref: str
    ) -> int:
        t = self._t
        due, net = t.month_start[month], 0
        for delay, paid in parts:
            when = due + delay
            if when <= t.today:
                link = invoice if plan.links and paid == amount else ""
                self._entry(plan.contract_id, "payment", "", t.day[when], "", cents(paid), pay_ref, link, "",
                            t.rent_label[month])  # fmt: skip
                net += paid
        return net

    def _collect_and_return(
        self, plan: ContractPlan, month: int, invoice: str, amount: int, parts: Parts | None, collected: int
    ) -> int:
        """A direct debit that comes back (the bank's return code), and what the tenant pays after it."""
        t, rnd = self._t, self._rnd
        debit = self._entry(plan.contract_id, "payment", "", t.day[collected], "", cents(amount), plan.reference,
                            invoice, "", t.debit_label[month])  # fmt: skip
        code = rnd.choice(RETURN_CODES)
        returned = collected + (rnd.randint(5, 50) if code == "MD06" else rnd.randint(2, 5))
        returned = t.business_day[returned] if returned <= t.last_day else returned
        if returned > t.today:
            return amount
        self._entry(plan.contract_id, "reversal", "", t.day[returned], "", cents(amount), plan.reference, debit,
                    code, f"Storno {t.debit_label[month].lower()}")  # fmt: skip
        if parts is None:
            # Meant to pay: the money follows by transfer once the tenant sees the return.
            parts = [(returned - t.month_start[month] + rnd.randint(4, 20), amount)]
        net = 0
        for delay, paid in parts:
            when = max(t.month_start[month] + delay, returned + 1)
            if when <= t.today:
                link = invoice if plan.links and paid == amount else ""
                self._entry(plan.contract_id, "payment", "", t.day[when], "", cents(paid), plan.reference, link, "",
                            f"Betaling na storno {t.rent_label[month].lower()}")  # fmt: skip
                net += paid
        return net

    # Occasional entries -----------------------------------------------------------------------------

    def _repair(self, plan: ContractPlan, due: int) -> int:
        t, rnd = self._t, self._rnd
        booked = due + rnd.randint(5, 25)
        if booked > t.today:
            return 0
        description, low, high = rnd.choice(REPAIRS)
        amount = rnd.randint(low * 100, high * 100)
        invoice = self._entry(plan.contract_id, "invoice", "repair", t.day[booked], t.iso(booked + 14),
                              cents(amount), plan.reference, "", "", description)  # fmt: skip
        pays = 0.85 if plan.profile in (p.ON_TIME, p.ONCE_LATE) else 0.45
        paid_on = booked + rnd.randint(7, 30)
        if rnd.random() < pays and paid_on <= t.today:
            self._entry(plan.contract_id, "payment", "", t.day[paid_on], "", cents(amount), plan.reference,
                        invoice if plan.links else "", "", f"Betaling {description.lower()}")  # fmt: skip
            return 0
        return amount

    def _correction(self, plan: ContractPlan, due: int, month: int) -> int:
        t, rnd = self._t, self._rnd
        booked = due + rnd.randint(3, 20)
        if booked > t.today:
            return 0
        if rnd.random() < 0.7:
            amount, description = -rnd.randint(500, 6000), f"Creditering servicekosten {t.label[month]}"
        else:
            amount, description = rnd.randint(500, 4000), f"Correctie huurprijs {t.label[month]}"
        self._entry(
            plan.contract_id, "correction", "", t.day[booked], "", cents(amount), "", "", "", description
        )
        return amount

    def _final_settlement(self, plan: ContractPlan) -> int:
        t, rnd = self._t, self._rnd
        booked = plan.ended_on + rnd.randint(21, 50)
        if booked > t.today:
            return 0
        amount = rnd.randint(4500, 85000)
        invoice = self._entry(plan.contract_id, "invoice", "final_settlement", t.day[booked], t.iso(booked + 14),
                              cents(amount), plan.reference, "", "", rnd.choice(FINAL_SETTLEMENTS))  # fmt: skip
        paid_on = booked + rnd.randint(10, 40)
        if rnd.random() < 0.5 and paid_on <= t.today:
            self._entry(plan.contract_id, "payment", "", t.day[paid_on], "", cents(amount), plan.reference,
                        invoice, "", "Betaling eindafrekening")  # fmt: skip
            return 0
        written_off = booked + rnd.randint(90, 120)
        if amount <= 15000 and written_off <= t.today and rnd.random() < 0.4:
            self._entry(plan.contract_id, "write_off", "", t.day[written_off], "", cents(amount), "", invoice, "",
                        "Afboeking oninbare eindafrekening")  # fmt: skip
            return 0
        return amount

    # Arrangements and promises ----------------------------------------------------------------------

    def _agree(self, plan: ContractPlan, month: int, balance: int) -> _Arrangement:
        """A betalingsregeling for the whole balance, first installment on the 1st of the next month."""
        t, rnd = self._t, self._rnd
        self.arrangements += 1
        arrangement = _Arrangement(f"BR{self.arrangements:06d}", month + 1)
        count = rnd.randint(6, 12)
        share = -(-balance // count // 100) * 100  # whole euros, rounded up
        while share * (count - 1) >= balance:
            count -= 1
        arrangement.installments = [share] * (count - 1) + [balance - share * (count - 1)]
        agreed = min(t.month_start[month] + rnd.randint(5, 20), t.today)
        due_now = sum(1 for i in range(count) if t.month_first(month + 1 + i) <= t.today)
        status = "active"
        if plan.arrangement_breaks_after and due_now > plan.arrangement_breaks_after:
            status = "broken"
        self._write_arrangement((arrangement.arrangement_id, plan.contract_id, status, t.day[agreed],
                                 t.iso(t.month_first(month + 1)), cents(balance)))  # fmt: skip
        for sequence, amount in enumerate(arrangement.installments, start=1):
            self.installments += 1
            due = t.iso(t.month_first(month + sequence))
            self._write_installment((arrangement.arrangement_id, str(sequence), due, cents(amount)))
        return arrangement

    def _pay_installment(self, plan: ContractPlan, arrangement: _Arrangement, month: int) -> int:
        sequence = month - arrangement.first_month + 1
        if not 1 <= sequence <= len(arrangement.installments):
            return 0
        if plan.arrangement_breaks_after and arrangement.paid >= plan.arrangement_breaks_after:
            return 0
        t = self._t
        when = t.month_start[month] + self._rnd.randint(0, 6)
        if when > t.today:
            return 0
        amount = arrangement.installments[sequence - 1]
        self._entry(plan.contract_id, "payment", "", t.day[when], "", cents(amount), plan.reference, "", "",
                    f"Termijn {sequence} betalingsregeling {arrangement.arrangement_id}")  # fmt: skip
        arrangement.paid += 1
        return amount

    def _promise(self, plan: ContractPlan, status: str, made: int, promised: int, amount: int) -> None:
        self.promises += 1
        t = self._t
        row = (
            f"BB{self.promises:07d}",
            plan.contract_id,
            status,
            t.day[made],
            t.iso(promised),
            cents(amount),
        )
        self._write_promise(row)

    def _promises(self, plan: ContractPlan, balance: int, arrangement: _Arrangement | None) -> None:
        """Open promises for some tenants in arrears today, and a few kept or broken ones from the past."""
        t, rnd = self._t, self._rnd
        today = t.today
        first_day = t.month_start[plan.first]
        if plan.profile == p.ONCE_LATE and plan.late_month >= 0 and rnd.random() < 0.35:
            # The late month often came with a promise: kept if the money came, open if it is still due.
            due = t.month_start[plan.late_month]
            made, paid_on = due + rnd.randint(5, 9), due + plan.late_delay
            if made <= today:
                amount = plan.amounts[t.rent_step[plan.late_month]][1]
                self._promise(plan, "kept" if paid_on <= today else "open", made, paid_on, amount)
        if plan.profile not in (p.REGULAR_LATE, p.STRUCTURAL) or balance <= 0:
            return
        if plan.profile == p.STRUCTURAL and rnd.random() < 0.15:
            made = max(first_day, today - rnd.randint(40, 120))
            if made + 14 < today:
                self._promise(plan, "broken", made, made + 14, min(balance, 50000))
        if arrangement is None and rnd.random() < 0.3:
            made = max(first_day, today - rnd.randint(0, 9))
            amount = balance if rnd.random() < 0.6 else max(100, balance // 2 // 100 * 100)
            self._promise(plan, "open", made, today + rnd.randint(2, 14), amount)
