"""Service subscription (serviceabonnement): take, change or end it, in the portal's own page (the plans and
prices are the type's settings) or by a colleague; the ERP gets the price change."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "Wij hebben uw aanvraag voor het serviceabonnement ontvangen.",
        "sla_days": 5,
        "next": ["geregeld"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "geregeld",
        "name": "Geregeld",
        "tenant_text": "Uw serviceabonnement is aangepast. De nieuwe prijs staat op uw volgende huurnota.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class SubscriptionKind(CaseKind):
    code = "subscription"
    name = "Serviceabonnement"
    default = TypeDefault(
        code="serviceabonnement",
        name="Serviceabonnement",
        tenant_name="Serviceabonnement nemen, wijzigen of stoppen",
        description="Met het serviceabonnement doen wij kleine reparaties in huis voor u.",
        stages=STAGES,
        fields=[
            {
                "code": "wens",
                "label": "Wat wilt u?",
                "kind": "choice",
                "required": True,
                "choices": ["Abonnement nemen", "Abonnement wijzigen", "Abonnement stoppen"],
            },
        ],
        routing={"team": "Klantcontact"},
        settings={
            "plans": [
                {
                    "code": "basis",
                    "name": "Basis",
                    "monthly_price": "4.50",
                    "description": "Kleine reparaties in huis, zoals een lekkende kraan of een klemmende deur.",
                },
                {
                    "code": "plus",
                    "name": "Plus",
                    "monthly_price": "7.95",
                    "description": "Basis, en ook het ontstoppen van afvoeren en het vervangen van sloten.",
                },
            ]
        },
        portal=True,
    )
