"""Work items for colleagues: a call to make, a house visit, heirs to contact, a hold to review.

Tasks come from every source (the daily run, the portal, the bank queue, disputes); `source_key` makes
each source's task idempotent, so a rerun of the day never creates a second call task for the same step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned, User
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant


class TaskKind(models.TextChoices):
    CALL = "call", _("Bellen")
    HOUSE_VISIT = "house_visit", _("Huisbezoek")
    CONTACT_HEIRS = "contact_heirs", _("Contact met erven")
    EARLY_SIGNAL = "early_signal", _("Vroegsignalering")
    HANDOVER = "handover", _("Overdracht voorstellen")
    REVIEW_HOLD = "review_hold", _("Wachtcode beoordelen")
    DISPUTE = "dispute", _("Geschil behandelen")
    DISPUTE_OVERDUE = "dispute_overdue", _("Geschil over termijn")
    ARRANGEMENT_REVIEW = "arrangement_review", _("Regeling beoordelen")
    ARRANGEMENT_BROKEN = "arrangement_broken", _("Regeling niet nagekomen")
    PROMISE_BROKEN = "promise_broken", _("Belofte niet nagekomen")
    PAYMENT_CLAIM = "payment_claim", _("Gemelde betaling niet gevonden")
    HELP_REQUEST = "help_request", _("Hulpvraag huurder")
    INVOICE_COPY = "invoice_copy", _("Kopie factuur sturen")
    BANK = "bank", _("Bankpost uitzoeken")
    CASE = "case", _("Zaak behandelen")
    CASE_OVERDUE = "case_overdue", _("Zaak over termijn")
    CASE_URGENT = "case_urgent", _("Spoedmelding")
    GENERIC = "generic", _("Taak")


class TaskPriority(models.IntegerChoices):
    LOW = 1, _("Laag")
    NORMAL = 2, _("Normaal")
    HIGH = 3, _("Hoog")
    URGENT = 4, _("Urgent")


class TaskSource(models.TextChoices):
    FLOW = "flows", _("Incassotraject")
    VOICE = "voice", _("Spraakbericht")
    PORTAL = "portal", _("Huurdersportaal")
    BANK = "bank", _("Bank")
    DISPUTE = "dispute", _("Geschil")
    ARRANGEMENT = "arrangement", _("Regeling")
    REVERSAL = "reversal", _("Stornering")
    STAFF = "staff", _("Medewerker")
    CASE = "case", _("Zaak")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")
    CANCELLED = "cancelled", _("Vervallen")


class Task(CorporationOwned):
    kind = models.CharField(_("soort"), max_length=20, choices=TaskKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks")
    due_on = models.DateField(_("uiterlijk op"))
    priority = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    assigned_to = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    team = models.CharField(_("team"), max_length=100, blank=True)
    source = models.CharField(_("bron"), max_length=32, choices=TaskSource.choices)
    source_key = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=200, blank=True)
    # A call's outcome as a code (`tasks.calls.CallOutcome`), so reports count calls per outcome.
    call_outcome = models.CharField(
        _("uitkomst van het gesprek"), max_length=16, blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["due_on", "-priority", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_key"],
                condition=~models.Q(source_key=""),
                name="task_source_key_unique",
            )
        ]
        indexes = [models.Index(fields=["corporation", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title
