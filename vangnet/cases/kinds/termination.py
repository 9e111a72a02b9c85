"""Termination (huur opzeggen): notice in the portal, the pre-inspection, the end inspection, the final
settlement. The steps themselves are in `vangnet.inspections`; this kind gives the type its stages and the
corporation's end-day rule (`settings.end_day`: any_day, working_day or month_end)."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "opgezegd",
        "name": "Opgezegd",
        "tenant_text": "Wij hebben uw opzegging ontvangen. Hieronder ziet u de afspraak voor de voorinspectie.",
        "sla_days": 10,
        "next": ["voorinspectie", "ingetrokken"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "voorinspectie",
        "name": "Voorinspectie gedaan",
        "tenant_text": "De voorinspectie is gedaan. Hieronder staat wat u nog moet doen voordat u de sleutels inlevert.",
        "next": ["eindinspectie", "ingetrokken"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "eindinspectie",
        "name": "Eindinspectie gedaan",
        "tenant_text": "De eindinspectie is gedaan. U krijgt de eindafrekening.",
        "sla_days": 10,
        "next": ["afgerekend"],
    },
    {
        "code": "afgerekend",
        "name": "Eindafrekening verstuurd",
        "tenant_text": "Wij hebben u de eindafrekening gestuurd. U vindt de brief hieronder.",
        "final": True,
        "message": "zaak-afgerond",
    },
    {
        "code": "ingetrokken",
        "name": "Ingetrokken",
        "tenant_text": "De opzegging is ingetrokken. U blijft in uw woning wonen.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class TerminationKind(CaseKind):
    code = "termination"
    name = "Huur opzeggen"
    default = TypeDefault(
        code="opzegging",
        name="Opzegging huur",
        tenant_name="Uw huur opzeggen",
        description="Gaat u verhuizen? Zeg hier uw huur op en kies een moment voor de voorinspectie.",
        stages=STAGES,
        fields=[],
        routing={"team": "Verhuur"},
        settings={"end_day": "working_day"},
        portal=True,
    )
