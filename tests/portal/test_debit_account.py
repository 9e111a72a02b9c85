"""The storno message promises that a new account number can be given in the portal: the form exists,
checks the IBAN and the consent, changes nothing when wrong, and tells the ERP (event) when right."""

import pytest

from tests.portal.conftest import pass_check
from vangnet.core.models import AuditEntry
from vangnet.events.models import OutboundEvent
from vangnet.messaging.defaults import default_specs

pytestmark = pytest.mark.usefixtures("in_woonstad")


@pytest.fixture
def url(fatima) -> str:
    return f"/portaal/contract/{fatima.contract.pk}/rekeningnummer/"


def test_the_storno_message_points_to_a_form_that_exists(fatima_client, fatima, url):
    storno = next(
        s
        for s in default_specs()
        if (s.code, s.channel, s.language, s.tone) == ("storno-algemeen", "email", "nl", "u")
    )
    assert "Geef het door in het huurdersportaal" in storno.body_text
    overview = fatima_client.get("/portaal/").content.decode()
    assert url in overview and "Rekeningnummer voor automatisch betalen" in overview
    first = fatima_client.get(url)
    assert first.status_code == 302 and first["Location"].startswith("/portaal/controle/")
    pass_check(fatima_client, fatima)
    page = fatima_client.get(url).content.decode()
    assert "Nieuw rekeningnummer voor de automatische incasso" in page and "SEPA-machtiging" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"iban": "NL91ABNA0417164399", "account_holder": "F. el Amrani", "consent": "on"}, "klopt niet"),
        ({"iban": "NL91ABNA0417164300", "account_holder": " ", "consent": "on"}, "verplicht"),
        ({"iban": "NL91ABNA0417164300", "account_holder": "F. el Amrani"}, "Zonder uw toestemming"),
    ],
)
def test_a_wrong_iban_or_no_consent_is_refused_and_changes_nothing(fatima_client, fatima, url, form, message):
    pass_check(fatima_client, fatima)
    response = fatima_client.post(url, form)
    assert response.status_code == 400 and message in response.content.decode()
    assert not OutboundEvent.objects.filter(type="portal.debit_account_changed").exists()


def test_a_new_account_is_sent_to_the_erp_with_the_mandate(fatima_client, fatima, url):
    pass_check(fatima_client, fatima)
    response = fatima_client.post(
        url, {"iban": "nl91 abna 0417 1643 00", "account_holder": "F. el Amrani", "consent": "on"}
    )
    assert response.status_code == 302
    event = OutboundEvent.objects.get(type="portal.debit_account_changed")
    assert event.payload["iban"] == "NL91ABNA0417164300"
    assert event.payload["account_holder"] == "F. el Amrani"
    assert event.payload["contract_id"] == fatima.contract.source_id
    assert event.payload["mandate_id"].startswith("VNG-PT-")
    entry = AuditEntry.objects.get(action="portal.debit_account_changed")
    assert entry.data["iban_end"] == "4300"
    assert "nieuwe rekeningnummer ontvangen" in fatima_client.get("/portaal/").content.decode()
