"""Refuse test checks that cannot fail, or that pass for the wrong reason.

Run by scripts/test before pytest: `python scripts/lint_tests.py [paths ...]` (default: tests/).

- `or` inside an assert: `assert a or b` passes on either half, so one half is never checked.
- `status_code in (...)`: a check that accepts two answers cannot tell which one the code gave.
- `pytest.raises(...)` without `match=`: a refusal given for another reason would pass as well.
"""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path


def _is_pytest_raises(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "raises"
        and isinstance(func.value, ast.Name)
        and func.value.id == "pytest"
    )


def _is_status_code(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "status_code"


def offences(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            if any(isinstance(n, ast.BoolOp) and isinstance(n.op, ast.Or) for n in ast.walk(node.test)):
                yield node.lineno, "`or` inside an assert: assert each half on its own"
        elif isinstance(node, ast.Compare):
            if _is_status_code(node.left) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
                yield node.lineno, "`status_code in (...)`: assert the one status the code must give"
        elif (
            isinstance(node, ast.Call)
            and _is_pytest_raises(node)
            and not any(keyword.arg == "match" for keyword in node.keywords)
        ):
            yield node.lineno, "`pytest.raises` without `match=`: name the reason of the refusal"


def main(argv: list[str]) -> int:
    roots = [Path(arg) for arg in argv] or [Path(__file__).resolve().parent.parent / "tests"]
    files = sorted(f for root in roots for f in ([root] if root.is_file() else root.rglob("*.py")))
    found = 0
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, message in sorted(offences(tree)):
            print(f"{path}:{line}: {message}")
            found += 1
    if found:
        print(f"{found} test check(s) that cannot fail or pass for the wrong reason", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
