"""Saving dynamic reports: a colleague saves a checked choice for themself or the team, puts it on their start
screen or takes it off, and deletes it. Only the colleague who saved a report changes it."""

from django.db import transaction
from django.utils.translation import gettext as _

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.reports.dynamic import spec_from_data
from vangnet.reports.models import SavedReport, Schedule

TITLE_LENGTH = 120


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Geef het rapport een titel."), extra={"code": "no_title", "field": "title"})
    if len(title) > TITLE_LENGTH:
        raise ApplicationError(
            _("Een titel heeft hoogstens %(n)s tekens.") % {"n": TITLE_LENGTH},
            extra={"code": "title_too_long", "field": "title"},
        )
    return title


def _own(report: SavedReport, actor: User) -> None:
    if report.owner_id != actor.pk:
        raise ApplicationError(
            _("Alleen wie dit rapport heeft opgeslagen, kan het wijzigen."), extra={"code": "not_owner"}
        )


@transaction.atomic
def saved_report_create(
    *,
    corporation: Corporation,
    title: str,
    spec: object,
    shared: bool,
    on_start: bool,
    actor: User,
    schedule: str = "",
) -> SavedReport:
    checked = spec_from_data(spec)
    if schedule not in Schedule.values:
        raise ApplicationError(
            _("Kies hoe vaak het rapport wordt gemaild."), extra={"code": "bad_schedule", "field": "schedule"}
        )
    report = SavedReport.objects.create(
        corporation=corporation,
        title=_title(title),
        owner=actor,
        shared=shared,
        spec=checked.as_data(),
        on_start=on_start,
        schedule=schedule,
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="report.saved",
        obj=report,
        data={
            "title": report.title,
            "shared": shared,
            "on_start": on_start,
            "schedule": schedule,
            "spec": report.spec,
        },
    )
    return report


@transaction.atomic
def saved_report_set_tile(*, report: SavedReport, on_start: bool, actor: User) -> SavedReport:
    _own(report, actor)
    report.on_start = on_start
    report.save(update_fields=["on_start", "updated_at"])
    log_action(
        corporation=report.corporation,
        actor=actor,
        action="report.tile_added" if on_start else "report.tile_removed",
        obj=report,
    )
    return report


@transaction.atomic
def saved_report_delete(*, report: SavedReport, actor: User) -> None:
    _own(report, actor)
    log_action(
        corporation=report.corporation,
        actor=actor,
        action="report.deleted",
        obj=report,
        data={"title": report.title},
    )
    report.delete()
