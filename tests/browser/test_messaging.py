import pytest
from django.utils import timezone

from tests.messaging.factories import AS_OF, planned_step_runs
from vangnet.messaging.delivery_reports import message_outcome
from vangnet.messaging.models import Batch, MessageStatus, MessagingSettings, OutgoingMessage
from vangnet.messaging.services import outbox_plan, templates_install_defaults
from vangnet.messaging.services.review import batch_approve

pytestmark = pytest.mark.browser


@pytest.fixture
def batch(world, settings, tmp_path):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    corporation = world.tenant.corporation
    corporation.iban, corporation.phone = "NL91RABO0312345674", "030-1234567"
    corporation.save()
    templates_install_defaults(corporation=corporation)
    MessagingSettings.objects.create(corporation=corporation, review_batches=True, sandbox=True)
    planned_step_runs(corporation, 3, channels=("email", "letter"))
    summary = outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    return summary.batches[0]


def test_review_a_batch_then_read_the_demo_inbox(browser_page, world, batch, axe):
    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto("/berichten/")
    page.get_by_role("heading", level=1, name="Berichten per dag").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "batch list")

    page.locator("main table").get_by_role("link").first.click()
    page.get_by_role("heading", name="Aantallen per stap en kanaal").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "batch review")

    page.get_by_role("button", name="Uit batch halen").first.click()
    page.get_by_text("is uit de batch gehaald").wait_for()
    page.get_by_role("button", name="Batch goedkeuren en verzenden").click()
    page.get_by_text("De batch is goedgekeurd: 5 berichten worden verzonden.").wait_for()
    axe(page, "approved batch")
    assert OutgoingMessage.objects.filter(status=MessageStatus.SENT).count() == 5
    assert page.get_by_role("link", name="Alle brieven als één PDF").is_visible()

    browser_page.goto("/berichten/demo-inbox/")
    page.get_by_role("heading", level=1, name="Demo-inbox").wait_for()
    assert "Herinnering: de huur is nog niet betaald" in page.locator("main table").inner_text()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "demo inbox")

    page.get_by_label("Kanaal", exact=True).select_option("email")
    page.get_by_role("button", name="Filteren").click()
    page.locator("main table").get_by_role("link").first.click()
    page.get_by_role("heading", name="Zoals de huurder het kreeg").wait_for()
    frame = page.frame_locator("iframe.email-preview")
    frame.get_by_text("Misschien bent u het vergeten").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "sent e-mail")
    assert browser_page.console_errors == []


def test_edit_a_template_and_preview_it_for_a_real_tenant(browser_page, world, axe):
    from tests.factories import MembershipFactory, UserFactory
    from vangnet.core.models import Role

    corporation = world.tenant.corporation
    templates_install_defaults(corporation=corporation)
    MembershipFactory(user=UserFactory(username="ingrid"), corporation=corporation, role=Role.MANAGER)
    page = browser_page.page
    browser_page.login("ingrid")
    browser_page.goto("/berichten/sjablonen/")
    page.get_by_role("heading", level=1, name="Sjablonen").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "template list")

    page.get_by_role("link", name="Vriendelijke herinnering E-mail Nederlands u").click()
    page.get_by_label("Huurdernummer (intern)").fill(str(world.tenant.pk))
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.get_by_text("Zo ziet Fatima El Amrani dit bericht vandaag:").wait_for()
    page.frame_locator("iframe.email-preview").get_by_text("€ 1.043,25").first.wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "template preview")

    page.get_by_role("textbox", name="Tekst", exact=True).fill("Beste {{ naam }}, betaal {{ bedrag_fout }}.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Onbekend veld: {{ bedrag_fout }}.").wait_for()
    axe(page, "template error")

    # A saved text is the next version; the old one can be read and used again.
    page.get_by_role("textbox", name="Tekst", exact=True).fill("Beste {{ naam }}, betaal {{ achterstand }}.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het sjabloon is opgeslagen.").wait_for()
    history = page.get_by_role("table", name="Versies van deze tekst")
    assert history.get_by_role("row").nth(1).inner_text().split("\t")[0] == "Versie 2"
    browser_page.assert_no_horizontal_scroll()
    axe(page, "template with versions")
    history.get_by_role("link", name="Versie 1").click()
    page.get_by_text("Dit is een oude versie. U kunt hem alleen lezen.").wait_for()
    page.get_by_text("Misschien bent u het vergeten").first.wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "old template version")
    page.get_by_role("button", name="Tekst van versie 1 weer gebruiken").click()
    page.get_by_text("De tekst van versie 1 wordt weer gebruikt. Hij is opgeslagen als versie 3.").wait_for()
    assert (
        "Tekst van versie 1 teruggezet"
        in page.get_by_role("table", name="Versies van deze tekst").inner_text()
    )
    axe(page, "restored template version")
    # The refused form answers 400 on purpose; anything else on the console is a fault.
    assert [e for e in browser_page.console_errors if "status of 400" not in e] == []


def test_the_tenant_card_and_the_batch_say_what_happened_to_each_message_in_words(
    browser_page, world, batch, axe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch_approve(batch=Batch.objects.get(pk=batch), actor=world.user)
    email = OutgoingMessage.objects.filter(channel="email", status=MessageStatus.SENT).first()
    delivered = OutgoingMessage.objects.filter(channel="email").exclude(pk=email.pk).first()
    # The mail server's report: a hard bounce with its code; another e-mail arrived.
    message_outcome(
        message=email,
        status=MessageStatus.BOUNCED,
        provider_status="bounce",
        error="550 5.1.1 user unknown",
        now=timezone.now(),
    )
    message_outcome(
        message=delivered, status=MessageStatus.DELIVERED, provider_status="delivered", now=timezone.now()
    )
    page = browser_page.page
    browser_page.login("petra")

    browser_page.goto(f"/huurders/{email.tenant_id}/")
    messages = page.get_by_role("region", name="Berichten").first
    messages.get_by_text("Teruggekomen").first.wait_for()
    text = messages.inner_text()
    assert "Het e-mailadres bestaat niet of neemt geen e-mail aan." in text
    assert "Verzonden" in text  # the letter
    assert "5.1.1" not in text and "550" not in text
    browser_page.assert_no_horizontal_scroll()
    axe(page, "tenant card with a bounced e-mail")

    browser_page.goto(f"/berichten/batch/{batch}/")
    table = page.locator("main table").last
    table.get_by_text("Het e-mailadres bestaat niet of neemt geen e-mail aan.").wait_for()
    assert "Afgeleverd" in table.inner_text() and "Teruggekomen" in table.inner_text()
    assert "5.1.1" not in page.locator("main").inner_text()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "batch with delivery reports")
    assert browser_page.console_errors == []
