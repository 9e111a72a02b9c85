"""The reports Vangnet offers, by name: the one list the back office, the API, the command and the
benchmark read."""

from django.utils.translation import gettext as _

from vangnet.core.errors import ApplicationError
from vangnet.reports.base import Report
from vangnet.reports.standard.activity import (
    ArrangementsReport,
    ChannelsReport,
    DisputesReport,
    PaymentsReport,
    PromisesReport,
    ReversalsReport,
)
from vangnet.reports.standard.ageing import AgeingReport
from vangnet.reports.standard.arrears import ArrearsReport
from vangnet.reports.standard.effectiveness import StepEffectivenessReport
from vangnet.reports.standard.trend import ArrearsTrendReport
from vangnet.reports.standard.work import WorkReport

REPORTS: dict[str, Report] = {
    report.name: report
    for report in (
        ArrearsReport(),
        ArrearsTrendReport(),
        AgeingReport(),
        PaymentsReport(),
        ReversalsReport(),
        StepEffectivenessReport(),
        ChannelsReport(),
        ArrangementsReport(),
        PromisesReport(),
        DisputesReport(),
        WorkReport(),
    )
}


def report_named(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        known = ", ".join(REPORTS)
        raise ApplicationError(
            _("Er is geen rapport '%(name)s'. Kies uit: %(known)s.") % {"name": name, "known": known},
            extra={"code": "unknown_report"},
        ) from None
