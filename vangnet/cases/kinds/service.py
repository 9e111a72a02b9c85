"""Service and contact: every other question, answered or followed up by a colleague."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "gesteld",
        "name": "Vraag gesteld",
        "tenant_text": "Wij hebben uw vraag ontvangen. Een collega kijkt ernaar.",
        "sla_days": 3,
        "next": ["in-behandeling", "beantwoord"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "in-behandeling",
        "name": "In behandeling",
        "tenant_text": "Een collega zoekt het voor u uit.",
        "sla_days": 5,
        "next": ["beantwoord"],
    },
    {
        "code": "beantwoord",
        "name": "Beantwoord",
        "tenant_text": "Wij hebben uw vraag beantwoord.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class ServiceKind(CaseKind):
    code = "service"
    name = "Service en contact"
    default = TypeDefault(
        code="vraag",
        name="Vraag of verzoek",
        tenant_name="Een vraag stellen",
        description="Heeft u een vraag die niet over een reparatie gaat? Stel hem hier.",
        stages=STAGES,
        fields=[{"code": "vraag", "label": "Uw vraag", "kind": "long_text", "required": True}],
        routing={"team": "Klantcontact"},
        portal=True,
        open_to_others=True,
    )
