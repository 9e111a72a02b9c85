"""Repairs (reparatieverzoeken): the repair guide (location → element → problem) says who is responsible
(the tenant under the Besluit kleine herstellingen, or the corporation; the service subscription moves
small repairs to the corporation) and how urgent it is; an emergency shows the phone number at once and
makes an urgent task. The SLA follows the urgency.
"""

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from vangnet.cases.kinds.base import CaseKind, Intake, TypeDefault
from vangnet.core.errors import ApplicationError


def _problem(code: str, label: str, responsible: str, urgency: str = "normal", subscription: bool = False):
    return {
        "code": code,
        "label": label,
        "responsible": responsible,
        "urgency": urgency,
        # Small repairs that are the tenant's, unless they have the service subscription.
        "subscription": subscription,
    }


GUIDE: list[dict] = [
    {
        "code": "keuken",
        "label": gettext_noop("Keuken"),
        "elements": [
            {
                "code": "kraan",
                "label": gettext_noop("Kraan"),
                "problems": [
                    _problem("lekt", gettext_noop("De kraan lekt"), "corporation"),
                    _problem(
                        "druppelt", gettext_noop("De kraan druppelt (leertje)"), "tenant", subscription=True
                    ),
                ],
            },
            {
                "code": "afvoer",
                "label": gettext_noop("Afvoer van het aanrecht"),
                "problems": [
                    _problem("verstopt", gettext_noop("De afvoer is verstopt"), "tenant", subscription=True)
                ],
            },
        ],
    },
    {
        "code": "badkamer",
        "label": gettext_noop("Badkamer en wc"),
        "elements": [
            {
                "code": "wc",
                "label": gettext_noop("Wc"),
                "problems": [
                    _problem("loopt-door", gettext_noop("De wc blijft doorlopen"), "corporation"),
                    _problem(
                        "verstopt", gettext_noop("De wc is verstopt"), "tenant", "urgent", subscription=True
                    ),
                ],
            },
            {
                "code": "douche",
                "label": gettext_noop("Douche"),
                "problems": [
                    _problem("lekt", gettext_noop("De douche lekt naar beneden"), "corporation", "urgent")
                ],
            },
        ],
    },
    {
        "code": "installaties",
        "label": gettext_noop("Verwarming, water en stroom"),
        "elements": [
            {
                "code": "cv",
                "label": gettext_noop("Cv-ketel"),
                "problems": [
                    _problem(
                        "geen-warmte", gettext_noop("Geen verwarming of warm water"), "corporation", "urgent"
                    ),
                    _problem("gaslucht", gettext_noop("Ik ruik gas"), "corporation", "emergency"),
                ],
            },
            {
                "code": "water",
                "label": gettext_noop("Waterleiding"),
                "problems": [
                    _problem("lekkage", gettext_noop("Een leiding lekt hard"), "corporation", "emergency")
                ],
            },
        ],
    },
    {
        "code": "buiten",
        "label": gettext_noop("Buiten en gevel"),
        "elements": [
            {
                "code": "dak",
                "label": gettext_noop("Dak"),
                "problems": [_problem("lekt", gettext_noop("Het dak lekt"), "corporation", "urgent")],
            },
            {
                "code": "tuin",
                "label": gettext_noop("Tuin"),
                "problems": [_problem("onderhoud", gettext_noop("Tuin bijhouden"), "tenant")],
            },
        ],
    },
]

STAGES: list[dict] = [
    {
        "code": "gemeld",
        "name": gettext_noop("Gemeld"),
        "tenant_text": gettext_noop("Wij hebben uw reparatieverzoek ontvangen."),
        "sla_days": 2,
        "next": ["opdracht", "geannuleerd"],
        "message": "zaak-ontvangen",
    },
    {
        "code": "opdracht",
        "name": gettext_noop("Opdracht bij vakman"),
        "tenant_text": gettext_noop(
            "Een vakman krijgt de opdracht. U krijgt een bericht om een afspraak te kiezen."
        ),
        "sla_days": 3,
        "next": ["afspraak", "geannuleerd"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "afspraak",
        "name": gettext_noop("Afspraak gemaakt"),
        "tenant_text": gettext_noop("Er is een afspraak. De vakman komt op de afgesproken dag."),
        "next": ["uitgevoerd", "geannuleerd"],
    },
    {
        "code": "uitgevoerd",
        "name": gettext_noop("Uitgevoerd"),
        "tenant_text": gettext_noop("De reparatie is klaar. Wilt u zeggen hoe tevreden u bent?"),
        "sla_days": 14,
        "next": ["afgesloten"],
        "message": "zaak-bijgewerkt",
    },
    {
        "code": "afgesloten",
        "name": gettext_noop("Afgesloten"),
        "tenant_text": gettext_noop("De reparatie is klaar en afgesloten."),
        "final": True,
    },
    {
        "code": "geannuleerd",
        "name": gettext_noop("Geannuleerd"),
        "tenant_text": gettext_noop("Deze reparatie gaat niet door."),
        "final": True,
        "message": "zaak-afgerond",
    },
]

# Days from report to finished work per urgency: the SLA of every open stage of a repair.
SLA_BY_URGENCY = {"emergency": 1, "urgent": 3, "normal": 15}
URGENCY_LABELS = {"emergency": _("Spoed"), "urgent": _("Urgent"), "normal": _("Normaal")}


def guide_problem(guide: list[dict], path: str) -> tuple[dict, dict, dict] | None:
    """The (location, element, problem) a path "keuken/kraan/lekt" names, or None."""
    parts = path.split("/")
    if len(parts) != 3:
        return None
    location = next((item for item in guide if item["code"] == parts[0]), None)
    element = next((item for item in (location or {}).get("elements", []) if item["code"] == parts[1]), None)
    problem = next((item for item in (element or {}).get("problems", []) if item["code"] == parts[2]), None)
    if location is None or element is None or problem is None:
        return None
    return location, element, problem


def responsible_for(problem: dict, *, has_subscription: bool) -> str:
    if problem["responsible"] == "tenant" and problem.get("subscription") and has_subscription:
        return "corporation"
    return problem["responsible"]


class RepairKind(CaseKind):
    code = "repair"
    name = gettext_noop("Reparatie")
    default = TypeDefault(
        code="reparatie",
        name=gettext_noop("Reparatieverzoek"),
        tenant_name=gettext_noop("Een reparatie melden"),
        description=gettext_noop("Is er iets kapot in uw huis? Meld het hier, met een foto als dat kan."),
        stages=STAGES,
        fields=[
            {
                "code": "omschrijving",
                "label": gettext_noop("Wat is er kapot?"),
                "kind": "long_text",
                "required": True,
            },
            {
                "code": "telefoon",
                "label": gettext_noop("Op welk nummer kunnen wij u bellen?"),
                "kind": "phone",
            },
        ],
        routing={"team": "Onderhoud"},
        settings={"guide": GUIDE, "sla_by_urgency": SLA_BY_URGENCY, "emergency_phone": ""},
        portal=True,
    )

    def intake(self, *, case_type, answers, subject, extra):
        path = str(extra.get("guide") or "")
        found = guide_problem(case_type.settings.get("guide", []), path)
        if found is None:
            raise ApplicationError(
                gettext("Kies in de reparatiewijzer waar het is, wat er kapot is en wat het probleem is."),
                extra={"field": "guide"},
            )
        location, _element, problem = found
        responsible = responsible_for(problem, has_subscription=bool(extra.get("subscription")))
        if responsible == "tenant":
            raise ApplicationError(
                gettext(
                    "Deze reparatie doet u zelf (kleine herstellingen). Bijvoorbeeld met een nieuw leertje of "
                    "een ontstopper. Lukt het niet? Bel ons."
                ),
                extra={"field": "guide", "responsible": "tenant"},
            )
        urgency = problem.get("urgency", "normal")
        phone = case_type.settings.get("emergency_phone") or extra.get("corporation_phone", "")
        return Intake(
            subject=subject or f"{location['label']}: {problem['label']}",
            category=path,
            urgency=urgency,
            responsible=responsible,
            urgent_task=gettext("Spoedreparatie: %(problem)s") % {"problem": problem["label"]}
            if urgency == "emergency"
            else "",
            call_now=phone if urgency == "emergency" else "",
        )

    def stage_days(self, *, case_type, case, stage):
        if stage.get("final") or stage["code"] == "afspraak":
            # The appointment's own day is the term; the SLA runs again once the work is done.
            return stage.get("sla_days")
        by_urgency = case_type.settings.get("sla_by_urgency", SLA_BY_URGENCY)
        return by_urgency.get(case.urgency or "normal", stage.get("sla_days"))

    def may_rate(self, *, case_type, case):
        # Asked as soon as the contractor reports done, and after closing; never on a cancelled repair.
        return case.stage in {"uitgevoerd", "afgesloten"}
