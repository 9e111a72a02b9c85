"""Hand-over to collection agencies and bailiffs (overdracht): the agencies, their WKI register checks, each
hand-over from proposal to closure, the files sent to an agency and the feedback it sent back."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import ApiKey, Corporation, CorporationOwned
from vangnet.flows.models import Enrollment
from vangnet.ledger.models import Contract, LedgerEntry

ZERO = Decimal("0.00")


class AgencyKind(models.TextChoices):
    COLLECTION_AGENCY = "collection_agency", _("Incassobureau")
    BAILIFF = "bailiff", _("Gerechtsdeurwaarder")


class Agency(CorporationOwned):
    """An incassobureau or gerechtsdeurwaarder the corporation hands debts to."""

    slug = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=AgencyKind.choices)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=20, blank=True)
    # A bailiff's office number (kantoornummer KBvG); a bailiff needs no WKI registration.
    office_number = models.CharField(_("kantoornummer"), max_length=20, blank=True)
    # A format code of vangnet/handovers/formats (csv, xlsx, pdf, json).
    export_format = models.CharField(_("exportformaat"), max_length=10, default="csv")
    # The column keys of formats/columns.py for CSV and XLSX, in order; empty is the standard set.
    columns = models.JSONField(_("kolommen"), default=list, blank=True)
    costs_agreement = models.TextField(_("kostenafspraak"), blank=True)
    # Art. 2 lid 3 Besluit BIK: only when this agency charges VAT that the corporation cannot deduct, and
    # the corporation declares so, may the collection costs be raised by the VAT percentage.
    vat_uplift = models.DecimalField(
        _("btw-opslag op incassokosten (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # The key this agency uses to pull its hand-overs and send feedback through the API.
    api_key = models.OneToOneField(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="agency"
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("incassopartner")
        verbose_name_plural = _("incassopartners")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["corporation", "slug"], name="agency_slug_unique")]

    def __str__(self) -> str:
        return self.name


class WkiCheck(CorporationOwned):
    """A look-up of an incassobureau in the Justis register incassodienstverlening (Wki)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="wki_checks")
    checked_on = models.DateField(_("gecontroleerd op"))
    checked_by = models.CharField(_("gecontroleerd door"), max_length=150)
    register_number = models.CharField(_("registratienummer"), max_length=40, blank=True)
    registered = models.BooleanField(_("ingeschreven"))
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]


class VulnerableMode(models.TextChoices):
    BLOCK = "block", _("Blokkeren")
    WARN = "warn", _("Waarschuwen")


class HandoverPolicy(models.Model):
    """Per corporation: the minimum amount for a hand-over and what a vulnerable tenant means."""

    corporation = models.OneToOneField(Corporation, on_delete=models.CASCADE, related_name="handover_policy")
    min_amount = models.DecimalField(
        _("overdragen vanaf bedrag"), max_digits=10, decimal_places=2, default=Decimal("250.00")
    )
    # Debt counselling, WSNP or bewind: block the hand-over, or show a warning the manager must weigh.
    vulnerable = models.CharField(
        _("kwetsbare huurder"), max_length=8, choices=VulnerableMode.choices, default=VulnerableMode.BLOCK
    )

    objects = ScopedManager(corporation="corporation")


class HandoverStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    REJECTED = "rejected", _("Afgewezen")
    APPROVED = "approved", _("Goedgekeurd")
    EXPORTED = "exported", _("Bij de partner")
    RECALLED = "recalled", _("Teruggehaald")
    CLOSED = "closed", _("Afgesloten")


OPEN_HANDOVER_STATUSES = (HandoverStatus.PROPOSED, HandoverStatus.APPROVED, HandoverStatus.EXPORTED)
HANDED_OVER_STATUSES = (HandoverStatus.APPROVED, HandoverStatus.EXPORTED)


class Stage(models.TextChoices):
    AMICABLE = "minnelijk", _("Minnelijk")
    SUMMONS = "dagvaarding", _("Dagvaarding")
    JUDGMENT = "vonnis", _("Vonnis")
    ATTACHMENT = "beslag", _("Beslag")
    EVICTION = "ontruiming", _("Ontruiming")


class ProposalSource(models.TextChoices):
    FLOW = "flow", _("Incassotraject")
    STAFF = "staff", _("Medewerker")


class RecallReason(models.TextChoices):
    ARRANGEMENT = "arrangement", _("Regeling met ons getroffen")
    PAID = "paid", _("Betaald")
    MISTAKE = "mistake", _("Vergissing")
    OTHER = "other", _("Anders")


class Handover(CorporationOwned):
    """One contract's debt on its way to, at, or back from an agency."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="handovers")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="handovers"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="handovers"
    )
    status = models.CharField(max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PROPOSED)
    source = models.CharField(max_length=8, choices=ProposalSource.choices)
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    proposed_on = models.DateField(_("voorgesteld op"))
    proposed_by = models.CharField(max_length=150)
    proposed_amount = models.DecimalField(_("achterstand bij voorstel"), max_digits=12, decimal_places=2)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    # The warnings the manager saw and accepted when approving (vulnerable tenant in "warn" mode).
    warnings = models.JSONField(default=list, blank=True)
    handed_over_on = models.DateField(_("overgedragen op"), null=True, blank=True)
    amount = models.DecimalField(_("overgedragen bedrag"), max_digits=12, decimal_places=2, default=ZERO)
    exported_on = models.DateField(null=True, blank=True)
    stage = models.CharField(_("stadium"), max_length=12, choices=Stage.choices, blank=True)
    stage_on = models.DateField(null=True, blank=True)
    eviction_on = models.DateField(_("ontruimingsdatum"), null=True, blank=True)
    collected = models.DecimalField(_("geïnd door partner"), max_digits=12, decimal_places=2, default=ZERO)
    agency_costs = models.DecimalField(_("kosten partner"), max_digits=12, decimal_places=2, default=ZERO)
    first_payment_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, blank=True)
    end_note = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(status__in=["proposed", "approved", "exported"]),
                name="one_open_handover_per_contract",
            )
        ]
        indexes = [models.Index(fields=["corporation", "status", "agency"])]

    def __str__(self) -> str:
        return f"OV-{self.pk}"

    @property
    def number(self) -> str:
        return f"OV-{self.pk}"


class UpdateKind(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    APPROVED = "approved", _("Goedgekeurd en overgedragen")
    REJECTED = "rejected", _("Afgewezen")
    EXPORTED = "exported", _("Dossier verstuurd")
    PAYMENT = "payment", _("Betaling via partner")
    COSTS = "costs", _("Kosten partner")
    STAGE = "stage", _("Stadium")
    RECALLED = "recalled", _("Teruggehaald")
    CLOSED = "closed", _("Afgesloten")


class HandoverUpdate(CorporationOwned):
    """What happened to a hand-over and when: the history shown on its page and sent to the ERP."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=UpdateKind.choices)
    on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    stage = models.CharField(max_length=12, blank=True)
    note = models.CharField(max_length=500, blank=True)
    by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]


class HandoverExport(CorporationOwned):
    """The files of one export to one agency, kept as sent so the package can be shown again."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="exports")
    as_of = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    handovers = models.ManyToManyField(Handover, related_name="exports")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-created_at", "-pk"]


class HandoverExportFile(CorporationOwned):
    export = models.ForeignKey(HandoverExport, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]


class FeedbackStatus(models.TextChoices):
    APPLIED = "applied", _("Verwerkt")
    REJECTED = "rejected", _("Afgewezen")


class FeedbackImport(CorporationOwned):
    """One feedback file (or API delivery) from an agency; a rejected one keeps every error found."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="feedback_imports")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=FeedbackStatus.choices)
    rows = models.PositiveIntegerField(default=0)
    payments_booked = models.PositiveIntegerField(default=0)
    amount_booked = models.DecimalField(max_digits=14, decimal_places=2, default=ZERO)
    closed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class AgencyPayment(CorporationOwned):
    """A payment an agency collected, booked once on the ledger whatever path it came by."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="payments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("kenmerk partner"), max_length=40)
    paid_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    ledger_entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    feedback = models.ForeignKey(
        FeedbackImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="payments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "reference"], name="agency_payment_reference_unique")
        ]
