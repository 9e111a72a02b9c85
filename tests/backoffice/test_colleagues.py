"""Administrators manage colleagues: the invitation mail (against a real SMTP server) and its one-time,
expiring link, roles, deactivation with the open tasks to reassign, and teams."""

import datetime as dt
import re

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.messaging.servers import SmtpServer
from tests.world import staff_member
from vangnet.core import clock
from vangnet.core.colleagues import colleague_deactivate, colleague_role_change
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Membership, Role, Team, User
from vangnet.tasks.models import Task, TaskKind, TaskSource
from vangnet.tasks.teams import team_create, team_members_set, team_rename

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Rode-Kater-Fietst-77"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server


@pytest.fixture
def admin(staff_a):
    return staff_member(staff_a.corporation, username="beheerder", role=Role.ADMIN, first_name="Bea")


def _invite(admin, **fields):
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "Fatima.ElAmrani@Woonstad.example",
        "role": Role.CREDIT_MANAGER,
    } | fields
    return admin.client.post("/beheer/medewerkers/uitnodigen/", data)


def _link(smtp) -> str:
    body = smtp.sink.received[-1].message.get_body(("plain",)).get_content()
    return re.search(r"http://testserver(/uitnodiging/\S+/)", body).group(1)


def test_an_invited_colleague_sets_a_password_once_and_signs_in(staff_a, admin, smtp):
    response = _invite(admin)

    assert response.status_code == 302
    received = smtp.sink.received[-1]
    assert received.rcpt_tos == ["fatima.elamrani@woonstad.example"]
    mail = received.message
    assert mail["Subject"] == "Uitnodiging voor Vangnet van Woonstad Utrecht"
    assert "Bea" in mail.get_body(("plain",)).get_content()
    user = User.objects.get(username="fatima.elamrani@woonstad.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.CREDIT_MANAGER
    staff_page = admin.client.get("/beheer/medewerkers/").content.decode()
    assert "Fatima El Amrani" in staff_page and "Uitgenodigd" in staff_page

    client = Client()
    form = client.get(_link(smtp), follow=True)
    assert "Welkom bij Vangnet" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Uw wachtwoord is ingesteld" in done.content.decode()
    signed_in = client.post(
        "/inloggen/", {"username": "fatima.elamrani@woonstad.example", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/").status_code == 200

    again = Client().get(_link(smtp), follow=True).content.decode()
    assert "Deze uitnodiging werkt niet meer" in again
    assert AuditEntry.objects.filter(action="staff.invited", actor_label="beheerder").exists()


def test_an_invitation_expires_and_a_bad_address_or_a_known_one_is_refused(staff_a, admin, smtp, settings):
    settings.VANGNET_INVITE_DAYS = 7
    _invite(admin)
    link = _link(smtp)

    with clock.moved_to(clock.today() + dt.timedelta(days=8)):
        expired = Client().get(link, follow=True).content.decode()
    assert "Deze uitnodiging werkt niet meer" in expired

    bad = _invite(admin, email="geen-adres")
    known = _invite(admin)
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()
    assert known.status_code == 400 and "al een account met dit e-mailadres" in known.content.decode()
    assert User.objects.filter(email__iexact="fatima.elamrani@woonstad.example").count() == 1


def test_nothing_is_kept_when_the_mail_cannot_be_sent(staff_a, admin, settings):
    settings.MAILERS = SmtpServer().mailers  # not started: connection refused

    response = _invite(admin)

    assert response.status_code == 400
    assert "kon niet worden verstuurd" in response.content.decode()
    assert not User.objects.filter(email__iexact="fatima.elamrani@woonstad.example").exists()


def test_only_administrators_manage_colleagues(staff_a):
    assert staff_a.client.get("/beheer/medewerkers/").status_code == 403
    assert _invite(staff_a).status_code == 403
    assert staff_a.client.get("/beheer/teams/").status_code == 403


def test_a_role_changes_but_the_last_administrator_stays(staff_a, admin):
    page = admin.client.post(f"/beheer/medewerkers/{staff_a.user.pk}/", {"role": Role.MANAGER})

    assert page.status_code == 302
    assert Membership.objects.get(user=staff_a.user).role == Role.MANAGER
    with pytest.raises(ApplicationError, match="eigen rol"):
        colleague_role_change(
            corporation=staff_a.corporation, user=admin.user, role=Role.MANAGER, actor=admin.user
        )
    with pytest.raises(ApplicationError, match="actieve beheerder"):
        colleague_role_change(
            corporation=staff_a.corporation, user=admin.user, role=Role.MANAGER, actor=staff_a.user
        )


def test_a_deactivated_colleague_cannot_sign_in_and_their_open_tasks_are_listed(staff_a, admin):
    Task.objects.create(
        corporation=staff_a.corporation,
        kind=TaskKind.CALL,
        title="Bel mevrouw Bakker",
        tenant=staff_a.tenant,
        due_on=clock.today(),
        source=TaskSource.STAFF,
        assigned_to=staff_a.user,
    )

    response = admin.client.post(f"/beheer/medewerkers/{staff_a.user.pk}/actief/", {"actie": "deactiveren"})
    page = admin.client.get(response["Location"]).content.decode()

    assert "kan niet meer inloggen" in page
    assert "1 open taak staat op naam van deze collega." in page and "Bel mevrouw Bakker" in page
    assert f"/taken/?wie={staff_a.user.pk}" in page
    # The colleague's open session ends, and the password no longer signs in.
    assert staff_a.client.get("/").status_code == 302
    refused = Client().post("/inloggen/", {"username": staff_a.user.username, "password": PASSWORD})
    assert refused.status_code == 200
    admin.client.post(f"/beheer/medewerkers/{staff_a.user.pk}/actief/", {"actie": "activeren"})
    again = Client().post("/inloggen/", {"username": staff_a.user.username, "password": PASSWORD})
    assert again.status_code == 302  # the same password works once the account is active again
    with pytest.raises(ApplicationError, match="eigen account"):
        colleague_deactivate(corporation=staff_a.corporation, user=admin.user, actor=admin.user)


def test_teams_are_created_renamed_with_their_open_tasks_and_get_members(staff_a, admin):
    created = admin.client.post("/beheer/teams/", {"name": "Huurincasso Noord"})
    team = Team.objects.get(corporation=staff_a.corporation)
    assert created["Location"] == f"/beheer/teams/{team.pk}/"
    task = Task.objects.create(
        corporation=staff_a.corporation,
        kind=TaskKind.CALL,
        title="Bellen",
        due_on=clock.today(),
        source=TaskSource.STAFF,
        team="Huurincasso Noord",
    )

    admin.client.post(f"/beheer/teams/{team.pk}/", {"leden-members": [str(staff_a.user.pk)]})
    admin.client.post(f"/beheer/teams/{team.pk}/", {"naam-name": "Huurincasso Oost"})

    team.refresh_from_db()
    task.refresh_from_db()
    assert team.name == "Huurincasso Oost" and task.team == "Huurincasso Oost"
    assert list(team.members.all()) == [staff_a.user]
    assert "Huurincasso Oost" in admin.client.get("/beheer/teams/").content.decode()
    with pytest.raises(ApplicationError, match="al een team"):
        team_create(corporation=staff_a.corporation, name="huurincasso oost", actor=admin.user)
    with pytest.raises(ApplicationError, match="naam"):
        team_rename(team=team, name="  ", actor=admin.user)


def test_a_team_takes_only_colleagues_of_its_corporation(staff_a, staff_b, admin):
    team = team_create(corporation=staff_a.corporation, name="Klantcontact", actor=admin.user)
    with pytest.raises(ApplicationError, match="collega's van deze corporatie"):
        team_members_set(team=team, user_ids=[staff_b.user.pk], actor=admin.user)
    assert admin.client.get(f"/beheer/medewerkers/{staff_b.user.pk}/").status_code == 404
