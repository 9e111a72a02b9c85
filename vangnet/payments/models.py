"""Payment requests (betaalverzoeken) behind the portal's pay links, payment attempts at a provider, the
per-corporation provider settings, and the records of exported direct-debit files."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation, CorporationOwned, User
from vangnet.ledger.models import Contract, LedgerEntry


class PaymentSettings(models.Model):
    """Which provider a corporation's tenants pay through. Secrets never live here: only the name of the
    environment variable that holds the Mollie API key."""

    corporation = models.OneToOneField(Corporation, on_delete=models.CASCADE, related_name="payment_settings")
    provider = models.CharField(_("betaaldienst"), max_length=32, default="sandbox")
    mollie_api_key_env = models.CharField(
        _("omgevingsvariabele met de Mollie API-sleutel"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld VANGNET_MOLLIE_KEY_WOONSTAD. Leeg: VANGNET_MOLLIE_API_KEY."),
    )
    default_expiry_days = models.PositiveSmallIntegerField(_("geldigheid betaallink (dagen)"), default=30)
    portal_host = models.CharField(
        _("eigen domein van het portaal"),
        max_length=253,
        blank=True,
        help_text=_("Bijvoorbeeld betalen.woonstad.nl. Links van andere corporaties werken daar niet."),
    )

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("betaalinstellingen")
        verbose_name_plural = _("betaalinstellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["portal_host"], condition=~models.Q(portal_host=""), name="payment_portal_host_unique"
            )
        ]


class PaymentRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Betaald")
    EXPIRED = "expired", _("Verlopen")
    CANCELLED = "cancelled", _("Ingetrokken")
    # The amount owed changed (a payment, an arrangement, a hold) after the link was made: the link then
    # offers what is owed now, never its old total.
    SUPERSEDED = "superseded", _("Vervangen")


class PaymentPurpose(models.TextChoices):
    OPEN_BALANCE = "open_balance", _("Openstaand saldo")
    INSTALMENT = "instalment", _("Termijn van een betalingsregeling")


class PaymentRequest(CorporationOwned):
    """A betaalverzoek: what a pay link in a message points to. The token is the only key a tenant holds."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payment_requests")
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("doel"), max_length=16, choices=PaymentPurpose.choices)
    description = models.CharField(_("omschrijving"), max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentRequestStatus.choices, default=PaymentRequestStatus.OPEN
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)
    superseded_why = models.CharField(_("vervangen omdat"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("betaalverzoek")
        verbose_name_plural = _("betaalverzoeken")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_request_amount_positive")
        ]
        indexes = [models.Index(fields=["corporation", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.contract} {self.amount} ({self.status})"


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Aangemaakt")
    OPEN = "open", _("Open")
    PENDING = "pending", _("In behandeling")
    PAID = "paid", _("Betaald")
    FAILED = "failed", _("Mislukt")
    CANCELED = "canceled", _("Geannuleerd")
    EXPIRED = "expired", _("Verlopen")


# A provider reports these as final; a paid payment never moves again.
FINAL_STATUSES = frozenset(
    {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELED, PaymentStatus.EXPIRED}
)


class Payment(CorporationOwned):
    """One attempt to pay a request at a provider (pretix's OrderPayment). Only payment_confirm marks it paid."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("betaaldienst"), max_length=32)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    provider_id = models.CharField(_("kenmerk bij de betaaldienst"), max_length=64, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkout_url = models.URLField(max_length=500, blank=True)
    ledger_entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="payment_provider_id_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_id or self.pk} {self.amount} ({self.status})"


class SandboxCheckout(models.Model):
    """The sandbox provider's own side: what a real PSP would keep. Only used by the demo provider."""

    provider_id = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=200, blank=True)
    redirect_url = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)


class DirectDebitExport(CorporationOwned):
    """A pain.008 collection file that left Vangnet: who, when, how many, how much, and its hash.

    The fingerprint covers the collection itself (date and every mandate with its amount), not the file,
    whose message id and timestamp differ per run: the same collection is refused a second time unless a
    colleague says explicitly that it is a repeat.
    """

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    collection_date = models.DateField(_("incassodatum"))
    count = models.PositiveIntegerField(_("aantal"))
    total = models.DecimalField(_("totaal"), max_digits=14, decimal_places=2)
    message_id = models.CharField(max_length=35)
    fingerprint = models.CharField(max_length=64)
    file_hash = models.CharField(max_length=64)
    repeat_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "fingerprint"],
                condition=models.Q(repeat_of__isnull=True),
                name="direct_debit_export_once",
            )
        ]
