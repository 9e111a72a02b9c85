"""Message templates, the outbox (OutgoingMessage) and the daily batches it is reviewed and sent in.

One OutgoingMessage per delivery a StepRun planned (`UniqueConstraint(step_run, channel, recipient)` makes
planning idempotent), or per manual message from the tenant card. The row keeps the rendered snapshot
exactly as the tenant got it, the provider's id, and a UUID `code` that delivery callbacks are looked up by.
"""

import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.channels import TEMPLATE_KINDS, kind_choices
from vangnet.core.models import Corporation, CorporationOwned, User
from vangnet.flows.models import Enrollment, Flow, StepRun
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant


class Recipient(models.TextChoices):
    TENANT = "tenant", _("Huurder")
    ADMINISTRATOR = "administrator", _("Bewindvoerder")


class ToneChoice(models.TextChoices):
    FORMAL = "u", _("u")
    INFORMAL = "je", _("je")


class MessagingSettings(models.Model):
    """Per corporation: whether each day's batches wait for a reviewer, and whether anything really leaves."""

    corporation = models.OneToOneField(
        Corporation, on_delete=models.CASCADE, related_name="messaging_settings"
    )
    review_batches = models.BooleanField(_("batches beoordelen voor verzending"), default=True)
    sandbox = models.BooleanField(
        _("sandbox"),
        default=True,
        help_text=_("Berichten worden alleen in Vangnet bewaard (demo-inbox) en gaan niet echt de deur uit."),
    )
    # What a message costs the corporation, for the report on which step works (reports/standard).
    letter_postage = models.DecimalField(
        _("porto per brief"), max_digits=6, decimal_places=2, default=Decimal("0.96")
    )
    letter_page_cost = models.DecimalField(
        _("print per pagina"), max_digits=6, decimal_places=2, default=Decimal("0.05")
    )
    sms_segment_cost = models.DecimalField(
        _("prijs per sms-deel"), max_digits=6, decimal_places=2, default=Decimal("0.07")
    )

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("instellingen berichten")
        verbose_name_plural = _("instellingen berichten")


class MessageTemplate(CorporationOwned):
    """One text per corporation, template code, channel, language and tone ("u" or "je")."""

    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=120)
    channel = models.CharField(_("kanaal"), max_length=8, choices=kind_choices(TEMPLATE_KINDS))
    language = models.CharField(_("taal"), max_length=2, default="nl")
    tone = models.CharField(_("aanspreekvorm"), max_length=2, choices=ToneChoice.choices, default="u")
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    is_default = models.BooleanField(_("standaardtekst"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)
    # The version the text above is (messaging/template_versions.py keeps the two together): a message
    # records it when it is rendered, so a report can tell the versions of a text apart.
    current_version = models.ForeignKey(
        "TemplateVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["code", "channel", "language", "tone"]
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "code", "channel", "language", "tone"], name="message_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()}, {self.language}, {self.tone})"


class TemplateVersion(CorporationOwned):
    """One saved text of a template, never changed: number 1, 2, ... per template, who saved it and when.

    Restoring an old version saves its text again as a new version (`restored_from` names the old one)."""

    template = models.ForeignKey(MessageTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    saved_at = models.DateTimeField(_("opgeslagen op"))
    saved_by = models.CharField(_("opgeslagen door"), max_length=150, blank=True)
    restored_from = models.PositiveIntegerField(_("teruggezet van versie"), null=True, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("sjabloonversie")
        verbose_name_plural = _("sjabloonversies")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"


class BatchStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("Ter beoordeling")
    APPROVED = "approved", _("Goedgekeurd")


class Batch(CorporationOwned):
    """The messages of one corporation, day and flow; manual messages have a batch without a flow."""

    day = models.DateField(_("dag"))
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.IN_REVIEW)
    review_required = models.BooleanField(default=True)
    approved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # The day the batch's printed letters were handed to the post, confirmed by whoever posted them: a
    # 14-day letter's term counts from it (plus the delivery days), not from the day it was printed.
    letters_posted_on = models.DateField(_("brieven gepost op"), null=True, blank=True)
    letters_posted_by = models.CharField(_("gepost volgens"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "flow__strictness", "pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "day", "flow"], name="batch_per_flow_and_day"),
            models.UniqueConstraint(
                fields=["corporation", "day"],
                condition=models.Q(flow__isnull=True),
                name="batch_manual_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.flow.name if self.flow else _('Handmatig')}"


class MessageStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_REVIEW = "in_review", _("Ter beoordeling")
    APPROVED = "approved", _("Goedgekeurd")
    QUEUED = "queued", _("In de wachtrij")
    SENDING = "sending", _("Wordt verzonden")
    SENT = "sent", _("Verzonden")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt")
    BOUNCED = "bounced", _("Teruggekomen")
    WITHHELD = "withheld", _("Tegengehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


FINAL_STATUSES = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.FAILED,
    MessageStatus.BOUNCED,
    MessageStatus.WITHHELD,
    MessageStatus.CANCELLED,
)


class OutgoingMessage(CorporationOwned):
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="messages")
    step_run = models.ForeignKey(
        StepRun, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    # A returned direct debit's follow-up (flows.ReversalFollowUp) plans messages outside any flow step.
    reversal_follow_up = models.ForeignKey(
        "flows.ReversalFollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The booking a notice is about (an invoice copy names its invoice); empty for reminders.
    ledger_entry = models.ForeignKey(
        "ledger.LedgerEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tenant = models.ForeignKey(
        Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(_("kanaal"), max_length=8, choices=kind_choices(TEMPLATE_KINDS))
    recipient = models.CharField(_("ontvanger"), max_length=14, choices=Recipient.choices)
    recipient_name = models.CharField(_("naam ontvanger"), max_length=200, blank=True)
    address = models.TextField(_("adres"), blank=True)
    substituted_for = models.CharField(max_length=8, blank=True)
    fallback_channel = models.CharField(max_length=8, blank=True)
    plan_note = models.CharField(max_length=300, blank=True)
    template_code = models.SlugField(max_length=60)
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The version of the template the message was rendered from (set when it is sent; empty before, and
    # for messages sent before templates had versions).
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=2, default="nl")
    tone = models.CharField(max_length=2, default="u")
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    costs = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    send_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PLANNED)
    status_reason = models.CharField(max_length=300, blank=True)
    notes = models.JSONField(default=list, blank=True)
    # The snapshot, exactly as sent.
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    pdf_path = models.CharField(max_length=300, blank=True)
    # A letter's layout input (typst), so a print batch renders exactly the letters that were sent.
    render_data = models.JSONField(default=dict, blank=True)
    pages = models.PositiveSmallIntegerField(default=0)
    segments = models.PositiveSmallIntegerField(default=0)
    # Delivery.
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transport = models.CharField(max_length=16, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    provider_status = models.CharField(max_length=40, blank=True)
    response = models.CharField(_("reactie"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    retry_after = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        constraints = [
            # Per tenant: each jointly liable co-tenant gets their own copy of a legal letter.
            models.UniqueConstraint(
                fields=["step_run", "channel", "recipient", "tenant"],
                condition=models.Q(step_run__isnull=False),
                name="one_message_per_delivery",
            ),
            models.UniqueConstraint(
                fields=["reversal_follow_up", "channel", "recipient"],
                condition=models.Q(reversal_follow_up__isnull=False),
                name="one_message_per_reversal_delivery",
            ),
        ]
        indexes = [
            models.Index(fields=["corporation", "status", "retry_after"]),
            models.Index(fields=["batch", "status"]),
            models.Index(fields=["tenant", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template_code} → {self.recipient_name}"
