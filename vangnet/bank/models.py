"""The corporation's bank accounts, and bank statements as imported: one row per file, one row per booked
transaction, and how each was matched."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Contract, LedgerEntry


class BankAccountPurpose(models.TextChoices):
    RENT = "rent", _("Huurontvangsten")
    DIRECT_DEBIT = "direct_debit", _("Incasso")
    OTHER = "other", _("Overig")


class BankAccount(models.Model):
    """An account of the corporation whose statements may be imported, besides the one on its letters.

    ``account`` is kept compact and upper case: an IBAN, or the bare account number old MT940 files give.
    """

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    account = models.CharField(_("rekening"), max_length=34)
    name = models.CharField(_("naam"), max_length=100, blank=True)
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    purpose = models.CharField(
        _("gebruik"), max_length=16, choices=BankAccountPurpose.choices, default=BankAccountPurpose.RENT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["account"]
        verbose_name = _("bankrekening")
        verbose_name_plural = _("bankrekeningen")
        constraints = [models.UniqueConstraint(fields=["corporation", "account"], name="bank_account_unique")]

    def __str__(self) -> str:
        return f"{self.account} {self.name}".strip()


class StatementImportStatus(models.TextChoices):
    APPLIED = "applied", _("Verwerkt")
    REJECTED = "rejected", _("Afgewezen")


class BankStatementImport(models.Model):
    """One uploaded bank file: who, when, what it contained, and every error if it was rejected."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_hash = models.CharField(max_length=64)
    format = models.CharField(_("formaat"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=StatementImportStatus.choices)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bankafschriftimport")
        verbose_name_plural = _("bankafschriftimports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class TransactionStatus(models.TextChoices):
    MATCHED = "matched", _("Gekoppeld")
    UNMATCHED = "unmatched", _("Niet gekoppeld")
    # Money that is not a tenant's payment or a return of one (our own outgoing payments, bank costs).
    IGNORED = "ignored", _("Genegeerd")
    # The same payment or return of a direct debit, arrived before in another file, format or account:
    # never booked.
    DUPLICATE = "duplicate", _("Al verwerkt")


class MatchRule(models.TextChoices):
    PAYMENT_REFERENCE = "payment_reference", _("Betalingskenmerk")
    END_TO_END_ID = "end_to_end_id", _("Eigen incasso")
    IBAN = "iban", _("Bekend IBAN")
    AMOUNT_AND_NAME = "amount_and_name", _("Bedrag en naam")
    MANUAL = "manual", _("Handmatig gekoppeld")


class BankTransaction(models.Model):
    """One booked movement on the corporation's account; the checksum makes a re-sent statement harmless."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    statement_import = models.ForeignKey(
        BankStatementImport, on_delete=models.PROTECT, related_name="transactions"
    )
    account_iban = models.CharField(_("rekening"), max_length=34)
    checksum = models.CharField(max_length=64)
    bank_reference = models.CharField(_("bankreferentie"), max_length=100, blank=True)
    booking_date = models.DateField(_("boekdatum"))
    value_date = models.DateField(_("valutadatum"))
    # Signed from the account's side: money in is positive, money out (a returned collection) negative.
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("valuta"), max_length=3, default="EUR")
    counterparty_name = models.CharField(_("naam tegenpartij"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("rekening tegenpartij"), max_length=34, blank=True)
    remittance_text = models.TextField(_("omschrijving"), blank=True)
    structured_reference = models.CharField(_("betalingskenmerk"), max_length=35, blank=True)
    end_to_end_id = models.CharField(_("end-to-end-id"), max_length=35, blank=True)
    mandate_id = models.CharField(_("machtigingskenmerk"), max_length=35, blank=True)
    return_reason = models.CharField(_("retourcode"), max_length=35, blank=True)
    is_reversal = models.BooleanField(_("stornering"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=TransactionStatus.choices)
    matched_contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A candidate below the threshold: shown in the unmatched queue, never booked automatically.
    suggested_contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    match_rule = models.CharField(_("koppelregel"), max_length=20, choices=MatchRule.choices, blank=True)
    confidence = models.DecimalField(_("zekerheid"), max_digits=3, decimal_places=2, default=0)
    match_reason = models.CharField(_("reden koppeling"), max_length=300, blank=True)
    ledger_entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For a DUPLICATE: the transaction that was this same return the first time.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("banktransactie")
        verbose_name_plural = _("banktransacties")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "checksum"], name="bank_transaction_checksum_unique"
            )
        ]
        indexes = [
            models.Index(fields=["corporation", "status", "booking_date"]),
            # Returns find the collection they undo through these two.
            models.Index(fields=["corporation", "end_to_end_id"]),
            models.Index(fields=["corporation", "mandate_id"]),
            models.Index(fields=["corporation", "counterparty_iban"]),
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.counterparty_name}"
