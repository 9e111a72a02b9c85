"""Segments, dunning flows (versioned timelines of steps), enrollments, step runs and holds.

A contract is classified into a segment every day; a segment names the flow a contract in arrears enters.
An Enrollment is one contract's journey through one FlowVersion; each step it passes leaves one StepRun,
and `UniqueConstraint(enrollment, step)` is what makes a rerun of the day harmless. Every row stores why.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.channels import DELIVERY_KINDS, ChannelKind, kind_choices
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Contract, LedgerEntry


class CollectionPolicy(models.Model):
    """Per corporation: when arrears enter a flow, whether costs and interest are charged, and tone."""

    corporation = models.OneToOneField(
        Corporation, on_delete=models.CASCADE, related_name="collection_policy"
    )
    enroll_min_amount = models.DecimalField(
        _("instappen vanaf bedrag"), max_digits=10, decimal_places=2, default=Decimal("10.00")
    )
    enroll_after_days = models.PositiveSmallIntegerField(_("instappen na dagen achterstand"), default=3)
    charge_collection_costs = models.BooleanField(_("incassokosten (WIK) rekenen"), default=False)
    charge_interest = models.BooleanField(_("wettelijke rente rekenen"), default=False)
    vat_uplift = models.DecimalField(
        _("btw-opslag op incassokosten (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Alleen invullen als een externe partij met btw incasseert en u die btw niet kunt verrekenen."
        ),
    )
    informal_below_age = models.PositiveSmallIntegerField(_("'je' tot leeftijd"), default=30)
    promise_grace_days = models.PositiveSmallIntegerField(_("marge na betaalbelofte (dagen)"), default=3)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("incassobeleid")
        verbose_name_plural = _("incassobeleid")


class InterestRate(models.Model):
    """The statutory interest rate for consumer transactions (art. 6:119 BW) from `valid_from` onwards."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    rate = models.DecimalField(_("rente (% per jaar)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("wettelijke rente")
        verbose_name_plural = _("wettelijke rente")

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate}%"


class Flow(models.Model):
    """An incassotraject. Its steps live in versions; `current_version` is what new enrollments get."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)
    send_time = models.TimeField(_("verzendmoment"), help_text=_("Tijd van de dag waarop berichten uitgaan."))
    colour = models.CharField(_("kleur"), max_length=7, default="#1a5e8a")
    strictness = models.PositiveSmallIntegerField(_("strengheid"), default=1)
    active = models.BooleanField(_("actief"), default=True)
    current_version = models.ForeignKey(
        "FlowVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["strictness", "name"]
        verbose_name = _("incassotraject")
        verbose_name_plural = _("incassotrajecten")
        constraints = [models.UniqueConstraint(fields=["corporation", "code"], name="flow_code_unique")]

    def __str__(self) -> str:
        return self.name


class FlowVersion(models.Model):
    """An immutable set of steps. Editing a flow makes a new version; running enrollments keep theirs."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField(_("wijziging"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["flow", "-number"]
        constraints = [models.UniqueConstraint(fields=["flow", "number"], name="flow_version_unique")]

    def __str__(self) -> str:
        return f"{self.flow.name} v{self.number}"


class StepAction(models.TextChoices):
    MESSAGE = "message", _("Bericht")
    FOURTEEN_DAY_LETTER = "fourteen_day_letter", _("Veertiendagenbrief")
    CALL_TASK = "call_task", _("Beltaak")
    HOUSE_VISIT = "house_visit", _("Huisbezoek")
    ADD_COSTS = "add_costs", _("Incassokosten (WIK) rekenen")
    START_INTEREST = "start_interest", _("Wettelijke rente starten")
    EARLY_SIGNAL = "early_signal", _("Vroegsignalering")
    PROPOSE_HANDOVER = "propose_handover", _("Overdracht voorstellen")
    TASK = "task", _("Taak")
    END = "end", _("Einde traject")


# Steps whose action sends something to the tenant: they need channels and a template, and wait for a
# sending day.
MESSAGE_ACTIONS = frozenset({StepAction.MESSAGE, StepAction.FOURTEEN_DAY_LETTER, StepAction.ADD_COSTS})


class StepAnchor(models.TextChoices):
    OLDEST_DUE = "oldest_due", _("na oudste onbetaalde vervaldatum")
    ENROLLED = "enrolled", _("na instappen in traject")


class FlowStep(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(FlowVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("naam"), max_length=120)
    day_offset = models.PositiveSmallIntegerField(_("dag"))
    anchor = models.CharField(
        _("vanaf"), max_length=12, choices=StepAnchor.choices, default=StepAnchor.OLDEST_DUE
    )
    action = models.CharField(_("actie"), max_length=24, choices=StepAction.choices)
    channels = models.JSONField(_("kanalen"), default=list, blank=True)
    fallback_channel = models.CharField(
        _("terugvalkanaal"),
        max_length=8,
        choices=kind_choices(DELIVERY_KINDS),
        default=ChannelKind.LETTER,
        blank=True,
    )
    template_code = models.SlugField(_("sjabloon"), max_length=60, blank=True)
    min_amount = models.DecimalField(
        _("minimaal bedrag"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    weekdays_only = models.BooleanField(_("alleen op werkdagen"), default=False)
    task_priority = models.PositiveSmallIntegerField(_("prioriteit taak"), default=2)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="flow_step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (dag {self.day_offset})"


class SegmentMatch(models.TextChoices):
    ALL = "all", _("alle voorwaarden")
    ANY = "any", _("een van de voorwaarden")


class Segment(models.Model):
    """An ordered rule: the first active segment whose conditions a contract meets is its segment."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    match = models.CharField(
        _("voldoet aan"), max_length=3, choices=SegmentMatch.choices, default=SegmentMatch.ALL
    )
    # [{"field": "late_in_window", "op": "gte", "value": "2"}, ...]; fields and operators: flows/segments.py.
    conditions = models.JSONField(_("voorwaarden"), default=list, blank=True)
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, null=True, blank=True, related_name="segments")
    active = models.BooleanField(_("actief"), default=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["position"]
        verbose_name = _("segment")
        verbose_name_plural = _("segmenten")

    def __str__(self) -> str:
        return self.name


class ContractSegment(models.Model):
    """The segment a contract was put in by the latest classification, since `as_of`.

    Rewritten for a whole portfolio by one statement of the daily run: only the contract keeps a database
    constraint (checking 100,000 rows against one corporation and a handful of segments costs more than
    the run itself); the run writes corporation and segment from its own rows.
    """

    corporation = models.ForeignKey(
        Corporation, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="segment_row")
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    as_of = models.DateField()

    objects = ScopedManager(corporation="corporation")

    class Meta:
        indexes = [models.Index(fields=["corporation", "segment"])]


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


class Enrollment(models.Model):
    """A dossier: one contract in one flow version, from the day its arrears entered until they are gone."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
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

    objects = ScopedManager(corporation="corporation")

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


class StepRun(models.Model):
    """What one step did for one enrollment, and why. The message plan is stored in `deliveries`:

    [{"channel": "letter", "recipient": "tenant" | "administrator", "name": ..., "address": ...,
      "substituted_for": "email" | null, "note": "..."}]; the messaging app turns them into outbox rows.
    """

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
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

    objects = ScopedManager(corporation="corporation")

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


class EnrollmentEvent(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    kind = models.CharField(max_length=8, choices=EventKind.choices)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["on", "pk"]


class HoldKind(models.TextChoices):
    ARRANGEMENT = "arrangement", _("Betalingsregeling")
    PROMISE = "promise", _("Betaalbelofte")
    DISPUTE = "dispute", _("Geschil")
    DEBT_COUNSELLING = "debt_counselling", _("Schuldhulpverlening")
    WSNP = "wsnp", _("WSNP (moratorium)")
    DECEASED = "deceased", _("Overleden")
    PAYMENT_CLAIM = "payment_claim", _("Melding 'al betaald'")
    MANUAL = "manual", _("Handmatig")


class Hold(models.Model):
    """A wachtcode: while active, the contract's flow does nothing. Derived holds follow their source."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(_("soort"), max_length=20, choices=HoldKind.choices)
    # The arrangement, promise or dispute behind a derived hold, "tenant:<id>" for a status, a uuid by hand.
    source_key = models.CharField(max_length=64)
    # The source row's id (arrangement, promise, dispute or tenant), so releasing compares indexed integers.
    source_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_on = models.DateField(_("vanaf"))
    review_on = models.DateField(_("beoordelen op"), null=True, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    released_on = models.DateField(_("opgeheven op"), null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True)
    created_by = models.CharField(max_length=150, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("wachtcode")
        verbose_name_plural = _("wachtcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "source_key"],
                condition=models.Q(released_on__isnull=True),
                name="one_active_hold_per_source",
            )
        ]
        indexes = [models.Index(fields=["corporation", "released_on", "contract"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"


class ReversalRule(models.Model):
    """What happens when a direct debit comes back with this reason code (stornering): a message, a task,
    and after repeated returns a second task (e.g. talk about another way to pay). Code "*" is the default."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("retourcode"), max_length=4)
    name = models.CharField(_("omschrijving"), max_length=120)
    channels = models.JSONField(_("kanalen"), default=list, blank=True)
    template_code = models.SlugField(_("sjabloon"), max_length=60, blank=True)
    task_kind = models.CharField(_("taak"), max_length=20, blank=True)
    task_title = models.CharField(_("titel taak"), max_length=200, blank=True)
    repeat_count = models.PositiveSmallIntegerField(_("bij herhaling vanaf"), default=0)
    repeat_task_title = models.CharField(_("taak bij herhaling"), max_length=200, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["code"]
        verbose_name = _("stornoregel")
        verbose_name_plural = _("stornoregels")
        constraints = [models.UniqueConstraint(fields=["corporation", "code"], name="reversal_rule_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class ReversalFollowUp(models.Model):
    """What Vangnet did about one returned direct debit, and why; the message plan as in StepRun."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    entry = models.OneToOneField(LedgerEntry, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reversal_follow_ups")
    rule = models.ForeignKey(ReversalRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    code = models.CharField(max_length=4, blank=True)
    run_on = models.DateField()
    reason = models.CharField(max_length=300)
    send_at = models.DateTimeField(null=True, blank=True)
    deliveries = models.JSONField(default=list, blank=True)
    template_code = models.SlugField(max_length=60, blank=True)
    tone = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=2, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["-run_on", "-pk"]
        indexes = [models.Index(fields=["corporation", "run_on"])]
