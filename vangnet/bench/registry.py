"""The benchmarks `vangnet bench` offers, by the name on the command line."""

from types import ModuleType

from vangnet.bench import dispatch, imports, night, pages, portal, reports, run

BENCHMARKS: dict[str, ModuleType] = {
    "import": imports,
    "run": run,
    "dispatch": dispatch,
    "pages": pages,
    "portal": portal,
    "reports": reports,
    "night": night,
}
