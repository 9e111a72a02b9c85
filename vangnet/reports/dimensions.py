"""The dimensions reports over contracts share: where the unit is, what it is, how the contract is handled.

The unit's dimensions are columns of the history row itself (copied when it is written), so a grouping reads
one table."""

from django.utils.translation import gettext_lazy as _

from vangnet.ledger.models import UnitKind
from vangnet.reports.base import Dimension

TOTAL = Dimension("total", _("Totaal"), "")
MUNICIPALITY = Dimension("municipality", _("Gemeente"), "municipality")
NEIGHBOURHOOD = Dimension("neighbourhood", _("Wijk"), "neighbourhood")
COMPLEX = Dimension("complex", _("Complex"), "complex_code")
UNIT_KIND = Dimension("unit_kind", _("Soort eenheid"), "unit_kind", dict(UnitKind.choices))
SEGMENT = Dimension("segment", _("Segment"), "segment__name")
FLOW = Dimension("flow", _("Incassotraject"), "flow__name")
STEP = Dimension("step", _("Laatste stap"), "step__name")
TENANT_STATUS = Dimension(
    "tenant_status", _("Zittend of vertrokken"), "departed", {False: _("Zittend"), True: _("Vertrokken")}
)

CONTRACT_DIMENSIONS = (
    TOTAL,
    MUNICIPALITY,
    NEIGHBOURHOOD,
    COMPLEX,
    UNIT_KIND,
    SEGMENT,
    FLOW,
    STEP,
    TENANT_STATUS,
)
