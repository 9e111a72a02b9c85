"""Contract change (tenaamstelling): add or remove a co-tenant after marriage, divorce or death, with the
documents it needs and the consent of those involved; a colleague checks and decides."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

STAGES: list[dict] = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "Wij hebben uw aanvraag ontvangen. Een collega kijkt of alle papieren er zijn.",
        "sla_days": 10,
        "next": ["goedgekeurd", "afgewezen"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "goedgekeurd",
        "name": "Goedgekeurd",
        "tenant_text": "Het huurcontract is aangepast.",
        "final": True,
        "message": "zaak-afgerond",
    },
    {
        "code": "afgewezen",
        "name": "Afgewezen",
        "tenant_text": "Wij kunnen het huurcontract zo niet aanpassen. U krijgt een bericht met de reden.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


# What each reason changes, the documents it needs and whether the other tenants consent (not after a
# death: the one who leaves is the one who died). A corporation changes these as the type's settings.
DOCUMENTS: list[dict] = [
    {
        "code": "inschrijving",
        "name": "Uittreksel uit de Basisregistratie Personen (BRP) waarin de nieuwe medehuurder op dit adres staat",
    },
    {
        "code": "scheiding",
        "name": "Echtscheidingsbeschikking, of een verklaring dat het samenwonen is beëindigd",
    },
    {"code": "overlijden", "name": "Akte van overlijden"},
]
REASONS: list[dict] = [
    {
        "code": "partner",
        "name": "Huwelijk, partnerschap of samenwonen: een medehuurder erbij",
        "change": "add",
        "answer": "Huwelijk of samenwonen",
        "documents": ["inschrijving"],
        "consent": True,
    },
    {
        "code": "scheiding",
        "name": "Scheiding of einde van het samenwonen: een medehuurder eraf",
        "change": "remove",
        "answer": "Scheiding",
        "documents": ["scheiding"],
        "consent": True,
    },
    {
        "code": "overlijden",
        "name": "Overlijden van een medehuurder",
        "change": "remove",
        "answer": "Overlijden",
        "documents": ["overlijden"],
        "consent": False,
    },
]


class NameChangeKind(CaseKind):
    code = "name_change"
    name = "Tenaamstelling"
    default = TypeDefault(
        code="tenaamstelling",
        name="Medehuurder toevoegen of verwijderen",
        tenant_name="Een medehuurder toevoegen of verwijderen",
        description="Bent u getrouwd, gescheiden of is uw partner overleden? Pas hier het huurcontract aan.",
        stages=STAGES,
        fields=[
            {
                "code": "wijziging",
                "label": "Wat wilt u veranderen?",
                "kind": "choice",
                "required": True,
                "choices": ["Medehuurder toevoegen", "Medehuurder verwijderen"],
            },
            {
                "code": "reden",
                "label": "Waarom?",
                "kind": "choice",
                "required": True,
                "choices": ["Huwelijk of samenwonen", "Scheiding", "Overlijden"],
            },
            {"code": "naam", "label": "Naam van de medehuurder", "kind": "text", "required": True},
            {
                "code": "toestemming",
                "label": "Gaat de medehuurder akkoord?",
                "kind": "yes_no",
                "required": True,
            },
        ],
        routing={"team": "Verhuur"},
        settings={"reasons": REASONS, "documents": DOCUMENTS},
        portal=True,
    )
