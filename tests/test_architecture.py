"""The ladder of docs/development/architecture.md covers every module, and no module imports itself back.

`uv run lint-imports` checks that imports go down the ladder; it only knows the modules its layers name, so
this test makes sure a new module is put on a rung, and that no import cycle between modules exists (the
event service and the Celery task that delivers its webhooks excepted: each enqueues or calls the other).
"""

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_CYCLES = [{"vangnet.events.services", "vangnet.events.tasks"}]
# Configuration: not product code on a rung. So are each app's AppConfig (apps.py) and a package whose
# modules sit on different rungs (its __init__ only re-exports them; the chains through it are checked).
OFF_THE_LADDER = {"vangnet", "vangnet.settings", "vangnet.celery"}


def _layer_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    names = set()
    for layer in contract["layers"]:
        for name in layer.replace("|", ":").split(":"):
            names.add(name.strip().strip("()"))
    return names


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("vangnet", include_external_packages=False)


def test_every_module_is_on_a_rung_of_the_ladder():
    layers, graph = _layer_modules(), _graph()
    unplaced = sorted(
        module
        for module in graph.modules
        if ".migrations" not in module
        and module not in OFF_THE_LADDER
        and not module.endswith(".apps")
        and not graph.find_children(module)
        and not any(module == layer or module.startswith(layer + ".") for layer in layers)
    )
    assert unplaced == [], "put these modules on a rung in pyproject.toml [tool.importlinter]"


def test_no_import_cycle_between_modules():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[set[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(component)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert [cycle for cycle in cycles if cycle not in ALLOWED_CYCLES] == []
