import datetime as dt
from decimal import Decimal

from vangnet.backoffice.templatetags.backoffice import datum, euro, percentage, statement_status


def test_euro():
    assert euro(Decimal("1234.5")) == "€ 1.234,50"
    assert euro(Decimal("-12")) == "-€ 12,00"
    assert euro(None) == ""


def test_datum():
    assert datum(dt.date(2025, 3, 7)) == "07-03-2025"
    assert datum(None) == ""


def test_percentage_and_status():
    assert percentage(Decimal("0.8333")) == "83%"
    assert percentage(None) == ""
    assert statement_status("partly_paid") == "Deels betaald"
