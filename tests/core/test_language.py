"""Dates, spoken amounts and arrangement sentences in the reader's language."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import ContractFactory, CorporationFactory
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment
from vangnet.core.language import spoken_euro, written_date
from vangnet.messaging.agreement_context import arrangement_values

DAY = dt.date(2027, 1, 4)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "4 januari 2027"),
        ("en", "4 January 2027"),
        ("tr", "4 Ocak 2027"),
        ("pl", "4 stycznia 2027"),  # the genitive month of a written date
        ("ar", "4 يناير 2027"),
    ],
)
def test_a_written_date_speaks_the_readers_language(language, expected):
    assert written_date(DAY, language) == expected


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nl", "1043.25", "1043 euro en 25 cent"),
        ("nl", "12.00", "12 euro"),
        ("en", "1043.25", "1043 euros and 25 cents"),
        ("en", "1.01", "1 euro and 1 cent"),
        ("tr", "1043.25", "1043 avro 25 sent"),
        ("pl", "1043.25", "1043 euro i 25 centów"),
        ("pl", "3.02", "3 euro i 2 centy"),
    ],
)
def test_a_spoken_amount_is_read_in_the_messages_language(language, amount, expected):
    assert spoken_euro(Decimal(amount), language) == expected


def _arrangement(corporation, method=""):
    contract = ContractFactory(corporation=corporation)
    arrangement = Arrangement.objects.create(
        corporation=corporation,
        contract=contract,
        status=ArrangementStatus.ACTIVE,
        agreed_on=DAY,
        start_date=DAY,
        total_amount=Decimal("300.00"),
        payment_method=method,
    )
    for sequence in (1, 2):
        Installment.objects.create(
            corporation=corporation,
            arrangement=arrangement,
            sequence=sequence,
            due_date=DAY + dt.timedelta(days=31 * (sequence - 1)),
            amount=Decimal("150.00"),
        )
    return arrangement, contract


def test_the_arrangement_sentences_are_whole_sentences_in_the_tenants_language(db):
    arrangement, contract = _arrangement(CorporationFactory())
    dutch = arrangement_values(arrangement, contract, "nl")
    assert dutch["regeling_eerste_termijn"] == "€ 150,00 op 4 januari 2027"
    assert dutch["regeling_termijnen"] == "1. 4 januari 2027: € 150,00\n2. 4 februari 2027: € 150,00"
    assert dutch["regeling_betaalwijze"] == "Voor elke termijn sturen we een betaallink."
    english = arrangement_values(arrangement, contract, "en")
    assert english["regeling_eerste_termijn"] == "€ 150,00 on 4 January 2027"
    assert english["regeling_betaalwijze"] == "We send a payment link for each instalment."
    turkish = arrangement_values(arrangement, contract, "tr")
    assert turkish["regeling_eerste_termijn"] == "4 Ocak 2027 tarihinde € 150,00"
    assert turkish["regeling_termijnen"].splitlines()[1] == "2. 4 Şubat 2027: € 150,00"
    polish = arrangement_values(arrangement, contract, "pl")
    assert polish["regeling_eerste_termijn"] == "€ 150,00 w dniu 4 stycznia 2027"
