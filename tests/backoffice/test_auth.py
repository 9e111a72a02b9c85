import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_login_page_and_login(db):
    membership = MembershipFactory(user__username="petra")
    client = Client()
    page = client.get(reverse("backoffice:login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html

    response = client.post(reverse("backoffice:login"), {"username": "petra", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    home = client.get(reverse("backoffice:home"))
    assert membership.corporation.name in home.content.decode()


def test_login_keeps_next(db):
    MembershipFactory(user__username="petra")
    response = Client().post(
        reverse("backoffice:login") + "?next=/huurders/",
        {"username": "petra", "password": PASSWORD, "next": "/huurders/"},
    )
    assert response["Location"] == "/huurders/"


def test_wrong_password_shows_an_error(db):
    MembershipFactory(user__username="petra")
    response = Client().post(reverse("backoffice:login"), {"username": "petra", "password": "fout"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_password_reset_sends_a_mail_with_a_working_link(db):
    membership = MembershipFactory(user__username="petra", user__email="petra@corporatie.example")
    client = Client()
    response = client.post(reverse("backoffice:password_reset"), {"email": "petra@corporatie.example"})
    assert response["Location"] == reverse("backoffice:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petra@corporatie.example"]
    assert message.subject == "Nieuw wachtwoord voor Vangnet"
    link = re.search(r"https?://testserver(/\S+)", message.body)[1]

    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-wachtwoord-7", "new_password2": "een-nieuw-wachtwoord-7"},
    )
    assert done["Location"] == reverse("backoffice:password_reset_complete")
    membership.user.refresh_from_db()
    assert membership.user.check_password("een-nieuw-wachtwoord-7")


def test_password_reset_for_an_unknown_address_reveals_nothing(db):
    response = Client().post(reverse("backoffice:password_reset"), {"email": "niemand@example.org"})
    assert response["Location"] == reverse("backoffice:password_reset_done")
    assert mail.outbox == []
