"""Enrollments: one contract's journey through one flow version, its step runs and events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned
from vangnet.flows.models.segments import Segment
from vangnet.flows.models.timelines import Flow, FlowStep, FlowVersion
from vangnet.ledger.models import Contract, LedgerEntry


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Lopend")
    HELD = "held", _("Gepauzeerd")
    CLOSED = "closed", _("Afgesloten")


class CloseReason(models.TextChoices):
    PAID = "paid", _("Betaald")
    COMPLETED = "completed", _("Traject doorlopen")
    END_STEP = "end_step", _("Einde traject bereikt")
    MOVED = "moved", _("Verplaatst naar ander traject")
    DECEASED = "deceased", _("Huurder overleden")
    MANUAL = "manual", _("Handmatig gesloten")


OPEN_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.HELD)


class Enrollment(CorporationOwned):
    """A dossier: one contract in one flow version, from the day its arrears entered until they are gone."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="enrollments")
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="enrollments")
    version = models.ForeignKey(FlowVersion, on_delete=models.PROTECT, related_name="enrollments")
    segment = models.ForeignKey(Segment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE)
    started_on = models.DateField(_("ingestapt op"))
    # The oldest unpaid due date when the contract entered.
    oldest_due_on = models.DateField(_("oudste vervaldatum"))
    # The day steps "after the oldest due date" count from: that date, or later for arrears older than the
    # first step when they entered (go-live, a lifted hold), so the first message is the first step's.
    anchor_date = models.DateField(_("tijdlijn vanaf"))
    entry_amount = models.DecimalField(_("achterstand bij instappen"), max_digits=12, decimal_places=2)
    next_step = models.ForeignKey(FlowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    last_run_on = models.DateField(null=True, blank=True)
    letter_term_end = models.DateField(_("termijn veertiendagenbrief tot"), null=True, blank=True)
    interest_since = models.DateField(_("rente vanaf"), null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=12, choices=CloseReason.choices, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(status__in=["active", "held"]),
                name="one_open_enrollment_per_contract",
            )
        ]
        indexes = [models.Index(fields=["corporation", "status", "next_step", "anchor_date"])]


class StepOutcome(models.TextChoices):
    DONE = "done", _("Uitgevoerd")
    SKIPPED = "skipped", _("Overgeslagen")


class StepRun(CorporationOwned):
    """What one step did for one enrollment, and why. The message plan is stored in `deliveries`:

    [{"channel": "letter", "recipient": "tenant" | "administrator", "name": ..., "address": ...,
      "substituted_for": "email" | null, "note": "..."}]; the messaging app turns them into outbox rows.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="step_runs")
    step = models.ForeignKey(FlowStep, on_delete=models.PROTECT, related_name="runs")
    run_on = models.DateField()
    outcome = models.CharField(max_length=8, choices=StepOutcome.choices)
    reason = models.CharField(max_length=300)
    send_at = models.DateTimeField(null=True, blank=True)
    deliveries = models.JSONField(default=list, blank=True)
    template_code = models.SlugField(max_length=60, blank=True)
    tone = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=2, blank=True)
    amount = models.DecimalField(_("achterstand"), max_digits=12, decimal_places=2, null=True, blank=True)
    costs = models.DecimalField(_("incassokosten"), max_digits=12, decimal_places=2, null=True, blank=True)
    ledger_entry = models.ForeignKey(
        LedgerEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )

    class Meta:
        ordering = ["run_on", "step__position"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "step"], name="step_run_once")]
        indexes = [models.Index(fields=["corporation", "run_on"])]


class EventKind(models.TextChoices):
    ENTERED = "entered", _("Ingestapt")
    HELD = "held", _("Gepauzeerd")
    RESUMED = "resumed", _("Hervat")
    CLOSED = "closed", _("Afgesloten")
    MOVED = "moved", _("Verplaatst")


class EnrollmentEvent(CorporationOwned):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    kind = models.CharField(max_length=8, choices=EventKind.choices)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
