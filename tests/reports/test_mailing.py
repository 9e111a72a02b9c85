"""Saved reports by e-mail: on its day the colleague who saved it gets a link to sign in and see it; the mail
holds no figures and no personal data."""

import datetime as dt

from django.core import mail
from django.test import Client

from tests.factories import MembershipFactory
from vangnet.core.models import Role
from vangnet.reports.mailing import saved_reports_mail_due, schedules_due
from vangnet.reports.models import SavedReport
from vangnet.reports.services import saved_report_create

PAYMENTS = {"subject": "payments", "dimensions": ["neighbourhood"], "measures": ["count", "sum:amount"]}
MONDAY = dt.date(2026, 11, 2)
TUESDAY = dt.date(2026, 11, 3)
FIRST_OF_DECEMBER = dt.date(2026, 12, 1)  # a Tuesday


def test_schedules_fall_on_mondays_and_on_the_first_of_the_month():
    assert schedules_due(MONDAY) == ["weekly"]
    assert schedules_due(TUESDAY) == []
    assert schedules_due(FIRST_OF_DECEMBER) == ["monthly"]
    assert schedules_due(dt.date(2027, 2, 1)) == ["weekly", "monthly"]


def test_a_weekly_report_is_mailed_on_monday_once_as_a_link_to_sign_in(portfolio, settings):
    settings.VANGNET_PUBLIC_URL = "https://vangnet.woonstad.example"
    owner = MembershipFactory(corporation=portfolio.corporation, role=Role.MANAGER).user
    owner.email = "manager@woonstad.example"
    owner.save()
    for title, schedule in (("Wekelijks", "weekly"), ("Maandelijks", "monthly"), ("Nooit", "")):
        saved_report_create(
            corporation=portfolio.corporation,
            title=title,
            spec=PAYMENTS,
            shared=False,
            on_start=False,
            schedule=schedule,
            actor=owner,
        )

    assert saved_reports_mail_due(as_of=MONDAY) == 1
    assert saved_reports_mail_due(as_of=MONDAY) == 0
    assert saved_reports_mail_due(as_of=TUESDAY) == 0
    [message] = mail.outbox
    assert message.to == ["manager@woonstad.example"]
    assert message.subject == "Rapport: Wekelijks"
    assert message.attachments == []
    weekly = SavedReport.objects.get(title="Wekelijks")
    path = f"/rapporten/eigen/{weekly.pk}/"
    assert f"https://vangnet.woonstad.example{path}" in message.body
    assert "Log in om het rapport te bekijken" in message.body
    # No figures, no wijk, no tenant: only the title and the day.
    for secret in ("1050", "1.050", "Lombok", "Oog in Al"):
        assert secret not in message.body
    assert "met de stand van 02-11-2026" in message.body

    # The link asks to sign in first, and then shows the figures.
    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/inloggen/")
    signed_in = Client()
    signed_in.force_login(owner)
    assert "€ 1.050,00" in signed_in.get(path).content.decode()

    assert saved_reports_mail_due(as_of=FIRST_OF_DECEMBER) == 1
    assert mail.outbox[-1].subject == "Rapport: Maandelijks"
