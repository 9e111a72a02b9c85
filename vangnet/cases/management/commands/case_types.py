"""vangnet case_types --corporation SLUG [--install-defaults] [--json]: the corporation's case types with
their stages; `--install-defaults` first adds the shipped type of every registered kind it lacks."""

import json

from django.core.management.base import BaseCommand
from django_scopes import scope

from vangnet.cases.selectors import case_types
from vangnet.cases.services import case_types_install_defaults
from vangnet.core.commands import corporation_option


def type_json(case_type) -> dict:
    return {
        "code": case_type.code,
        "kind": case_type.kind,
        "name": case_type.name,
        "tenant_name": case_type.tenant_name,
        "portal": case_type.portal,
        "open_to_others": case_type.open_to_others,
        "stages": [
            {
                "code": stage["code"],
                "name": stage["name"],
                "tenant_text": stage["tenant_text"],
                "sla_days": stage.get("sla_days"),
                "final": bool(stage.get("final")),
                "next": stage.get("next", []),
            }
            for stage in case_type.stages
        ],
        "fields": [{"code": f["code"], "label": f["label"], "kind": f["kind"]} for f in case_type.fields],
        "routing": case_type.routing,
    }


class Command(BaseCommand):
    help = "Lists a corporation's case types and their stages (and installs the default types)."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument(
            "--install-defaults", action="store_true", help="add the default type of every kind first"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, corporation: str, install_defaults: bool, as_json: bool, **options):
        corp = corporation_option(corporation)
        with scope(corporation=corp):
            added = (
                case_types_install_defaults(corporation=corp, actor="cli:case_types")
                if install_defaults
                else 0
            )
            types = [type_json(t) for t in case_types(corporation=corp)]
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"corporation": corp.slug, "installed": added, "case_types": types}, ensure_ascii=False
                )
            )
            return
        if install_defaults:
            self.stdout.write(f"{added} default case types installed.")
        if not types:
            self.stdout.write("No case types yet: run with --install-defaults.")
        for case_type in types:
            stages = " → ".join(s["code"] for s in case_type["stages"])
            self.stdout.write(f"  {case_type['code']:<20} {case_type['name']}: {stages}")
