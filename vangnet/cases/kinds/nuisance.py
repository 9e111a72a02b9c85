"""Nuisance (overlast): the reporter and the accused each on their own timeline.

The reporter's identity is never shown to the accused, nor put in anything sent to them: the accused sees
only entries meant for them (`Audience.ACCUSED`), and what they are sent uses templates without the
reporter's details (`overlast-betrokkene`). Several reports about one address are grouped under the first.
"""

from django.utils.translation import gettext_noop

from vangnet.cases.kinds.base import CaseKind, Intake, TypeDefault

STAGES: list[dict] = [
    {
        "code": "intake",
        "name": gettext_noop("Intake"),
        "tenant_text": gettext_noop(
            "Wij hebben uw melding ontvangen. Een collega belt u om te horen wat er gebeurt."
        ),
        "sla_days": 5,
        "next": ["gesprek-betrokkene", gettext_noop("afgesloten")],
        "message": "zaak-ontvangen",
    },
    {
        "code": "gesprek-betrokkene",
        "name": gettext_noop("Gesprek met betrokkene"),
        "tenant_text": gettext_noop(
            "Wij praten met de bewoner over wie u meldt. Wij zeggen niet wie de melding deed."
        ),
        "accused_text": "Wij willen met u praten over een melding van overlast. Wij nemen contact met u op.",
        "accused_message": "overlast-betrokkene",
        "sla_days": 10,
        "next": ["buurtbemiddeling", "nazorg", "afgesloten"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "buurtbemiddeling",
        "name": gettext_noop("Buurtbemiddeling"),
        "tenant_text": gettext_noop("Buurtbemiddeling helpt u en uw buren om samen een oplossing te vinden."),
        "accused_text": "Buurtbemiddeling helpt u en uw buren om samen een oplossing te vinden.",
        "sla_days": 42,
        "next": ["nazorg", gettext_noop("afgesloten")],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "nazorg",
        "name": gettext_noop("Nazorg"),
        "tenant_text": gettext_noop("Wij kijken over een tijdje of het beter gaat."),
        "sla_days": 28,
        "next": ["afgesloten"],
    },
    {
        "code": "afgesloten",
        "name": gettext_noop("Afgesloten"),
        "tenant_text": gettext_noop(
            "Wij hebben uw melding afgesloten. Is er weer overlast? Meld het opnieuw."
        ),
        "accused_text": "Wij hebben de melding afgesloten.",
        "final": True,
        "message": "zaak-afgerond",
    },
]


class NuisanceKind(CaseKind):
    code = "nuisance"
    name = gettext_noop("Overlast")
    has_accused = True
    default = TypeDefault(
        code="overlast",
        name=gettext_noop("Overlast"),
        tenant_name=gettext_noop("Overlast melden"),
        description=gettext_noop(
            "Heeft u last van buren? Meld het hier. Wij zeggen niet tegen de buren wie het meldde."
        ),
        stages=STAGES,
        fields=[
            {
                "code": "soort",
                "label": gettext_noop("Wat voor overlast?"),
                "kind": "choice",
                "required": True,
                "choices": [
                    ["geluid", gettext_noop("Geluid")],
                    ["stank", gettext_noop("Stank")],
                    ["vervuiling", gettext_noop("Vuil of rommel")],
                    ["dreiging", gettext_noop("Bedreiging of ruzie")],
                    ["anders", gettext_noop("Iets anders")],
                ],
            },
            {"code": "adres", "label": gettext_noop("Welk adres?"), "kind": "text", "required": True},
            {
                "code": "wat",
                "label": gettext_noop("Wat gebeurt er, en wanneer?"),
                "kind": "long_text",
                "required": True,
            },
        ],
        routing={"team": "Wijkbeheer"},
        portal=True,
        open_to_others=True,
    )

    def intake(self, *, case_type, answers, subject, extra):
        return Intake(subject=subject or "Melding van overlast", category=str(answers.get("soort", "")))
