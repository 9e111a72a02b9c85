"""The tenancy agreement as a PDF (typst, like the letters and work orders): the corporation's clauses and
general conditions (the letting type's settings) with the facts of this letting."""

import json
import threading
from pathlib import Path

import typst

TEMPLATE = Path(__file__).parent / "contract.typ"
_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent))
        _local.compiler = compiler
    return compiler


def contract_pdf(data: dict) -> bytes:
    """`data`: title, corporation, reference, tenant, address, start_date, rent, service_costs, total,
    signature (strings), clauses and conditions (lists of strings); deposit and first_payment (strings)
    when the contract has them (an amended one does not), tenant_label when not "Huurder"."""
    pdf = _compiler().compile(sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    assert isinstance(pdf, bytes)
    return pdf
