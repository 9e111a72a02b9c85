"""Back-office pages for messages: review and approval (with permissions), inbox, templates, manual messages."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CorporationFactory, MembershipFactory, UserFactory
from vangnet.core.models import Role
from vangnet.messaging.delivery_reports import message_outcome
from vangnet.messaging.models import (
    BatchStatus,
    MessageStatus,
    MessageTemplate,
    MessagingSettings,
    OutgoingMessage,
)
from vangnet.messaging.services import outbox_plan, templates_install_defaults

from .factories import AS_OF, planned_step_runs


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "nl"


def staff_client(corporation, role=Role.CREDIT_MANAGER) -> Client:
    membership = MembershipFactory(corporation=corporation, role=role, user=UserFactory())
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def batch(corporation, letter_dir):
    MessagingSettings.objects.filter(corporation=corporation).update(review_batches=True)
    planned_step_runs(corporation, 3, channels=("email", "letter", "sms"))
    summary = outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    return summary.batches[0]


def test_review_counts_samples_remove_and_approve(corporation, batch, django_capture_on_commit_callbacks):
    client = staff_client(corporation)
    page = client.get(f"/berichten/batch/{batch}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aantallen per stap en kanaal" in html and "Batch goedkeuren en verzenden" in html
    sample = OutgoingMessage.objects.filter(channel="email").first()
    detail = client.get(f"/berichten/{sample.pk}/")
    assert detail.status_code == 200 and "Voorbeeld (nog niet verzonden)" in detail.content.decode()
    preview = client.get(f"/berichten/{sample.pk}/html/")
    assert preview.status_code == 200 and b"Herinnering" in preview.content
    assert (
        "sandbox" in preview["Content-Security-Policy"]
        and "'unsafe-inline'" in preview["Content-Security-Policy"]
    )
    letter = OutgoingMessage.objects.filter(channel="letter").first()
    assert client.get(f"/berichten/{letter.pk}/brief.pdf").content.startswith(b"%PDF")

    removed = OutgoingMessage.objects.filter(channel="sms").first()
    response = client.post(f"/berichten/{removed.pk}/uit-batch/", {"reason": "Huurder belde net"})
    assert response.status_code == 302
    removed.refresh_from_db()
    assert removed.status == MessageStatus.CANCELLED and removed.status_reason == "Huurder belde net"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/berichten/batch/{batch}/goedkeuren/")
    assert response.status_code == 302
    statuses = dict(OutgoingMessage.objects.values_list("pk", "status"))
    assert statuses.pop(removed.pk) == MessageStatus.CANCELLED
    assert set(statuses.values()) == {MessageStatus.SENT}
    assert OutgoingMessage.objects.get(pk=removed.pk).body_text == ""

    done = client.get(f"/berichten/batch/{batch}/").content.decode()
    assert "Alle brieven als één PDF" in done
    assert client.get(f"/berichten/batch/{batch}/printbatch.pdf").content.startswith(b"%PDF")
    manifest = client.get(f"/berichten/batch/{batch}/printbatch.csv").content.decode()
    assert manifest.count("\n") == 1 + 3

    # Whoever took the letters to the post confirms the day; a second confirmation is refused.
    assert "Verzending bevestigen" in done
    posted = client.post(f"/berichten/batch/{batch}/gepost/", {"posted_on": AS_OF.isoformat()}, follow=True)
    assert "Verzending bevestigd: 3 brieven gepost." in posted.content.decode()
    assert "Gepost op" in client.get(f"/berichten/batch/{batch}/").content.decode()
    again = client.post(f"/berichten/batch/{batch}/gepost/", {"posted_on": AS_OF.isoformat()}, follow=True)
    assert "Voor deze batch is de verzending al bevestigd." in again.content.decode()

    inbox = client.get("/berichten/demo-inbox/").content.decode()
    assert "Herinnering: de huur is nog niet betaald" in inbox
    assert client.get("/berichten/demo-inbox/?kanaal=letter").status_code == 200


def test_dispute_handlers_neither_see_nor_approve_the_outbox(corporation, batch):
    client = staff_client(corporation, Role.DISPUTE_HANDLER)
    assert client.get(f"/berichten/batch/{batch}/").status_code == 403
    assert client.post(f"/berichten/batch/{batch}/goedkeuren/").status_code == 403
    message = OutgoingMessage.objects.first()
    assert client.post(f"/berichten/{message.pk}/uit-batch/").status_code == 403
    from vangnet.messaging.models import Batch

    assert Batch.objects.get(pk=batch).status == BatchStatus.IN_REVIEW


def test_another_corporation_cannot_see_a_batch(corporation, batch):
    other = CorporationFactory()
    client = staff_client(other)
    assert client.get(f"/berichten/batch/{batch}/").status_code == 404
    assert client.get(f"/berichten/{OutgoingMessage.objects.first().pk}/").status_code == 404


def test_template_edit_refuses_unknown_placeholders_and_previews_a_tenant(corporation):
    client = staff_client(corporation, Role.MANAGER)
    template = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-sms", channel="sms", language="nl", tone="u"
    )
    response = client.post(
        f"/berichten/sjablonen/{template.pk}/", {"body_text": "Hoi {{ naam }}, betaal {{ bedragg }}"}
    )
    assert response.status_code == 400
    assert "Onbekend veld: {{ bedragg }}." in response.content.decode()
    response = client.post(
        f"/berichten/sjablonen/{template.pk}/", {"body_text": "Hoi {{ naam }}, betaal {{ achterstand }}"}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body_text == "Hoi {{ naam }}, betaal {{ achterstand }}" and not template.is_default
    run = planned_step_runs(corporation, 1)[0]
    tenant = run.enrollment.contract.parties.get().tenant
    page = client.get(f"/berichten/sjablonen/{template.pk}/?huurder={tenant.pk}").content.decode()
    assert f"Hoi {tenant.display_name}, betaal € 1.043,25" in page
    letter = MessageTemplate.objects.get(
        corporation=corporation, code="veertiendagenbrief", channel="letter", language="nl", tone="u"
    )
    assert client.get(f"/berichten/sjablonen/{letter.pk}/voorbeeld/{tenant.pk}/").content.startswith(b"%PDF")
    credit_manager = staff_client(corporation)
    assert credit_manager.post(f"/berichten/sjablonen/{template.pk}/", {"body_text": "x"}).status_code == 403


def test_manual_message_from_the_tenant_card(corporation, django_capture_on_commit_callbacks):
    run = planned_step_runs(corporation, 1)[0]
    tenant = run.enrollment.contract.parties.get().tenant
    client = staff_client(corporation)
    assert client.get(f"/huurders/{tenant.pk}/bericht/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/huurders/{tenant.pk}/bericht/", {"template_code": "storno-md06", "channel": "email"}
        )
    assert response.status_code == 302
    message = OutgoingMessage.objects.get(template_code="storno-md06")
    assert message.status == MessageStatus.SENT and message.tenant == tenant
    assert "automatische incasso" in message.subject
    tenant.no_voice_calls = True
    tenant.phone_mobile = ""
    tenant.save()
    refused = client.post(
        f"/huurders/{tenant.pk}/bericht/", {"template_code": "herinnering-vriendelijk", "channel": "voice"}
    )
    assert refused.status_code == 400 and "geen adres of nummer" in refused.content.decode()
    assert (
        staff_client(corporation, Role.DISPUTE_HANDLER).get(f"/huurders/{tenant.pk}/bericht/").status_code
        == 403
    )


def test_timeline_partial(corporation, rf):
    from django.template.loader import render_to_string

    run = planned_step_runs(corporation, 1)[0]
    tenant = run.enrollment.contract.parties.get().tenant
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    html = render_to_string("backoffice/tenants/_messages.html", {"tenant": tenant, "request": rf.get("/")})
    # The template's name, never its code: no technical strings on the card.
    assert "Vriendelijke herinnering" in html
    assert "herinnering-vriendelijk" not in html
    other = CorporationFactory()
    templates_install_defaults(corporation=other)
    from vangnet.messaging.selectors import messages_for_tenant

    assert next(iter(messages_for_tenant(tenant=tenant))).tenant == tenant


def test_an_email_template_can_have_its_own_html(corporation):
    client = staff_client(corporation, Role.ADMIN)
    template = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-vriendelijk", channel="email", language="nl", tone="u"
    )
    fields = {"subject": template.subject, "body_text": template.body_text, "body_html": "<p>{{ nam }}</p>"}
    assert client.post(f"/berichten/sjablonen/{template.pk}/", fields).status_code == 400
    fields["body_html"] = "<h2>Hallo {{ naam }}</h2><p>{{ betaallink }}</p>"
    assert client.post(f"/berichten/sjablonen/{template.pk}/", fields).status_code == 302
    run = planned_step_runs(corporation, 1)[0]
    tenant = run.enrollment.contract.parties.get().tenant
    html = client.get(f"/berichten/sjablonen/{template.pk}/voorbeeld/{tenant.pk}/").content.decode()
    assert f"<h2>Hallo {tenant.display_name}</h2>" in html and '<a href="' in html


def test_a_sent_sms_shows_its_text_as_sent_and_no_empty_mail_frame(
    corporation, batch, django_capture_on_commit_callbacks
):
    client = staff_client(corporation)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/berichten/batch/{batch}/goedkeuren/")
    sms = OutgoingMessage.objects.filter(channel="sms", status=MessageStatus.SENT).first()
    assert sms.body_text

    html = client.get(f"/berichten/{sms.pk}/").content.decode()

    assert "Zoals de huurder het kreeg" in html
    assert sms.body_text.splitlines()[0] in html
    assert "<iframe" not in html
    assert sms.template_code not in html
    card = client.get(f"/huurders/{sms.tenant_id}/").content.decode()
    assert sms.body_text[:40] in card
    assert sms.template_code not in card


def test_a_template_preview_masks_the_access_code_and_the_tenants_portal_link(corporation):
    from vangnet.messaging import links

    client = staff_client(corporation, Role.MANAGER)
    template = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-sms", channel="sms", language="nl", tone="u"
    )
    client.post(
        f"/berichten/sjablonen/{template.pk}/",
        {"body_text": "Code {{ toegangscode }} of {{ portaallink }}"},
    )
    tenant = planned_step_runs(corporation, 1)[0].enrollment.contract.parties.get().tenant
    page = client.get(f"/berichten/sjablonen/{template.pk}/?huurder={tenant.pk}").content.decode()
    real_link = links.portal_personal_link(corporation_id=corporation.pk, tenant_id=tenant.pk)
    token = real_link.split("/portaal/link/")[1].rstrip("/")
    assert links.access_code(tenant.pk) not in page and token not in page
    assert f"Code XXXX-XXXX of http://127.0.0.1:8000/portaal/link/{'x' * len(token)}/" in page


def test_staff_read_each_messages_delivery_status_and_why_it_failed_in_words(
    corporation, batch, django_capture_on_commit_callbacks
):
    client = staff_client(corporation)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/berichten/batch/{batch}/goedkeuren/")
    sms = OutgoingMessage.objects.filter(channel="sms", status=MessageStatus.SENT).first()
    tenant_id = sms.tenant_id
    email = OutgoingMessage.objects.get(channel="email", tenant_id=tenant_id)
    other_sms = OutgoingMessage.objects.filter(channel="sms").exclude(tenant_id=tenant_id).first()
    now = timezone.now()
    # What the providers report: Twilio's error code, the mail server's bounce, a delivered text.
    message_outcome(
        message=sms,
        status=MessageStatus.FAILED,
        provider_status="undelivered",
        error="Twilio-fout 30005",
        now=now,
    )
    message_outcome(
        message=email,
        status=MessageStatus.BOUNCED,
        provider_status="bounce",
        error="5.1.1 user unknown",
        now=now,
    )
    message_outcome(message=other_sms, status=MessageStatus.DELIVERED, provider_status="delivered", now=now)

    card = client.get(f"/huurders/{tenant_id}/").content.decode()
    page = client.get(f"/berichten/batch/{batch}/").content.decode()
    detail = client.get(f"/berichten/{sms.pk}/").content.decode()

    for html in (card, page):
        assert "Mislukt" in html and "Dit nummer bestaat niet (meer)." in html
        assert "Teruggekomen" in html and "Het e-mailadres bestaat niet of neemt geen e-mail aan." in html
    assert "Afgeleverd" in page and "Verzonden" in card  # the letter went to the printer
    assert "Dit nummer bestaat niet (meer)." in detail
    for html in (card, page, detail):
        assert "30005" not in html and "5.1.1" not in html and "Twilio" not in html
