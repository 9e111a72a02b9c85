"""Letting (verhuren): the candidate from the allocation system signs the contract in the portal.

Started by the allocation system (API or import), never by a tenant in the portal; `contracts.services`
does the work, the case keeps the timeline (the contract as sent, the code message, the signed PDF).
"""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "aangeboden",
        "name": "Wacht op handtekening",
        "tenant_text": "Uw huurcontract staat klaar. Lees het en teken het hier.",
        "sla_days": 7,
        "next": ["getekend", "vervallen"],
    },
    {
        "code": "getekend",
        "name": "Getekend",
        "tenant_text": "U heeft het huurcontract getekend. Betaal de eerste huur en de waarborgsom.",
        "final": True,
    },
    {
        "code": "vervallen",
        "name": "Vervallen",
        "tenant_text": "Dit aanbod is vervallen.",
        "final": True,
    },
]


class LettingKind(CaseKind):
    code = "letting"
    name = "Verhuur"
    default = TypeDefault(
        code="verhuur",
        name="Verhuur en contract tekenen",
        tenant_name="Uw nieuwe huurcontract",
        description="Het huurcontract van een nieuwe woning, digitaal getekend.",
        stages=STAGES,
        fields=[],
        routing={"team": "Verhuur"},
        settings={
            "clauses": [
                "De huurder gebruikt de woning om er zelf te wonen en laat er niemand anders wonen.",
                "De huur wordt elke maand vooruit betaald, uiterlijk op de eerste dag van de maand.",
                "De huurder mag de woning pas veranderen na toestemming van de verhuurder.",
            ],
            "general_conditions": [
                "Op deze huurovereenkomst zijn de Algemene Huurvoorwaarden van de verhuurder van "
                "toepassing. De huurder heeft die ontvangen.",
                "Kleine herstellingen zijn voor rekening van de huurder, zoals in het Besluit kleine "
                "herstellingen staat, tenzij de huurder een serviceabonnement heeft.",
                "De waarborgsom krijgt de huurder terug na het einde van de huur, min wat dan nog open staat.",
            ],
        },
    )
