"""What a day's run did (or, dry, would do): counts per phase and per step, for the CLI, the preview and audit."""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass
class StepReport:
    flow: str
    version: int
    step_id: int
    position: int
    name: str
    action: str
    day_offset: int
    fired: int = 0
    skipped: int = 0
    caught_up: int = 0
    waiting: int = 0
    wait_reason: str = ""
    deliveries: dict[str, int] = field(default_factory=dict)
    substitutions: int = 0
    tasks: int = 0


@dataclass
class RunReport:
    corporation: str
    as_of: date
    dry_run: bool
    standings_refreshed: int = 0
    segments: dict[str, int] = field(default_factory=dict)
    enrolled: int = 0
    # Open dossiers moved into a flow that takes them over (flows/engine/reroute.py).
    rerouted: int = 0
    closed: dict[str, int] = field(default_factory=dict)
    holds_started: int = 0
    holds_released: int = 0
    held: int = 0
    resumed: int = 0
    promises_kept: int = 0
    promises_broken: int = 0
    arrangements_completed: int = 0
    arrangements_broken: int = 0
    payment_claims_found: int = 0
    payment_claims_not_found: int = 0
    steps: list[StepReport] = field(default_factory=list)
    tasks_created: int = 0
    reversals_followed_up: int = 0
    reversal_messages: int = 0
    costs_entries: int = 0
    costs_total: Decimal = Decimal("0.00")
    interest_entries: int = 0
    interest_total: Decimal = Decimal("0.00")
    # Things a person must look at (e.g. a statutory rate table that missed a decree).
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def messages_planned(self) -> int:
        return sum(sum(step.deliveries.values()) for step in self.steps) + self.reversal_messages

    def active_steps(self) -> list[StepReport]:
        return [step for step in self.steps if step.fired or step.skipped or step.caught_up or step.waiting]

    def deliveries_by_channel(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for step in self.steps:
            for channel, count in step.deliveries.items():
                totals[channel] = totals.get(channel, 0) + count
        return totals

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["costs_total"] = str(self.costs_total)
        data["interest_total"] = str(self.interest_total)
        data["messages_planned"] = self.messages_planned
        data["steps"] = [asdict(step) for step in self.active_steps()]
        return data
