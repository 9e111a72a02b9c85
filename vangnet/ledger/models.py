"""The ledger of a corporation: units, contracts, immutable entries, and the standing derived from them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation, CorporationOwned, User
from vangnet.tenants.models import Tenant


class UnitKind(models.TextChoices):
    DWELLING = "dwelling", _("Woning")
    PARKING = "parking", _("Parkeerplaats")
    BUSINESS = "business", _("Bedrijfsruimte")


class Unit(CorporationOwned):
    """An eenheid: a home, a parking space or a business space."""

    source_id = models.CharField(_("ERP-nummer"), max_length=64)
    kind = models.CharField(_("soort"), max_length=16, choices=UnitKind.choices, default=UnitKind.DWELLING)
    street = models.CharField(_("straat"), max_length=120)
    house_number = models.CharField(_("huisnummer"), max_length=10)
    house_number_suffix = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("plaats"), max_length=100)
    municipality = models.CharField(_("gemeente"), max_length=100)
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    complex_code = models.CharField(_("complex"), max_length=32, blank=True)
    complex_name = models.CharField(_("complexnaam"), max_length=120, blank=True)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "source_id"], name="unit_source_unique")
        ]
        indexes = [models.Index(fields=["corporation", "postcode", "house_number"])]

    def __str__(self) -> str:
        return f"{self.address_line}, {self.city}"

    @property
    def address_line(self) -> str:
        suffix = f"-{self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}"


class PaymentMethod(models.TextChoices):
    DIRECT_DEBIT = "direct_debit", _("Automatische incasso")
    TRANSFER = "transfer", _("Overboeking")
    IDEAL_LINK = "ideal_link", _("iDEAL-betaallink")


class Contract(CorporationOwned):
    """A huurovereenkomst for one unit, with one or more jointly liable tenants."""

    source_id = models.CharField(_("contractnummer"), max_length=64)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contracts")
    tenants = models.ManyToManyField(Tenant, through="ContractTenant", related_name="contracts")
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    monthly_rent = models.DecimalField(_("kale huur"), max_digits=12, decimal_places=2)
    monthly_service_costs = models.DecimalField(
        _("servicekosten"), default=0, max_digits=12, decimal_places=2
    )
    payment_method = models.CharField(_("betaalwijze"), max_length=16, choices=PaymentMethod.choices)
    due_day = models.PositiveSmallIntegerField(_("vervaldag"), default=1)
    mandate_id = models.CharField(_("machtigingskenmerk"), max_length=35, blank=True)
    mandate_date = models.DateField(_("datum machtiging"), null=True, blank=True)
    debit_iban = models.CharField(_("IBAN incasso"), max_length=34, blank=True)
    payment_reference = models.CharField(_("betalingskenmerk"), max_length=16, blank=True)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("huurovereenkomst")
        verbose_name_plural = _("huurovereenkomsten")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "source_id"], name="contract_source_unique"),
            models.CheckConstraint(
                condition=models.Q(due_day__gte=1, due_day__lte=28), name="contract_due_day"
            ),
        ]
        indexes = [models.Index(fields=["corporation", "payment_reference"])]

    def __str__(self) -> str:
        return self.source_id

    @property
    def monthly_total(self):
        return self.monthly_rent + self.monthly_service_costs


class ContractRole(models.TextChoices):
    MAIN = "main", _("Hoofdhuurder")
    CO = "co", _("Medehuurder")


class ContractTenant(CorporationOwned):
    """Co-tenants on one contract are jointly liable (hoofdelijk aansprakelijk)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=8, choices=ContractRole.choices, default=ContractRole.MAIN)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "tenant"], name="contract_tenant_unique")]
        # "The contract's main tenant" is asked per contract inside set-based statements (a segment on the
        # debtor's kind); under a corporation scope SQLite would otherwise walk the corporation's index for
        # every contract, which made classification quadratic.
        indexes = [models.Index(fields=["contract", "role"], name="contract_tenant_role")]


class EntryKind(models.TextChoices):
    INVOICE = "invoice", _("Vordering")
    PAYMENT = "payment", _("Betaling")
    REVERSAL = "reversal", _("Stornering")
    CORRECTION = "correction", _("Correctie")
    WRITE_OFF = "write_off", _("Afboeking")


class InvoiceCategory(models.TextChoices):
    RENT = "rent", _("Huur")
    SERVICE_COSTS = "service_costs", _("Servicekosten")
    REPAIR = "repair", _("Reparatie")
    FINAL_SETTLEMENT = "final_settlement", _("Eindafrekening")
    OTHER = "other", _("Overig")
    COLLECTION_COSTS = "collection_costs", _("Incassokosten")
    INTEREST = "interest", _("Wettelijke rente")


class LedgerEntry(models.Model):
    """A boeking. Immutable: a mistake is corrected by a new entry, never by editing this one.

    The amount is signed from the tenant's side: what raises the debt is positive (invoice, reversal of a
    payment, a correction upwards), what lowers it is negative (payment, write-off, a credit correction),
    so a contract's balance is SUM(amount).
    """

    # Millions of rows arrive by bulk import: no reference has a database constraint and the indexes are the
    # ones queries use. The import guarantees them: an entry is inserted only through the join to its
    # contract (of the same corporation) in the same statement, contracts are never deleted (a snapshot
    # closes them; PROTECT refuses a delete through the ORM), and `vangnet check_integrity` verifies every
    # reference weekly (vangnet/core/integrity.py). A deferred key checked 5 million rows again at commit.
    corporation = models.ForeignKey(
        Corporation, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="entries", db_index=False, db_constraint=False
    )
    source_id = models.CharField(_("boekingsnummer"), max_length=64)
    kind = models.CharField(_("soort"), max_length=16, choices=EntryKind.choices)
    category = models.CharField(_("categorie"), max_length=20, choices=InvoiceCategory.choices, blank=True)
    booking_date = models.DateField(_("boekdatum"))
    due_date = models.DateField(_("vervaldatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    payment_reference = models.CharField(_("betalingskenmerk"), max_length=35, blank=True)
    linked_entry = models.ForeignKey(
        "self",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="linked_entries",
        db_index=False,
        db_constraint=False,
    )
    reversal_reason = models.CharField(_("retourcode"), max_length=4, blank=True)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    import_run = models.ForeignKey(
        "ImportRun",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "source_id"], name="entry_source_unique")
        ]
        indexes = [
            models.Index(fields=["contract", "due_date"]),
            # The standings read a corporation's entries since their mark: by this index the read follows
            # the corporation's own new entries, not every corporation's since then (ids are shared).
            models.Index(fields=["corporation", "id"], name="entry_corporation_new_idx"),
            # Few entries are linked; a partial index keeps the allocation's look-ups cheap to maintain.
            models.Index(
                fields=["linked_entry"],
                name="entry_linked_idx",
                condition=models.Q(linked_entry__isnull=False),
            ),
            # The daily run looks for the few returns booked in the last days; a partial index stays small.
            models.Index(
                fields=["corporation", "booking_date"],
                name="entry_reversal_idx",
                condition=models.Q(kind="reversal"),
            ),
            # The payments report sums a period's payments: a partial index keeps it off the invoices, and on
            # PostgreSQL it carries the amount and contract, so the report reads the index alone.
            models.Index(
                fields=["corporation", "booking_date"],
                include=["amount", "contract"],
                name="entry_payment_cover_idx",
                condition=models.Q(kind="payment"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_id} {self.amount}"


class ContractStanding(CorporationOwned):
    """Balance and payment behaviour per contract, recomputed set-based after every import and each day.

    Stored so the daily run, the worklists and the reports read it with one join instead of the ledger.
    """

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="standing")
    as_of = models.DateField()
    balance = models.DecimalField(max_digits=12, decimal_places=2)
    overdue_amount = models.DecimalField(max_digits=12, decimal_places=2)
    oldest_overdue_date = models.DateField(null=True, blank=True)
    open_items = models.PositiveIntegerField(default=0)
    invoices_in_window = models.PositiveIntegerField(default=0)
    paid_on_time_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    average_days_late = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    max_days_late = models.PositiveIntegerField(default=0)
    reversals_in_window = models.PositiveIntegerField(default=0)
    late_in_window = models.PositiveIntegerField(default=0)
    # Where the computation stood, so entries appended later continue it instead of re-reading the history
    # (services/continuation.py). NULL: no state kept; the next refresh recomputes the contract whole.
    # Keys are sortable integers: allocation order rank·10^17 + days since 1970·10^12 + entry id, the
    # payment sweep's order days·10^12 + id.
    state_mark = models.BigIntegerField(null=True, blank=True)  # the highest entry id when computed
    state_entries = models.PositiveIntegerField(null=True, blank=True)  # the contract's entries then
    state_window_start = models.DateField(null=True, blank=True)
    alloc_from = models.BigIntegerField(null=True, blank=True)  # first item not fully covered
    alloc_settled = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    sweep_from = models.BigIntegerField(null=True, blank=True)  # first debit no payment reached yet
    sweep_level = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    sweep_reached = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    credit_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    last_credit_date = models.DateField(null=True, blank=True)
    paid_invoices = models.PositiveIntegerField(null=True, blank=True)  # of the window's, those paid
    paid_on_time = models.PositiveIntegerField(null=True, blank=True)
    paid_days_late = models.PositiveIntegerField(null=True, blank=True)
    paid_max_late = models.PositiveIntegerField(null=True, blank=True)
    # For continuing on a later day: the window's paid invoices as "days since 1970:days late" joined by
    # commas (each leaves the window on its own day), and the first credit or reversal booked after `as_of`
    # (the standing did not count it yet). NULL window_paid: not kept; the next day recomputes the contract.
    window_paid = models.TextField(null=True, blank=True)
    next_booking_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["corporation", "overdue_amount"])]


class ImportMode(models.TextChoices):
    DELTA = "delta", _("Wijzigingen")
    SNAPSHOT = "snapshot", _("Volledige stand")


class ImportStatus(models.TextChoices):
    APPLIED = "applied", _("Verwerkt")
    REJECTED = "rejected", _("Afgewezen")


class ImportRun(CorporationOwned):
    """One import from the ERP: who, when, which file, what changed, and every error if it was rejected."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    source_format = models.CharField(max_length=16)
    mode = models.CharField(max_length=16, choices=ImportMode.choices)
    file_names = models.JSONField(default=list)
    file_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    timings = models.JSONField(default=dict, help_text="seconds per phase: stage, validate, apply, standings")

    class Meta:
        ordering = ["-started_at"]
