"""Teams: create, rename and choose the members of a named group of colleagues that work is given to.

Tasks name their team as text; renaming a team renames it on its open tasks in the same transaction, so the
work list's team filter keeps finding them. Case types route to teams by name in their own settings
(`routing`); those are changed in the case type.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, Membership, Team, User
from vangnet.tasks.models import Task, TaskStatus


def _clean(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(_("Geef het team een naam."), extra={"field": "name"})
    if len(name) > 100:
        raise ApplicationError(_("De naam is te lang (hoogstens 100 tekens)."), extra={"field": "name"})
    return name


def _taken(corporation: Corporation, name: str, exclude: int | None = None) -> None:
    others = Team.objects.filter(corporation=corporation, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ApplicationError(_("Er is al een team met deze naam."), extra={"field": "name"})


@transaction.atomic
def team_create(*, corporation: Corporation, name: str, actor: User) -> Team:
    name = _clean(name)
    _taken(corporation, name)
    try:
        team = Team.objects.create(corporation=corporation, name=name)
    except IntegrityError:
        raise ApplicationError(_("Er is al een team met deze naam."), extra={"field": "name"}) from None
    log_action(
        corporation=corporation, actor=actor, action="staff.team_created", obj=team, data={"name": name}
    )
    return team


@transaction.atomic
def team_rename(*, team: Team, name: str, actor: User) -> int:
    """Renames the team and its open tasks; returns how many open tasks now carry the new name."""
    name = _clean(name)
    _taken(team.corporation, name, exclude=team.pk)
    old = team.name
    if old == name:
        return 0
    team.name = name
    team.save(update_fields=["name"])
    moved = Task.objects.filter(corporation=team.corporation, status=TaskStatus.OPEN, team=old).update(
        team=name
    )
    log_action(
        corporation=team.corporation,
        actor=actor,
        action="staff.team_renamed",
        obj=team,
        data={"from": old, "to": name, "open_tasks": moved},
    )
    return moved


@transaction.atomic
def team_members_set(*, team: Team, user_ids: Iterable[int], actor: User) -> None:
    """The team's members become exactly these colleagues (of the team's corporation)."""
    wanted = set(user_ids)
    colleagues = set(
        Membership.objects.filter(corporation=team.corporation, user_id__in=wanted).values_list(
            "user_id", flat=True
        )
    )
    if wanted - colleagues:
        raise ApplicationError(_("Kies alleen collega's van deze corporatie."), extra={"field": "members"})
    team.members.set(sorted(colleagues))
    log_action(
        corporation=team.corporation,
        actor=actor,
        action="staff.team_members_set",
        obj=team,
        data={"members": sorted(colleagues)},
    )
