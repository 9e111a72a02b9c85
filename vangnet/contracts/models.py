"""Contract processes: a letting waiting for the candidate's signature, the one-time codes of the identity
step, and a change of payment method with its signed mandate. The ERP stays the system of record for the
contract; these rows keep what the tenant signed and what was sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.cases.models import Case
from vangnet.core.models import CorporationOwned
from vangnet.ledger.models import Contract, Unit
from vangnet.messaging.models import OutgoingMessage
from vangnet.payments.models import PaymentRequest
from vangnet.tenants.models import Tenant


class LettingStatus(models.TextChoices):
    WAITING = "waiting", _("Wacht op handtekening")
    SIGNED = "signed", _("Getekend")
    CANCELLED = "cancelled", _("Vervallen")


class LettingProgress(models.TextChoices):
    """Where a letting stands on the staff screen (derived, not stored): signed and then paid."""

    WAITING = "waiting", _("Wacht op handtekening")
    SIGNED = "signed", _("Getekend, eerste betaling open")
    PAID = "paid", _("Eerste huur en waarborgsom betaald")
    CANCELLED = "cancelled", _("Vervallen")


class Letting(CorporationOwned):
    """A new tenancy from the allocation system (woonruimteverdeelsysteem), from offer to signed contract."""

    reference = models.CharField(_("kenmerk toewijzing"), max_length=64)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    start_date = models.DateField(_("ingangsdatum"))
    monthly_rent = models.DecimalField(_("kale huur"), max_digits=12, decimal_places=2)
    monthly_service_costs = models.DecimalField(_("servicekosten"), max_digits=12, decimal_places=2)
    deposit = models.DecimalField(_("waarborgsom"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(max_length=10, choices=LettingStatus.choices, default=LettingStatus.WAITING)
    contract = models.OneToOneField(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_request = models.ForeignKey(
        PaymentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_name = models.CharField(_("getekend als"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)
    signed_pdf = models.FileField(upload_to="contracts/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["corporation", "reference"], name="letting_reference_unique")
        ]


class CodePurpose(models.TextChoices):
    LETTING = "letting", _("Huurcontract tekenen")
    MANDATE = "mandate", _("Machtiging tekenen")
    CO_TENANT = "co_tenant", _("Aangepast huurcontract tekenen")


class SigningCode(CorporationOwned):
    """A one-time code for the identity step; only its hash is kept. Used once, expires, counts tries."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    subject_id = models.BigIntegerField()
    code_hash = models.CharField(max_length=100)
    channel = models.CharField(max_length=8)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    failures = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # The message as sent (kept for the timeline of the case the signature starts): an e-mail's text, or the
    # SMS in the outbox, whose text as sent is there once it went.
    message = models.TextField(blank=True)
    outgoing = models.ForeignKey(
        OutgoingMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["tenant", "purpose", "subject_id"])]


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verwerking door het ERP")
    PROCESSED = "processed", _("Verwerkt door het ERP")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwere wijziging")


class PaymentMethodChange(CorporationOwned):
    """The tenant's request to pay by direct debit (with IBAN, collection day and a signed mandate) or by
    transfer; applied to the contract at once and sent to the ERP. Pending until a delivery of the ERP lists
    the contract with the new method: a delivery that still lists the old one does not set it back."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    method = models.CharField(_("betaalwijze"), max_length=16)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    account_holder = models.CharField(_("naam rekeninghouder"), max_length=70, blank=True)
    collection_day = models.PositiveSmallIntegerField(_("incassodag"), null=True, blank=True)
    mandate_id = models.CharField(_("machtigingskenmerk"), max_length=35, blank=True)
    signed_name = models.CharField(_("getekend als"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["corporation", "status"], name="payment_change_status")]


class RentDebit(CorporationOwned):
    """The monthly rent collected by direct debit on the collection day the tenant chose."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="+")
    collection_day = models.PositiveSmallIntegerField(_("incassodag"))
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collection_day__gte=1, collection_day__lte=28), name="rent_debit_day"
            )
        ]


class SwapStatus(models.TextChoices):
    OPEN = "open", _("Wacht op bevestiging en besluit")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class Swap(CorporationOwned):
    """A house swap (woningruil) of two or more tenants: each confirms, a colleague decides."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SwapStatus.choices, default=SwapStatus.OPEN)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)


class SwapParty(CorporationOwned):
    """One tenant in a swap, moving from `contract`'s home into `new_unit` (the next party's home)."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="parties")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    new_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # Given by the party when they confirm (empty until then for a party someone else named).
    household = models.PositiveSmallIntegerField(_("personen in het huishouden"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    letting = models.OneToOneField(
        Letting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class ServiceSubscription(CorporationOwned):
    """A contract's service subscription (serviceabonnement) on one plan, from `start_date` up to and
    including `end_date` (empty: running). A change ends the running one and starts the next."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    plan = models.CharField(_("abonnement"), max_length=40)
    plan_name = models.CharField(_("naam abonnement"), max_length=100)
    monthly_price = models.DecimalField(_("prijs per maand"), max_digits=8, decimal_places=2)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(end_date__isnull=True),
                name="service_subscription_one_running",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="service_subscription_ends_after_start",
            ),
        ]


class CoTenantStatus(models.TextChoices):
    CONSENT = "consent", _("Wacht op toestemming")
    READY = "ready", _("Klaar voor besluit")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class CoTenantChange(CorporationOwned):
    """A tenaamstelling: a co-tenant added to or removed from a contract (after marriage, divorce or death),
    with the documents its reason needs and the consent of the other tenants of the contract."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=8)  # "add" or "remove"
    reason = models.CharField(max_length=20)  # a reason code of the type's settings
    # Add: the new co-tenant's name and birth date. Remove: the tenant who leaves the contract.
    person_name = models.CharField(_("naam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    leaving = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Add: the new co-tenant's record (made like a letting's candidate) and their signature of the amended
    # contract, which the decision waits for.
    new_tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_name = models.CharField(_("getekend als"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)
    signed_pdf = models.FileField(upload_to="contracts/%Y/%m/", blank=True)
    status = models.CharField(max_length=10, choices=CoTenantStatus.choices, default=CoTenantStatus.CONSENT)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class CoTenantConsent(CorporationOwned):
    """The consent one other tenant of the contract gives (or refuses) in their own portal."""

    change = models.ForeignKey(CoTenantChange, on_delete=models.CASCADE, related_name="consents")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["change", "tenant"], name="co_tenant_consent_once")]
