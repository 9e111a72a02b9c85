"""House swap (woningruil): two or more tenants ask together; a colleague checks the rules and decides."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "Wij hebben uw aanvraag voor woningruil ontvangen. Alle huurders moeten hem bevestigen.",
        "sla_days": 14,
        "next": ["goedgekeurd", "afgewezen"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "goedgekeurd",
        "name": "Goedgekeurd",
        "tenant_text": "De woningruil is goedgekeurd. U krijgt een nieuw huurcontract om te tekenen.",
        "final": True,
        "message": "zaak-afgerond",
    },
    {
        "code": "afgewezen",
        "name": "Afgewezen",
        "tenant_text": "De woningruil kan niet doorgaan. U krijgt een bericht met de reden.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class SwapKind(CaseKind):
    code = "swap"
    name = "Woningruil"
    default = TypeDefault(
        code="woningruil",
        name="Woningruil",
        tenant_name="Van woning ruilen",
        description="Wilt u met een andere huurder van woning ruilen? Vraag het hier samen aan.",
        stages=STAGES,
        fields=[
            {
                "code": "ruilpartner",
                "label": "Naam van de huurder met wie u ruilt",
                "kind": "text",
                "required": True,
            },
            {
                "code": "adres_ruilpartner",
                "label": "Adres van de andere woning",
                "kind": "text",
                "required": True,
            },
            {
                "code": "huishouden",
                "label": "Met hoeveel personen woont u?",
                "kind": "text",
                "required": True,
            },
        ],
        routing={"team": "Verhuur"},
        settings={"minimum_months": 12},
        portal=True,
    )
