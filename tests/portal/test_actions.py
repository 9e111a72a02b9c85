"""The tenant's actions: paying, help, an invoice copy, contact details. Each is on the tenant's timeline
(audit) and, where the ERP needs it, an event."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.portal.conftest import pass_check
from vangnet.core.models import AuditEntry
from vangnet.events.models import OutboundEvent
from vangnet.ledger.models import EntryKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.models import PaymentPurpose, PaymentRequest
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource


def _timeline(household) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="tenants.tenant", object_id=str(household.tenant.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_pay_the_whole_balance_with_a_qr_code_for_the_phone(fatima_client, fatima, in_woonstad):
    page = fatima_client.get(f"/portaal/contract/{fatima.contract.pk}/betalen/")
    assert page.status_code == 200 and "Alles: € 1.043,25" in page.content.decode()
    response = fatima_client.post(f"/portaal/contract/{fatima.contract.pk}/betalen/", {"choice": "whole"})
    assert response.status_code == 302
    request = PaymentRequest.objects.get()
    assert request.amount == Decimal("1043.25") and request.contract == fatima.contract
    assert response["Location"] == f"/portaal/betaallink/{request.token}/"
    ready = fatima_client.get(response["Location"]).content.decode()
    assert f"/betalen/{request.token}/" in ready and "qr.svg" in ready
    qr = fatima_client.get(f"/portaal/betaallink/{request.token}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    # A document an <img> can show: parseable XML in the SVG namespace.
    root = ElementTree.fromstring(qr.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "portal.pay_requested" in _timeline(fatima)


def test_pay_a_chosen_amount_but_not_more_than_is_open(fatima_client, fatima, in_woonstad):
    url = f"/portaal/contract/{fatima.contract.pk}/betalen/"
    too_much = fatima_client.post(url, {"choice": "chosen", "amount": "2000,00"})
    assert too_much.status_code == 400 and "meer dan wat er openstaat" in too_much.content.decode()
    missing = fatima_client.post(url, {"choice": "chosen", "amount": ""})
    assert "Vul het bedrag in" in missing.content.decode()
    assert fatima_client.post(url, {"choice": "chosen", "amount": "150,00"}).status_code == 302
    assert PaymentRequest.objects.get().amount == Decimal("150.00")


def test_pay_an_instalment_of_the_running_arrangement(fatima_client, fatima, in_woonstad):
    import datetime as dt

    from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment

    today = timezone.localdate()
    arrangement = Arrangement.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, status=ArrangementStatus.ACTIVE,
        agreed_on=today, start_date=today, total_amount=Decimal("1043.25"),
    )  # fmt: skip
    Installment.objects.create(
        corporation=fatima.corporation, arrangement=arrangement, sequence=1,
        due_date=today + dt.timedelta(days=5), amount=Decimal("347.75"),
    )  # fmt: skip
    url = f"/portaal/contract/{fatima.contract.pk}/betalen/"
    assert "De volgende termijn: € 347,75" in fatima_client.get(url).content.decode()
    assert fatima_client.post(url, {"choice": "instalment"}).status_code == 302
    request = PaymentRequest.objects.get()
    assert (request.amount, request.purpose) == (Decimal("347.75"), PaymentPurpose.INSTALMENT)


def test_another_tenants_pay_link_is_not_shown(fatima_client, jan, in_woonstad):
    from vangnet.payments.services import payment_request_create

    other = payment_request_create(corporation=jan.corporation, contract=jan.contract, actor="test")
    assert fatima_client.get(f"/portaal/betaallink/{other.token}/").status_code == 404
    assert fatima_client.get(f"/portaal/betaallink/{other.token}/qr.svg").status_code == 404


@pytest.mark.parametrize(
    ("topic", "priority"), [("talk", TaskPriority.HIGH), ("debt_help", TaskPriority.URGENT)]
)
def test_asking_for_help_makes_a_task_with_priority(fatima_client, fatima, topic, priority, in_woonstad):
    response = fatima_client.post(
        "/portaal/hulp/", {"topic": topic, "message": "Bel me na vijf uur", "phone": "0612345678"}
    )
    assert response.status_code == 200 and "Wij hebben uw vraag ontvangen" in response.content.decode()
    task = Task.objects.get()
    assert (task.kind, task.source, task.priority) == (TaskKind.HELP_REQUEST, TaskSource.PORTAL, priority)
    assert task.tenant == fatima.tenant and "0612345678" in task.description
    event = OutboundEvent.objects.get(type="portal.help_requested")
    assert event.payload["tenant_id"] == fatima.tenant.source_id and event.payload["topic"] == topic
    assert "portal.help_requested" in _timeline(fatima)
    # Tapping twice is one task.
    fatima_client.post("/portaal/hulp/", {"topic": topic})
    assert Task.objects.count() == 1


def test_help_needs_a_topic(fatima_client):
    response = fatima_client.post("/portaal/hulp/", {"message": "hallo"})
    assert response.status_code == 400 and "errorlist" in response.content.decode()


def test_an_invoice_copy_is_emailed_at_once(
    fatima_client, fatima, django_capture_on_commit_callbacks, in_woonstad
):
    entry = fatima.contract.entries.filter(kind=EntryKind.INVOICE, description="Huur 02-2025").get()
    with django_capture_on_commit_callbacks(execute=True):
        response = fatima_client.post("/portaal/kopie-factuur/", {"entry": entry.pk})
    assert response.status_code == 200 and "Wij hebben de kopie gestuurd" in response.content.decode()
    message = OutgoingMessage.objects.get(template_code="kopie-factuur")
    message.refresh_from_db()
    assert message.channel == "email" and message.status in ("sent", "delivered")
    assert entry.source_id in message.subject and "€ 695,50" in message.body_text
    assert "Nog open: € 347,75" in message.body_text  # February was half paid
    event = OutboundEvent.objects.get(type="portal.invoice_copy_requested")
    assert event.payload["ledger_entry_id"] == entry.source_id and event.payload["handled"] == "email"
    assert not Task.objects.exists()


def test_an_invoice_copy_without_email_or_not_in_the_list_is_a_task(fatima_client, fatima, in_woonstad):
    fatima.tenant.email = ""
    fatima.tenant.save()
    entry = fatima.contract.entries.filter(kind=EntryKind.INVOICE, description="Huur 03-2025").get()
    assert fatima_client.post("/portaal/kopie-factuur/", {"entry": entry.pk}).status_code == 200
    fatima_client.post("/portaal/kopie-factuur/", {"note": "De eindafrekening van 2019"})
    tasks = Task.objects.filter(kind=TaskKind.INVOICE_COPY, tenant=fatima.tenant)
    assert tasks.count() == 2
    assert any("eindafrekening van 2019" in t.description for t in tasks)
    assert not OutgoingMessage.objects.filter(template_code="kopie-factuur").exists()
    nothing = fatima_client.post("/portaal/kopie-factuur/", {})
    assert nothing.status_code == 400


def test_contact_details_are_updated_and_sent_to_the_erp(fatima_client, fatima, in_woonstad):
    pass_check(fatima_client, fatima)
    bad = fatima_client.post("/portaal/gegevens/", {"email": "geen-adres", "phone_mobile": "12"})
    html = bad.content.decode()
    assert (
        bad.status_code == 400
        and "Dit e-mailadres klopt niet" in html
        and "Dit telefoonnummer klopt niet" in html
    )
    response = fatima_client.post(
        "/portaal/gegevens/", {"email": "Fatima@Example.nl", "phone_mobile": "06-1122 3344", "phone_home": ""}
    )
    assert response.status_code == 302
    fatima.tenant.refresh_from_db()
    assert (fatima.tenant.email, fatima.tenant.phone_mobile) == ("fatima@example.nl", "0611223344")
    event = OutboundEvent.objects.get(type="portal.contact_updated")
    assert event.payload["changed"]["email"] == "fatima@example.nl"
    entry = AuditEntry.objects.get(action="portal.contact_updated")
    assert set(entry.data["fields"]) == {"email", "phone_mobile"}
    assert "Uw gegevens zijn aangepast" in fatima_client.get("/portaal/").content.decode()


def test_a_departed_tenant_gives_a_postal_address(fatima_client, fatima, in_woonstad):
    import datetime as dt

    fatima.tenant.contracts.update(end_date=dt.date(2025, 6, 30))
    pass_check(fatima_client, fatima)
    page = fatima_client.get("/portaal/gegevens/").content.decode()
    assert "Uw nieuwe postadres" in page
    response = fatima_client.post(
        "/portaal/gegevens/",
        {
            "email": fatima.tenant.email, "phone_mobile": "", "phone_home": "",
            "adres-street": "Nieuwe Gracht", "adres-house_number": "7", "adres-postcode": "3512ab",
            "adres-city": "Utrecht",
        },
    )  # fmt: skip
    assert response.status_code == 302
    fatima.tenant.refresh_from_db()
    assert (fatima.tenant.street, fatima.tenant.postcode) == ("Nieuwe Gracht", "3512AB")


def test_a_line_break_in_an_email_or_address_is_refused_and_nothing_changes(
    fatima_client, fatima, in_woonstad
):
    import datetime as dt

    fatima.tenant.contracts.update(end_date=dt.date(2025, 6, 30))
    before = (fatima.tenant.email, fatima.tenant.street)
    pass_check(fatima_client, fatima)
    response = fatima_client.post(
        "/portaal/gegevens/",
        {
            "email": "fatima@example.nl\r\nBcc: iedereen@example.org", "phone_mobile": "", "phone_home": "",
            "adres-street": "Nieuwe Gracht\r\nBcc: x@example.org", "adres-house_number": "7",
            "adres-postcode": "3512ab", "adres-city": "Utrecht",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert response.content.decode().count("Schrijf dit op één regel") == 2
    fatima.tenant.refresh_from_db()
    assert (fatima.tenant.email, fatima.tenant.street) == before


def test_a_contact_change_is_told_to_the_old_email_address_and_mobile_number(
    fatima_client, fatima, in_woonstad, django_capture_on_commit_callbacks
):
    tenant = fatima.tenant
    old_email, old_mobile = tenant.email, tenant.phone_mobile
    assert old_email and old_mobile
    pass_check(fatima_client, fatima)

    with django_capture_on_commit_callbacks(execute=True):
        response = fatima_client.post(
            "/portaal/gegevens/",
            {"email": "nieuw@example.nl", "phone_mobile": "0611223344", "phone_home": ""},
        )

    assert response.status_code == 302
    notices = OutgoingMessage.objects.filter(tenant=tenant, template_code="contactgegevens-gewijzigd")
    assert sorted((m.channel, m.address) for m in notices) == sorted(
        [("email", old_email), ("sms", old_mobile)]
    )
    email = notices.get(channel="email")
    assert email.status == "sent" and "Uw contactgegevens zijn gewijzigd" in email.subject
    assert "Heeft u dit niet zelf gedaan? Bel ons dan meteen op 030-1234567." in email.body_text
    assert not OutgoingMessage.objects.filter(address__in=["nieuw@example.nl", "0611223344"]).exists()

    # Saving the same details again changes nothing and tells no one.
    fatima_client.post(
        "/portaal/gegevens/", {"email": "nieuw@example.nl", "phone_mobile": "0611223344", "phone_home": ""}
    )
    assert notices.count() == 2
