"""Payment arrangement and pay link: built in `arrangements` and `payments`; as case types they put the
request on the same timeline, so the list of processes is complete."""

from django.utils.translation import gettext_noop

from vangnet.cases.kinds.base import CaseKind, TypeDefault

ARRANGEMENT_STAGES = [
    {
        "code": "aangevraagd",
        "name": gettext_noop("Aangevraagd"),
        "tenant_text": gettext_noop("Wij hebben uw voorstel voor een betalingsregeling ontvangen."),
        "sla_days": 5,
        "next": ["afgesproken", "afgewezen"],
    },
    {
        "code": "afgesproken",
        "name": gettext_noop("Afgesproken"),
        "tenant_text": gettext_noop("De regeling is afgesproken."),
        "final": True,
    },
    {
        "code": "afgewezen",
        "name": gettext_noop("Afgewezen"),
        "tenant_text": gettext_noop(
            "Wij konden de regeling zo niet afspreken. U heeft een bericht met de reden."
        ),
        "final": True,
    },
]

PAY_LINK_STAGES = [
    {
        "code": "aangevraagd",
        "name": gettext_noop("Aangevraagd"),
        "tenant_text": gettext_noop("U heeft een betaallink gevraagd."),
        "sla_days": 1,
        "next": ["verstuurd"],
    },
    {
        "code": "verstuurd",
        "name": gettext_noop("Verstuurd"),
        "tenant_text": gettext_noop("De betaallink is verstuurd."),
        "final": True,
    },
]


class ArrangementKind(CaseKind):
    code = "arrangement"
    name = gettext_noop("Betalingsregeling")
    default = TypeDefault(
        code="betalingsregeling",
        name=gettext_noop("Betalingsregeling"),
        tenant_name=gettext_noop("Een betalingsregeling vragen"),
        description=gettext_noop("Kunt u de achterstand niet in één keer betalen? Vraag een regeling aan."),
        stages=ARRANGEMENT_STAGES,
        fields=[{"code": "toelichting", "label": gettext_noop("Toelichting"), "kind": "long_text"}],
        routing={"team": "Huurincasso"},
    )


class PayLinkKind(CaseKind):
    code = "pay_link"
    name = gettext_noop("Betaallink")
    default = TypeDefault(
        code="betaallink",
        name=gettext_noop("Betaallink"),
        tenant_name=gettext_noop("Een betaallink vragen"),
        description=gettext_noop("Een link om de huur online te betalen."),
        stages=PAY_LINK_STAGES,
        fields=[],
        routing={"team": "Huurincasso"},
    )
