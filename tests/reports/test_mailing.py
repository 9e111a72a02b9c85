"""Saved reports by e-mail: on its day to the colleague who saved it, with the XLSX of the same figures."""

import datetime as dt
import io

from django.core import mail
from openpyxl import load_workbook

from tests.factories import MembershipFactory
from vangnet.core.models import Role
from vangnet.reports.mailing import saved_reports_mail_due, schedules_due
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


def test_a_weekly_report_is_mailed_on_monday_once_with_the_xlsx(portfolio):
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
    [(name, content, _type)] = message.attachments
    assert name.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[-1] == ("Totaal", 2, 1050)

    assert saved_reports_mail_due(as_of=FIRST_OF_DECEMBER) == 1
    assert mail.outbox[-1].subject == "Rapport: Maandelijks"
