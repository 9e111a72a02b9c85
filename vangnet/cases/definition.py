"""The declared structure of a case type, checked before it is stored (pure).

A type is its stages (each with the stages it may move to, its SLA in days, the text the tenant sees and
the message template sent on entering it), its intake fields (kinds from `cases/fields.py`) and its routing
(a team by default, by category, by complex or by wijk). `definition_problems` names every mistake.
"""

from vangnet.cases.fields import FIELD_KINDS

STAGE_KEYS = {
    "code",
    "name",
    "tenant_text",
    "sla_days",
    "final",
    "next",
    "message",
    "accused_text",
    "accused_message",
}
FIELD_KEYS = {"code", "label", "kind", "required", "choices", "not_future"}
ROUTING_KEYS = {"team", "by_category", "by_complex", "by_neighbourhood"}


def definition_problems(*, stages: list, fields: list, routing: dict) -> list[str]:
    problems: list[str] = []
    if not isinstance(stages, list) or not stages:
        return ["Een zaaktype heeft minstens één fase."]
    codes = [s.get("code") for s in stages if isinstance(s, dict)]
    if len(codes) != len(stages) or not all(isinstance(c, str) and c for c in codes):
        return ["Elke fase heeft een code."]
    if len(set(codes)) != len(codes):
        problems.append("Twee fasen hebben dezelfde code.")
    for stage in stages:
        unknown = set(stage) - STAGE_KEYS
        if unknown:
            problems.append(f"Fase {stage['code']}: onbekende sleutels {sorted(unknown)}.")
        if not stage.get("name") or not stage.get("tenant_text"):
            problems.append(f"Fase {stage['code']}: een naam en een tekst voor de huurder zijn nodig.")
        sla = stage.get("sla_days")
        if sla is not None and (not isinstance(sla, int) or sla < 0):
            problems.append(f"Fase {stage['code']}: de termijn is een aantal dagen (0 of meer).")
        for target in stage.get("next", []):
            if target not in codes:
                problems.append(f"Fase {stage['code']}: volgende fase {target} bestaat niet.")
        if not stage.get("final") and not stage.get("next"):
            problems.append(
                f"Fase {stage['code']}: een fase die niet de laatste is, heeft een volgende fase."
            )
    if not any(stage.get("final") for stage in stages):
        problems.append("Een zaaktype heeft minstens één laatste fase.")
    field_codes: set[str] = set()
    for field in fields if isinstance(fields, list) else [None]:
        if not isinstance(field, dict) or not field.get("code") or not field.get("label"):
            problems.append("Elke vraag heeft een code en een label.")
            continue
        if field["code"] in field_codes:
            problems.append(f"Vraag {field['code']} staat er twee keer in.")
        field_codes.add(field["code"])
        if set(field) - FIELD_KEYS:
            problems.append(f"Vraag {field['code']}: onbekende sleutels {sorted(set(field) - FIELD_KEYS)}.")
        if field.get("kind") not in FIELD_KINDS:
            problems.append(
                f"Vraag {field['code']}: soort {field.get('kind')!r} bestaat niet "
                f"(kies uit {', '.join(FIELD_KINDS)})."
            )
        if field.get("kind") == "choice" and not field.get("choices"):
            problems.append(f"Vraag {field['code']}: een keuzevraag heeft keuzes.")
    if not isinstance(routing, dict) or set(routing) - ROUTING_KEYS:
        problems.append(f"Routering: gebruik alleen {', '.join(sorted(ROUTING_KEYS))}.")
    return problems


def route_team(routing: dict, *, category: str, complex_code: str, neighbourhood: str) -> str:
    """The team: by complex first (most specific), then wijk, then category, then the type's team."""
    for key, value in (
        ("by_complex", complex_code),
        ("by_neighbourhood", neighbourhood),
        ("by_category", category),
    ):
        team = (routing.get(key) or {}).get(value) if value else None
        if team:
            return team
    return routing.get("team", "")


def next_stages(stages: list[dict], current: str) -> list[str]:
    stage = next((s for s in stages if s["code"] == current), {})
    return list(stage.get("next", []))
