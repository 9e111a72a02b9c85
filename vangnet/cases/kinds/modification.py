"""Home modification (woningaanpassing, zelf aangebrachte voorziening): the tenant asks, the corporation's
policy per kind of change (`settings.policies`: allowed, allowed with conditions, not allowed) guides the
decision, a letter with the conditions goes out, and an inspection after completion records it on the unit.
The steps are in `vangnet.inspections`."""

from vangnet.cases.kinds.base import CaseKind, TypeDefault

POLICIES: list[dict] = [
    {
        "code": "keuken",
        "name": "Een andere keuken",
        "decision": "conditions",
        "conditions": "Laat het werk doen door een erkend installateur. Gas-, water- en elektrische "
        "aansluitingen blijven veilig en volgens de regels. Bij vertrek mag de keuken blijven als hij heel is.",
    },
    {
        "code": "badkamer",
        "name": "Een andere badkamer of wc",
        "decision": "conditions",
        "conditions": "Laat het werk doen door een erkend installateur. De ventilatie blijft werken. "
        "Bij vertrek mag de badkamer blijven als hij heel is.",
    },
    {
        "code": "schuur",
        "name": "Een schuur of overkapping in de tuin",
        "decision": "conditions",
        "conditions": "Vraag zelf een vergunning aan als de gemeente dat vraagt. Bij vertrek haalt u hem weg, "
        "tenzij de nieuwe huurder hem overneemt.",
    },
    {"code": "vloer", "name": "Een nieuwe vloer", "decision": "allowed", "conditions": ""},
    {
        "code": "muur",
        "name": "Een muur weghalen of verplaatsen",
        "decision": "refused",
        "conditions": "Een muur kan de woning dragen. Dit mag niet.",
    },
]

STAGES: list[dict] = [
    {
        "code": "aangevraagd",
        "name": "Aangevraagd",
        "tenant_text": "Wij hebben uw aanvraag ontvangen. U krijgt binnen vier weken een brief met ons besluit.",
        "sla_days": 28,
        "next": ["goedgekeurd", "afgewezen"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "goedgekeurd",
        "name": "Goedgekeurd",
        "tenant_text": "U mag de aanpassing maken. Lees de voorwaarden in de brief hieronder. "
        "Laat het ons weten als het klaar is: dan komen wij kijken.",
        "next": ["opgenomen"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "afgewezen",
        "name": "Afgewezen",
        "tenant_text": "U mag deze aanpassing niet maken. In de brief hieronder leest u waarom.",
        "final": True,
        "message": "zaak-afgerond",
    },
    {
        "code": "opgenomen",
        "name": "Opgenomen bij de woning",
        "tenant_text": "Wij hebben de aanpassing bekeken en vastgelegd bij uw woning.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class ModificationKind(CaseKind):
    code = "modification"
    name = "Woningaanpassing"
    default = TypeDefault(
        code="woningaanpassing",
        name="Woningaanpassing",
        tenant_name="Iets veranderen aan uw woning",
        description="Wilt u zelf iets veranderen, zoals een andere keuken? Vraag het hier eerst aan.",
        stages=STAGES,
        fields=[],
        routing={"team": "Onderhoud"},
        settings={"policies": POLICIES},
        portal=True,
    )
