"""Dunning flows: a Flow, its versioned timelines (FlowVersion) and their steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vangnet.core.channels import DELIVERY_KINDS, ChannelKind, kind_choices
from vangnet.core.models import CorporationOwned


class Flow(CorporationOwned):
    """An incassotraject. Its steps live in versions; `current_version` is what new enrollments get."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)
    send_time = models.TimeField(_("verzendmoment"), help_text=_("Tijd van de dag waarop berichten uitgaan."))
    colour = models.CharField(_("kleur"), max_length=7, default="#1a5e8a")
    strictness = models.PositiveSmallIntegerField(_("strengheid"), default=1)
    active = models.BooleanField(_("actief"), default=True)
    # A contract that comes into a segment of this flow brings its open dossier along at the next run (the
    # planned work of its old flow is withdrawn); other flows only take new arrears (flows/engine/reroute.py).
    takes_over_open = models.BooleanField(_("neemt lopende dossiers over"), default=False)
    current_version = models.ForeignKey(
        "FlowVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["strictness", "name"]
        verbose_name = _("incassotraject")
        verbose_name_plural = _("incassotrajecten")
        constraints = [models.UniqueConstraint(fields=["corporation", "code"], name="flow_code_unique")]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    """Four eyes: a colleague's new timeline waits until a second colleague approves it."""

    PROPOSED = "proposed", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class FlowVersion(CorporationOwned):
    """An immutable set of steps. Editing a flow proposes a new version; once approved by a second colleague
    it becomes the flow's current version. Running enrollments keep theirs."""

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField(_("wijziging"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.PROPOSED)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    # Whether open dossiers follow their contract into the flow, set when this version becomes current (the
    # second colleague approves it with the timeline); None leaves the flow's setting as it is.
    takes_over_open = models.BooleanField(_("lopende dossiers overnemen"), null=True, blank=True)

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


MESSAGE_ACTIONS = frozenset({StepAction.MESSAGE, StepAction.FOURTEEN_DAY_LETTER, StepAction.ADD_COSTS})


class StepAnchor(models.TextChoices):
    OLDEST_DUE = "oldest_due", _("na oudste onbetaalde vervaldatum")
    ENROLLED = "enrolled", _("na instappen in traject")


class FlowStep(CorporationOwned):
    version = models.ForeignKey(FlowVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("naam"), max_length=120)
    day_offset = models.PositiveSmallIntegerField(_("dag"))
    anchor = models.CharField(
        pgettext_lazy("the day a step counts from", "vanaf"),
        max_length=12,
        choices=StepAnchor.choices,
        default=StepAnchor.OLDEST_DUE,
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

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="flow_step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (dag {self.day_offset})"
