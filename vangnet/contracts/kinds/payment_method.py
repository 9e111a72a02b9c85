"""Change payment method: to or from direct debit, the mandate signed in the portal
(`contracts.services.payment_method`); the case keeps the signed mandate on the timeline."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "geregeld",
        "name": "Geregeld",
        "tenant_text": "Uw betaalwijze is aangepast.",
        "final": True,
    },
]


class PaymentMethodKind(CaseKind):
    code = "payment_method"
    name = "Betaalwijze wijzigen"
    default = TypeDefault(
        code="betaalwijze",
        name="Betaalwijze wijzigen",
        tenant_name="Uw betaalwijze wijzigen",
        description="Betaal de huur met automatische incasso of met een overboeking.",
        stages=STAGES,
        fields=[],
        routing={"team": "Huurincasso"},
        settings={"max_returns": 3, "returns_months": 12},
    )
