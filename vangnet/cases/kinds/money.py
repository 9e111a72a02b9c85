"""Payment arrangement and pay link: built in `arrangements` and `payments`; as case types they put the
request on the same timeline, so the list of processes is complete."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

ARRANGEMENT_STAGES = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "Wij hebben uw voorstel voor een betalingsregeling ontvangen.",
        "sla_days": 5,
        "next": ["afgesproken", "afgewezen"],
    },
    {
        "code": "afgesproken",
        "name": "Afgesproken",
        "tenant_text": "De regeling is afgesproken.",
        "final": True,
    },
    {
        "code": "afgewezen",
        "name": "Afgewezen",
        "tenant_text": "Wij konden de regeling zo niet afspreken. U heeft een bericht met de reden.",
        "final": True,
    },
]

PAY_LINK_STAGES = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "U heeft een betaallink gevraagd.",
        "sla_days": 1,
        "next": ["verstuurd"],
    },
    {"code": "verstuurd", "name": "Verstuurd", "tenant_text": "De betaallink is verstuurd.", "final": True},
]


class ArrangementKind(CaseKind):
    code = "arrangement"
    name = "Betalingsregeling"
    default = TypeDefault(
        code="betalingsregeling",
        name="Betalingsregeling",
        tenant_name="Een betalingsregeling vragen",
        description="Kunt u de achterstand niet in één keer betalen? Vraag een regeling aan.",
        stages=ARRANGEMENT_STAGES,
        fields=[{"code": "toelichting", "label": "Toelichting", "kind": "long_text"}],
        routing={"team": "Huurincasso"},
    )


class PayLinkKind(CaseKind):
    code = "pay_link"
    name = "Betaallink"
    default = TypeDefault(
        code="betaallink",
        name="Betaallink",
        tenant_name="Een betaallink vragen",
        description="Een link om de huur online te betalen.",
        stages=PAY_LINK_STAGES,
        fields=[],
        routing={"team": "Huurincasso"},
    )
