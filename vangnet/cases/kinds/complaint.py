"""Complaints (klachten), also from people who are not tenants: acknowledged within the set term, a
handler, an answer letter, and the escalation to the complaints committee (klachtencommissie)."""

from django.utils.translation import gettext_noop

from vangnet.cases.kinds.base import CaseKind, Intake, TypeDefault

STAGES: list[dict] = [
    {
        "code": "ontvangen",
        "name": gettext_noop("Ontvangen"),
        "tenant_text": gettext_noop("Wij hebben uw klacht ontvangen."),
        # The acknowledgement term: the confirmation must be out within it.
        "sla_days": 5,
        "next": ["in-behandeling"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "in-behandeling",
        "name": gettext_noop("In behandeling"),
        "tenant_text": gettext_noop("Een collega behandelt uw klacht. U hoort binnen vier weken van ons."),
        "sla_days": 28,
        "next": ["beantwoord"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "beantwoord",
        "name": gettext_noop("Beantwoord"),
        "tenant_text": gettext_noop(
            "U heeft een brief met ons antwoord gekregen. Bent u het er niet mee eens? "
            "Dan kunt u naar de klachtencommissie."
        ),
        "sla_days": 14,
        "next": ["klachtencommissie", gettext_noop("afgesloten")],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "klachtencommissie",
        "name": gettext_noop("Bij de klachtencommissie"),
        "tenant_text": gettext_noop(
            "De klachtencommissie kijkt naar uw klacht. Zij laten u weten wat zij vinden."
        ),
        "sla_days": 56,
        "next": ["afgesloten"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "afgesloten",
        "name": gettext_noop("Afgesloten"),
        "tenant_text": gettext_noop("Uw klacht is afgehandeld."),
        "final": True,
        "message": "zaak-afgerond",
    },
]


class ComplaintKind(CaseKind):
    code = "complaint"
    name = gettext_noop("Klacht")
    default = TypeDefault(
        code="klacht",
        name=gettext_noop("Klacht"),
        tenant_name=gettext_noop("Een klacht indienen"),
        description=gettext_noop(
            "Bent u niet tevreden over ons? Vertel het ons. Wij reageren binnen 5 werkdagen."
        ),
        stages=STAGES,
        fields=[
            {
                "code": "onderwerp",
                "label": gettext_noop("Waar gaat uw klacht over?"),
                "kind": "choice",
                "required": True,
                "choices": [
                    ["service", gettext_noop("Onze service")],
                    ["reparatie", gettext_noop("Een reparatie")],
                    ["medewerker", gettext_noop("Een medewerker")],
                    ["anders", gettext_noop("Iets anders")],
                ],
            },
            {"code": "klacht", "label": gettext_noop("Uw klacht"), "kind": "long_text", "required": True},
        ],
        routing={"team": "Klachtenteam", "by_category": {"reparatie": "Onderhoud"}},
        portal=True,
        open_to_others=True,
    )

    def intake(self, *, case_type, answers, subject, extra):
        labels = (
            dict(tuple(choice) for choice in case_type.fields[0].get("choices", []))
            if case_type.fields
            else {}
        )
        category = str(answers.get("onderwerp", ""))
        return Intake(
            subject=subject or f"Klacht: {labels.get(category, category) or case_type.name}",
            category=category,
        )
