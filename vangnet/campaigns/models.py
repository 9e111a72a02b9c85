"""Campaigns: asking every tenant in a target group for something (contact data, a meter reading, a score)
or telling them something, over the outbox's channels, with reminders and a deadline.

One CampaignTarget per tenant (and unit) the campaign reaches; its `code` is the tenant's portal access code,
printed on a letter or a paper reply slip so a colleague can type the answer in. Answers are kept as
their own records: a ContactChange per changed value (the old value is the history), a MeterReading, a
SurveyAnswer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.channels import ChannelKind, kind_choices
from vangnet.core.models import CorporationOwned
from vangnet.ledger.models import Unit
from vangnet.tenants.models import Tenant

CAMPAIGN_CHANNELS = (ChannelKind.EMAIL, ChannelKind.SMS, ChannelKind.LETTER)


class CampaignKind(models.TextChoices):
    CONTACT = "contact", _("Contactgegevens aanvullen")
    METER = "meter", _("Meterstanden")
    SURVEY = "survey", _("Enquête")
    NOTICE = "notice", _("Mededeling")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    RUNNING = "running", _("Loopt")
    FINISHED = "finished", _("Afgerond")


class Campaign(CorporationOwned):
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("doel"), max_length=10, choices=CampaignKind.choices)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    # The target group: each list empty means "all"; values are the units' complex codes, wijken, places.
    complexes = models.JSONField(_("complexen"), default=list, blank=True)
    neighbourhoods = models.JSONField(_("wijken"), default=list, blank=True)
    cities = models.JSONField(_("plaatsen"), default=list, blank=True)
    only_missing_contact = models.BooleanField(
        _("alleen huurders zonder e-mail of mobiel nummer"), default=False
    )
    # The channel plan: the first channel that reaches a tenant and that they have not refused; the next
    # one is the fallback when delivery fails.
    channels = models.JSONField(_("kanalen"), default=list)
    template_code = models.SlugField(_("sjabloon"), max_length=60)
    starts_on = models.DateField(_("verzenden op"))
    reminder_after_days = models.PositiveSmallIntegerField(_("herinnering na (dagen)"), default=7)
    deadline = models.DateField(_("uiterste datum"))
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")

    def __str__(self) -> str:
        return self.name


class AnswerSource(models.TextChoices):
    PORTAL = "portal", _("Portaal")
    PAPER = "paper", _("Antwoordstrook")
    ESTIMATE = "estimate", _("Schatting")
    IMPORT = "import", _("Import")


class CampaignTarget(CorporationOwned):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="campaign_targets")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    code = models.CharField(_("antwoordcode"), max_length=9)
    channel = models.CharField(max_length=8, choices=kind_choices(CAMPAIGN_CHANNELS), blank=True)
    # Why nothing was sent: no channel reaches the tenant, or they refused every one in the plan.
    unreachable = models.CharField(max_length=200, blank=True)
    message = models.ForeignKey(
        "messaging.OutgoingMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    reminder = models.ForeignKey(
        "messaging.OutgoingMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.CharField(max_length=10, choices=AnswerSource.choices, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "tenant"], name="campaign_target_once"),
        ]
        indexes = [models.Index(fields=["corporation", "code"])]


class Meter(CorporationOwned):
    """A water meter in a unit, imported or registered with its first reading."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="meters")
    number = models.CharField(_("meternummer"), max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["corporation", "number"], name="meter_number_unique"),
        ]

    def __str__(self) -> str:
        return self.number


class ReadingStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Goedgekeurd")
    IMPLAUSIBLE = "implausible", _("Onwaarschijnlijk, collega kijkt")


class MeterReading(CorporationOwned):
    meter = models.ForeignKey(Meter, on_delete=models.CASCADE, related_name="readings")
    target = models.ForeignKey(
        CampaignTarget, on_delete=models.SET_NULL, null=True, blank=True, related_name="readings"
    )
    value = models.DecimalField(_("meterstand (m³)"), max_digits=10, decimal_places=3)
    read_on = models.DateField(_("datum"))
    source = models.CharField(max_length=10, choices=AnswerSource.choices)
    status = models.CharField(max_length=12, choices=ReadingStatus.choices, default=ReadingStatus.ACCEPTED)
    problem = models.CharField(_("opmerking"), max_length=300, blank=True)
    photo = models.FileField(_("foto"), upload_to="meters/%Y/%m/", blank=True)
    entered_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter_id", "read_on", "pk"]
        indexes = [models.Index(fields=["meter", "read_on"])]


class ContactChange(CorporationOwned):
    """One value a tenant changed or confirmed: the old value is the history the card shows."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="contact_changes")
    target = models.ForeignKey(
        CampaignTarget, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_changes"
    )
    field = models.CharField(max_length=20)
    old_value = models.CharField(max_length=254, blank=True)
    new_value = models.CharField(max_length=254, blank=True)
    # Another tenant of the corporation with the same e-mail address or number: a colleague checks.
    duplicate_of = models.ForeignKey(
        Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class SurveyAbout(models.TextChoices):
    CAMPAIGN = "campaign", _("Campagne")
    DISPUTE = "dispute", _("Afgehandeld geschil")
    ARRANGEMENT = "arrangement", _("Afgeronde betalingsregeling")


class SurveyAnswer(CorporationOwned):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="survey_answers")
    target = models.OneToOneField(
        CampaignTarget, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_answer"
    )
    about = models.CharField(max_length=12, choices=SurveyAbout.choices, default=SurveyAbout.CAMPAIGN)
    team = models.CharField(_("team"), max_length=100, blank=True)
    score = models.PositiveSmallIntegerField(_("cijfer"))
    comment = models.TextField(_("toelichting"), blank=True)
    answered_on = models.DateField()

    class Meta:
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=10), name="survey_score_1_to_10"
            )
        ]
