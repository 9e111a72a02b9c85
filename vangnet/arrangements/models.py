"""Payment arrangements (betalingsregelingen) with their instalments, promises to pay, "I already paid".

Arrangements and promises also arrive from the ERP import, which writes rows with raw SQL and names only
the columns it knows: every column added since then has a database default (db_default) so those inserts
keep working, and an imported row reads as channel "erp" with the contract's own payment method.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.arrangements.budget import DEFAULT_NORM, BudgetFigures, BudgetNorm, HouseholdType
from vangnet.core.models import Corporation, CorporationOwned, User
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant


class ArrangementStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    ACTIVE = "active", _("Actief")
    COMPLETED = "completed", _("Afgerond")
    BROKEN = "broken", _("Niet nagekomen")
    CANCELLED = "cancelled", _("Geannuleerd")
    # A colleague turned a request down: a decision, not a cancellation (the tenant reads "afgewezen").
    REJECTED = "rejected", _("Afgewezen")


class Channel(models.TextChoices):
    ERP = "erp", _("ERP")
    STAFF = "staff", _("Medewerker")
    PORTAL = "portal", _("Huurdersportaal")
    PHONE = "phone", _("Telefoon")


def live_arrangements_q() -> Q:
    """Arrangements that count: not marked removed by an ERP snapshot. A snapshot marks every row it does
    not list, also the ones made here that the ERP never exported back, so those stay regardless."""
    return Q(removed_from_source_at__isnull=True) | ~Q(channel=Channel.ERP)


class ArrangementPaymentMethod(models.TextChoices):
    LINK = "link", _("Betaallink per termijn")
    DIRECT_DEBIT = "direct_debit", _("Automatische incasso")


class FollowUp(models.TextChoices):
    RESUME = "resume", _("Traject gaat verder")
    TASK = "task", _("Traject gaat verder en een taak voor een collega")


class ArrangementPolicy(models.Model):
    """Per corporation: which proposals the portal may approve at once, and how the daily run follows up."""

    corporation = models.OneToOneField(
        Corporation, on_delete=models.CASCADE, related_name="arrangement_policy"
    )
    min_tenancy_months = models.PositiveSmallIntegerField(_("minimale huurduur (maanden)"), default=12)
    broken_lookback_months = models.PositiveSmallIntegerField(
        _("geen verbroken regeling in de laatste (maanden)"), default=12
    )
    max_installments = models.PositiveSmallIntegerField(_("maximaal aantal termijnen"), default=12)
    min_installment_amount = models.DecimalField(
        _("minimaal bedrag per termijn"), max_digits=12, decimal_places=2, default=Decimal("25.00")
    )
    max_total = models.DecimalField(
        _("maximaal totaalbedrag"), max_digits=12, decimal_places=2, default=Decimal("2500.00")
    )
    require_rent_current = models.BooleanField(
        _("lopende huur moet betaald worden"),
        default=True,
        help_text=_(
            "Aan: een voorstel mag alleen direct goed als de huur van de laatste maand betaald is, en een "
            "regeling is ook niet nagekomen als de huur die tijdens de regeling vervalt niet betaald wordt."
        ),
    )
    breach_grace_days = models.PositiveSmallIntegerField(_("marge na vervaldatum termijn (dagen)"), default=5)
    promise_max_days = models.PositiveSmallIntegerField(_("betaalbelofte uiterlijk over (dagen)"), default=14)
    payment_claim_hold_days = models.PositiveSmallIntegerField(
        _("wachten op 'ik heb al betaald' (dagen)"), default=5
    )
    on_broken_promise = models.CharField(
        _("bij een niet nagekomen belofte"),
        max_length=8,
        choices=FollowUp.choices,
        default=FollowUp.TASK,
        help_text=_(
            "De wachtcode vervalt altijd en het traject gaat verder. Kies 'taak' als een collega ook een "
            "taak moet krijgen om de huurder te bellen."
        ),
    )
    on_breach = models.CharField(
        _("bij een niet nagekomen regeling"),
        max_length=8,
        choices=FollowUp.choices,
        default=FollowUp.TASK,
        help_text=_(
            "De wachtcode vervalt altijd en het traject gaat verder. Kies 'taak' als de eigenaar van de "
            "regeling (of het team) ook een taak moet krijgen."
        ),
    )

    # The living allowance of the budget check (arrangements/budget.py), per month; defaults from DEFAULT_NORM.
    budget_single = models.DecimalField(
        _("leefgeld alleenstaande"), max_digits=8, decimal_places=2, default=DEFAULT_NORM.single
    )
    budget_couple = models.DecimalField(
        _("leefgeld met partner"), max_digits=8, decimal_places=2, default=DEFAULT_NORM.couple
    )
    budget_single_parent = models.DecimalField(
        _("leefgeld alleenstaande met kinderen"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_NORM.single_parent,
    )
    budget_couple_children = models.DecimalField(
        _("leefgeld met partner en kinderen"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_NORM.couple_children,
    )
    budget_per_child = models.DecimalField(
        _("leefgeld per kind"), max_digits=8, decimal_places=2, default=DEFAULT_NORM.per_child
    )

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("regelingenbeleid")
        verbose_name_plural = _("regelingenbeleid")

    def budget_norm(self) -> BudgetNorm:
        return BudgetNorm(
            single=self.budget_single,
            couple=self.budget_couple,
            single_parent=self.budget_single_parent,
            couple_children=self.budget_couple_children,
            per_child=self.budget_per_child,
        )


class Arrangement(CorporationOwned):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="arrangements")
    source_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=ArrangementStatus.choices)
    agreed_on = models.DateField(_("afgesproken op"))
    start_date = models.DateField(_("eerste termijn"))
    total_amount = models.DecimalField(_("totaalbedrag"), max_digits=12, decimal_places=2)
    channel = models.CharField(_("kanaal"), max_length=8, choices=Channel.choices, db_default=Channel.ERP)
    # Blank: as the contract pays (an imported arrangement says nothing about it).
    payment_method = models.CharField(
        _("betaalwijze"), max_length=16, choices=ArrangementPaymentMethod.choices, blank=True, db_default=""
    )
    debit_iban = models.CharField(_("IBAN incasso"), max_length=34, blank=True, db_default="")
    mandate_id = models.CharField(_("machtigingskenmerk"), max_length=35, blank=True, db_default="")
    mandate_date = models.DateField(_("datum machtiging"), null=True, blank=True)
    decided_rule = models.CharField(_("beslisregel"), max_length=32, blank=True, db_default="")
    decision_reason = models.CharField(_("uitleg beslissing"), max_length=300, blank=True, db_default="")
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("eigenaar")
    )
    created_by = models.CharField(max_length=150, blank=True, db_default="")
    broken_on = models.DateField(_("niet nagekomen op"), null=True, blank=True)
    broken_reason = models.CharField(_("reden niet nagekomen"), max_length=300, blank=True, db_default="")
    # Set once the tenant got the notice of the breach, so a second run of the same day sends none.
    breach_notified_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reden annulering"), max_length=300, blank=True, db_default="")
    # A colleague's counter-offer on a request outside the rules: the schedule is the offer, the request
    # stays requested until the tenant accepts it in the portal (arrangements/services/counter_offers.py).
    counter_offered_on = models.DateField(_("tegenvoorstel gedaan op"), null=True, blank=True)
    counter_offer_note = models.CharField(
        _("toelichting tegenvoorstel"), max_length=300, blank=True, db_default=""
    )
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_id"],
                condition=~models.Q(source_id=""),
                name="arrangement_source_unique",
            ),
            # The daily run finds these set-based; two running at once would double the hold and the debit.
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(status__in=["requested", "active"], removed_from_source_at__isnull=True)
                & ~models.Q(channel="erp"),
                name="arrangement_one_running",
            ),
        ]
        indexes = [models.Index(fields=["corporation", "status"])]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.total_amount} ({self.get_status_display()})"


class Installment(CorporationOwned):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="installments")
    sequence = models.PositiveSmallIntegerField()
    due_date = models.DateField(_("vervaldatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    # The day the daily run first saw the payments cover this instalment (and the ones before it).
    paid_on = models.DateField(_("betaald gezien op"), null=True, blank=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["arrangement", "sequence"], name="installment_unique")]


class BudgetCheck(CorporationOwned):
    """The budget check a tenant (or a colleague with them) made for an arrangement: the tenant's own
    figures per month, and the allowance and affordable instalment worked out from them at the time."""

    arrangement = models.OneToOneField(Arrangement, on_delete=models.CASCADE, related_name="budget_check")
    household = models.CharField(_("huishouden"), max_length=16, choices=HouseholdType.choices)
    children = models.PositiveSmallIntegerField(_("aantal kinderen"), default=0)
    income = models.DecimalField(_("netto inkomen per maand"), max_digits=10, decimal_places=2)
    rent = models.DecimalField(_("huur na huurtoeslag"), max_digits=10, decimal_places=2, default=0)
    energy = models.DecimalField(_("energie"), max_digits=10, decimal_places=2, default=0)
    insurance = models.DecimalField(_("verzekeringen"), max_digits=10, decimal_places=2, default=0)
    care = models.DecimalField(_("zorgkosten"), max_digits=10, decimal_places=2, default=0)
    debts = models.DecimalField(
        _("andere schulden die al betaald worden"), max_digits=10, decimal_places=2, default=0
    )
    allowance = models.DecimalField(_("leefgeld"), max_digits=10, decimal_places=2)
    affordable = models.DecimalField(_("betaalbaar per maand"), max_digits=10, decimal_places=2)
    channel = models.CharField(_("kanaal"), max_length=8, choices=Channel.choices)
    entered_on = models.DateField(_("ingevuld op"))
    corrected_on = models.DateField(_("verbeterd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("budgetcheck")
        verbose_name_plural = _("budgetchecks")

    def figures(self) -> BudgetFigures:
        return BudgetFigures(
            household=self.household,
            children=self.children,
            income=self.income,
            rent=self.rent,
            energy=self.energy,
            insurance=self.insurance,
            care=self.care,
            debts=self.debts,
        )

    @property
    def fixed_costs(self) -> Decimal:
        return self.rent + self.energy + self.insurance + self.care + self.debts


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    KEPT = "kept", _("Nagekomen")
    BROKEN = "broken", _("Niet nagekomen")
    CANCELLED = "cancelled", _("Ingetrokken")


class Promise(CorporationOwned):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="promises")
    source_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=PromiseStatus.choices, default=PromiseStatus.OPEN)
    made_on = models.DateField(_("toegezegd op"))
    promised_date = models.DateField(_("betaaldatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    channel = models.CharField(_("kanaal"), max_length=8, choices=Channel.choices, db_default=Channel.ERP)
    created_by = models.CharField(max_length=150, blank=True, db_default="")
    settled_on = models.DateField(_("beoordeeld op"), null=True, blank=True)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("betalingsbelofte")
        verbose_name_plural = _("betalingsbeloften")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_id"],
                condition=~models.Q(source_id=""),
                name="promise_source_unique",
            )
        ]


class PaymentClaimStatus(models.TextChoices):
    OPEN = "open", _("Wordt gecontroleerd")
    FOUND = "found", _("Betaling gevonden")
    NOT_FOUND = "not_found", _("Betaling niet gevonden")


class PaymentClaim(CorporationOwned):
    """ "I already paid": the flow waits until hold_until while the bank import looks for the payment."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payment_claims")
    tenant = models.ForeignKey(Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    paid_on = models.DateField(_("betaald op"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    status = models.CharField(
        max_length=12, choices=PaymentClaimStatus.choices, default=PaymentClaimStatus.OPEN
    )
    registered_on = models.DateField(_("gemeld op"))
    hold_until = models.DateField(_("wachten tot en met"))
    resolved_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    channel = models.CharField(_("kanaal"), max_length=8, choices=Channel.choices, default=Channel.PORTAL)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("melding 'al betaald'")
        verbose_name_plural = _("meldingen 'al betaald'")
        indexes = [models.Index(fields=["corporation", "status"])]
