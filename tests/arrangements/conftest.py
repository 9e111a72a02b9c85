import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import LedgerEntryFactory, UserFactory
from tests.flows.builders import DEFAULT_STEPS, in_arrears, pay
from tests.world import build_world

AS_OF = dt.date(2026, 11, 10)
RENT = Decimal("695.50")  # the factory's rent plus service costs


@pytest.fixture
def corporation(db):
    return build_world(
        flow=DEFAULT_STEPS,
        messaging=True,
        sender_name="Woonstichting De Vang",
        sender_email="huurincasso@devang.example",
        sms_sender="DeVang",
        iban="NL91RABO0312345674",
        bic="RABONL2U",
        phone="033-4601200",
        website="https://www.devang.example",
    ).corporation


def arrears(corporation, *, amount=Decimal("700.00"), rent_paid=True, **kwargs):
    """October unpaid (`amount`), November's rent paid on time when `rent_paid`: € 700 open on AS_OF."""
    contract = in_arrears(corporation, due=dt.date(2026, 10, 1), as_of=AS_OF, amount=amount, **kwargs)
    LedgerEntryFactory(contract=contract, booking_date=dt.date(2026, 11, 1), amount=RENT)
    if rent_paid:
        pay(contract, RENT, dt.date(2026, 11, 2))
    return contract


@pytest.fixture
def contract(corporation):
    return arrears(corporation)


@pytest.fixture
def staff(corporation):
    return UserFactory()
