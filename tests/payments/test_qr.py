"""EPC QR (EPC069-12) payload: golden text, validation of every field, and the segno rendering."""

from decimal import Decimal

import pytest
import segno.helpers

from tests.factories import ContractFactory, CorporationFactory
from vangnet.payments.qr import (
    EpcQrError,
    epc_qr_payload,
    epc_qr_payload_for_contract,
    epc_qr_png,
    epc_qr_svg,
)

GOLDEN = "BCD\n002\n1\nSCT\nABNANL2A\nWoonstad Utrecht\nNL91ABNA0417164300\nEUR1043.25\n\n5000056789012345"


def test_golden_payload_with_the_betalingskenmerk_as_structured_reference():
    payload = epc_qr_payload(
        name="Woonstad  Utrecht",
        iban="nl91 abna 0417 1643 00",
        bic="ABNANL2A",
        amount=Decimal("1043.25"),
        reference="5000056789012345",
    )
    assert payload == GOLDEN


def test_the_standards_own_example_shape_without_bic_and_with_text():
    # reference/law-and-standards.md §3.5: empty BIC, purpose and reference lines; nothing after the text.
    payload = epc_qr_payload(
        name="Wikimedia Foerdergesellschaft",
        iban="DE33100205000001194700",
        amount=Decimal("20.00"),
        text="Spende fuer Wikipedia",
    )
    assert (
        payload
        == "BCD\n002\n1\nSCT\n\nWikimedia Foerdergesellschaft\nDE33100205000001194700\nEUR20.00\n\n\nSpende fuer Wikipedia"
    )


def test_our_payload_decodes_to_what_segno_itself_would_put_in():
    ours = epc_qr_payload(
        name="Woonstad Utrecht", iban="NL91ABNA0417164300", amount=Decimal("12.35"), text="Huur"
    )
    theirs = segno.helpers._make_epc_qr_data(
        "Woonstad Utrecht", "NL91ABNA0417164300", Decimal("12.35"), "Huur", None, None, None, "utf-8"
    )
    theirs = theirs.decode() if isinstance(theirs, bytes) else theirs
    assert ours.split("\n")[4:] == theirs.split("\n")[4:]


def test_no_amount_leaves_the_line_out_when_it_is_last():
    assert (
        epc_qr_payload(name="W", iban="NL91ABNA0417164300", amount=None)
        == "BCD\n002\n1\nSCT\n\nW\nNL91ABNA0417164300"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"iban": "NL91ABNA0417164301"}, "iban"),
        ({"bic": "NOTABIC"}, "bic"),
        ({"name": ""}, "name"),
        ({"name": "x" * 71}, "name"),
        ({"amount": Decimal("0.00")}, "amount"),
        ({"amount": Decimal("1000000000.00")}, "amount"),
        ({"amount": Decimal("1.005")}, "amount"),
        ({"reference": "1" * 36}, "reference"),
        ({"reference": "5000056789012345", "text": "Huur"}, "reference and text"),
        ({"text": "x" * 141}, "text"),
        ({"version": "001"}, "bic"),
    ],
)
def test_invalid_input_is_refused_with_the_field(kwargs, field):
    base = {"name": "Woonstad", "iban": "NL91ABNA0417164300", "amount": Decimal("10.00")}
    with pytest.raises(EpcQrError, match=field):
        epc_qr_payload(**{**base, **kwargs})


def test_renders_svg_and_png_at_level_m():
    svg = epc_qr_svg(GOLDEN, title="Betaal met uw bank-app")
    assert svg.startswith("<svg") and "<title>Betaal met uw bank-app</title>" in svg
    assert epc_qr_png(GOLDEN).startswith(b"\x89PNG")
    assert segno.make_qr(GOLDEN, error="m", boost_error=False).error == "M"


@pytest.mark.django_db
def test_for_a_contract_uses_a_valid_kenmerk_as_reference_and_text_otherwise():
    corporation = CorporationFactory(name="Woonstad Utrecht", iban="NL91ABNA0417164300", bic="ABNANL2A")
    good = ContractFactory(corporation=corporation, payment_reference="5000056789012345")
    assert (
        epc_qr_payload_for_contract(corporation=corporation, contract=good, amount=Decimal("1043.25"))
        == GOLDEN
    )
    bad = ContractFactory(corporation=corporation, source_id="HO-9", payment_reference="1234567890123456")
    payload = epc_qr_payload_for_contract(corporation=corporation, contract=bad, amount=Decimal("5.00"))
    assert payload.endswith("EUR5.00\n\n\nHuur HO-9")
