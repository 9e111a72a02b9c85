"""Service and contact: every other question, answered or followed up by a colleague."""

from django.utils.translation import gettext_noop

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "gesteld",
        "name": gettext_noop("Vraag gesteld"),
        "tenant_text": gettext_noop("Wij hebben uw vraag ontvangen. Een collega kijkt ernaar."),
        "sla_days": 3,
        "next": ["in-behandeling", "beantwoord"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "in-behandeling",
        "name": gettext_noop("In behandeling"),
        "tenant_text": gettext_noop("Een collega zoekt het voor u uit."),
        "sla_days": 5,
        "next": ["beantwoord"],
    },
    {
        "code": "beantwoord",
        "name": gettext_noop("Beantwoord"),
        "tenant_text": gettext_noop("Wij hebben uw vraag beantwoord."),
        "final": True,
        "message": "zaak-afgerond",
    },
]


class ServiceKind(CaseKind):
    code = "service"
    name = gettext_noop("Service en contact")
    default = TypeDefault(
        code="vraag",
        name=gettext_noop("Vraag of verzoek"),
        tenant_name=gettext_noop("Een vraag stellen"),
        description=gettext_noop("Heeft u een vraag die niet over een reparatie gaat? Stel hem hier."),
        stages=STAGES,
        fields=[{"code": "vraag", "label": gettext_noop("Uw vraag"), "kind": "long_text", "required": True}],
        routing={"team": "Klantcontact"},
        portal=True,
        open_to_others=True,
    )
