"""The registry of case kinds: one module per kind, registered here once.

`case_types_install_defaults`, the `case_types` command, the API and the screens all go through `kinds`;
a new kind is a module beside these and one line below (docs/development/recipes.md, "A case type").
"""

from collections.abc import Iterator

from vangnet.cases.kinds.base import CaseKind, Intake, TypeDefault
from vangnet.cases.kinds.complaint import ComplaintKind
from vangnet.cases.kinds.modification import ModificationKind
from vangnet.cases.kinds.money import ArrangementKind, PayLinkKind
from vangnet.cases.kinds.nuisance import NuisanceKind
from vangnet.cases.kinds.repair import RepairKind
from vangnet.cases.kinds.service import ServiceKind
from vangnet.cases.kinds.termination import TerminationKind
from vangnet.contracts.kinds.letting import LettingKind
from vangnet.contracts.kinds.name_change import NameChangeKind
from vangnet.contracts.kinds.payment_method import PaymentMethodKind
from vangnet.contracts.kinds.subscription import SubscriptionKind
from vangnet.contracts.kinds.swap import SwapKind


class KindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, CaseKind] = {}

    def register(self, kind: CaseKind) -> None:
        if kind.code in self._kinds:
            raise ValueError(f"Case kind {kind.code!r} is registered twice.")
        self._kinds[kind.code] = kind

    def get(self, code: str) -> CaseKind:
        return self._kinds.get(code) or CaseKind()

    def __contains__(self, code: object) -> bool:
        return code in self._kinds

    def __iter__(self) -> Iterator[CaseKind]:
        return iter(self._kinds.values())


kinds = KindRegistry()
kinds.register(RepairKind())
kinds.register(ComplaintKind())
kinds.register(NuisanceKind())
kinds.register(ServiceKind())
kinds.register(ArrangementKind())
kinds.register(PayLinkKind())
kinds.register(TerminationKind())
kinds.register(ModificationKind())
kinds.register(LettingKind())
kinds.register(SwapKind())
kinds.register(NameChangeKind())
kinds.register(PaymentMethodKind())
kinds.register(SubscriptionKind())

__all__ = ["CaseKind", "Intake", "TypeDefault", "kinds"]
