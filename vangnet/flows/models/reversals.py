"""Returned direct debits (storneringen): the rules per reason code and what was done about each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned
from vangnet.ledger.models import Contract, LedgerEntry


class ReversalRule(CorporationOwned):
    """What happens when a direct debit comes back with this reason code (stornering): a message, a task,
    and after repeated returns a second task (e.g. talk about another way to pay). Code "*" is the default."""

    code = models.CharField(_("retourcode"), max_length=4)
    name = models.CharField(_("omschrijving"), max_length=120)
    channels = models.JSONField(_("kanalen"), default=list, blank=True)
    template_code = models.SlugField(_("sjabloon"), max_length=60, blank=True)
    task_kind = models.CharField(_("taak"), max_length=20, blank=True)
    task_title = models.CharField(_("titel taak"), max_length=200, blank=True)
    repeat_count = models.PositiveSmallIntegerField(_("bij herhaling vanaf"), default=0)
    repeat_task_title = models.CharField(_("taak bij herhaling"), max_length=200, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("stornoregel")
        verbose_name_plural = _("stornoregels")
        constraints = [models.UniqueConstraint(fields=["corporation", "code"], name="reversal_rule_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class ReversalFollowUp(CorporationOwned):
    """What Vangnet did about one returned direct debit, and why; the message plan as in StepRun."""

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

    class Meta:
        ordering = ["-run_on", "-pk"]
        indexes = [models.Index(fields=["corporation", "run_on"])]
