"""The compact history reports stand on: one row per contract per month, rewritten by every daily run of
that month, so after the month's last run it holds the month-end state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned
from vangnet.flows.models import Flow, FlowStep, Segment
from vangnet.ledger.models import Contract, UnitKind


class HistorySource(models.TextChoices):
    # Written by the daily run from the day's standings, segments, dossiers and holds.
    RUN = "run", _("Dagelijkse run")
    # Reconstructed from the ledger for a month before the first run (balance exact, overdue oldest-first).
    LEDGER = "ledger", _("Uit het grootboek")


class ContractMonth(CorporationOwned):
    """A contract's standing at the end of a month (or on the latest run day, for the running month).

    Written for every contract that runs at the month's end and for every ended contract that still has a
    balance, so the annual rent of the current tenants (the sector's denominator) comes from the same rows.
    """

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    month = models.DateField(_("maand"), help_text="the last day of the month")
    recorded_on = models.DateField(_("vastgelegd op"))
    source = models.CharField(max_length=8, choices=HistorySource.choices, default=HistorySource.RUN)
    departed = models.BooleanField(_("vertrokken"), default=False)
    monthly_rent = models.DecimalField(_("bruto maandhuur"), max_digits=12, decimal_places=2)
    balance = models.DecimalField(_("saldo"), max_digits=12, decimal_places=2)
    overdue_amount = models.DecimalField(_("achterstand"), max_digits=12, decimal_places=2)
    oldest_overdue_date = models.DateField(null=True, blank=True)
    overdue_1_30 = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    overdue_31_60 = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    overdue_61_90 = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    overdue_91_180 = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    overdue_over_180 = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    segment = models.ForeignKey(
        Segment, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_constraint=False
    )
    flow = models.ForeignKey(
        Flow, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_constraint=False
    )
    step = models.ForeignKey(
        FlowStep, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_constraint=False
    )
    held = models.BooleanField(_("wachtcode"), default=False)
    # The unit's dimensions at the time, copied so grouping needs no join with contracts and units.
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True, default="")
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True, default="")
    complex_code = models.CharField(_("complex"), max_length=32, blank=True, default="")
    unit_kind = models.CharField(
        _("soort eenheid"), max_length=16, choices=UnitKind.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("maandstand")
        verbose_name_plural = _("maandstanden")
        constraints = [models.UniqueConstraint(fields=["contract", "month"], name="contract_month_unique")]
        indexes = [models.Index(fields=["corporation", "month"])]


class MonthTotal(CorporationOwned):
    """A month's totals over all its `ContractMonth` rows, written with them (the daily run, the
    reconstruction), so the trend over 24 months reads 24 rows instead of every contract of every month."""

    month = models.DateField(_("maand"), help_text="the last day of the month")
    recorded_on = models.DateField(_("vastgelegd op"))
    # Contracts with an overdue amount.
    contracts = models.IntegerField(default=0)
    balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    overdue_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    overdue_current = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    overdue_departed = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    # The gross monthly rent of the current tenants (the sector's denominator is twelve times this).
    monthly_rent = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("maandtotaal")
        verbose_name_plural = _("maandtotalen")
        constraints = [models.UniqueConstraint(fields=["corporation", "month"], name="month_total_unique")]


class Schedule(models.TextChoices):
    NEVER = "", _("Niet mailen")
    WEEKLY = "weekly", _("Elke maandag")
    MONTHLY = "monthly", _("Op de eerste van de maand")


class SavedReport(CorporationOwned):
    """A dynamic report a colleague saved: the choice (checked against the catalogue again on every use),
    for themself or for the whole team, and whether it is a tile on their start screen."""

    title = models.CharField(_("titel"), max_length=120)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared = models.BooleanField(_("voor het hele team"), default=False)
    spec = models.JSONField(_("keuzes"))
    on_start = models.BooleanField(_("tegel op het startscherm"), default=False)
    # A link to it is mailed to the owner (`reports.mailing`, from the Celery beat); no figures in the mail.
    schedule = models.CharField(
        _("per e-mail"), max_length=8, choices=Schedule.choices, blank=True, default=""
    )
    last_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eigen rapport")
        verbose_name_plural = _("eigen rapporten")
        indexes = [models.Index(fields=["corporation", "owner"])]
