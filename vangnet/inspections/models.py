"""Termination (huur opzeggen) with its inspections and final settlement, and home modifications (ZAV).

Each hangs on a case (`cases.Case`) so its steps, messages and letters are on the timeline; what the case
cannot hold (the end date, the defects, the settlement, the decision) is here. A home modification is
recorded on the unit, so the end inspection of that home shows it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.appointments.models import Booking
from vangnet.cases.models import Case
from vangnet.core.models import CorporationOwned
from vangnet.ledger.models import Contract, Unit
from vangnet.tenants.models import Tenant


class NoticeReason(models.TextChoices):
    OTHER_HOME = "other_home", _("Ik ga ergens anders huren")
    BUY = "buy", _("Ik heb een huis gekocht")
    CARE = "care", _("Ik ga naar een zorginstelling")
    TOGETHER = "together", _("Ik ga samenwonen")
    DEATH = "death", _("De huurder is overleden")
    OTHER = "other", _("Een andere reden")


class Termination(CorporationOwned):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="termination")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("opgezegd op"))
    end_date = models.DateField(_("einddatum"))
    reason = models.CharField(_("reden"), max_length=12, choices=NoticeReason.choices)
    forwarding_address = models.TextField(_("nieuw adres"))
    co_tenant_consent = models.BooleanField(_("medehuurder stemt in"), default=False)
    co_tenant_name = models.CharField(_("medehuurder"), max_length=200, blank=True)
    deposit = models.DecimalField(_("waarborgsom"), max_digits=10, decimal_places=2, default=0)
    settled_on = models.DateField(_("afgerekend op"), null=True, blank=True)
    # The settlement as computed and sent: [{code, label, amount}], and its total (positive: tenant owes).
    settlement = models.JSONField(_("eindafrekening"), default=list, blank=True)
    balance = models.DecimalField(
        _("saldo eindafrekening"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("opzegging")
        verbose_name_plural = _("opzeggingen")
        constraints = [
            # One running notice per contract: a second one is refused by the database too.
            models.UniqueConstraint(
                fields=["contract"], condition=models.Q(settled_on__isnull=True), name="termination_one_open"
            )
        ]


class InspectionKind(models.TextChoices):
    PRE = "pre", _("Voorinspectie")
    END = "end", _("Eindinspectie")
    MODIFICATION = "modification", _("Opname woningaanpassing")


class Inspection(CorporationOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("soort"), max_length=12, choices=InspectionKind.choices)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspection"
    )
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    done_by = models.CharField(_("door"), max_length=150, blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("inspectie")
        verbose_name_plural = _("inspecties")


class Payer(models.TextChoices):
    TENANT = "tenant", _("Huurder betaalt")
    CORPORATION = "corporation", _("Corporatie betaalt")
    TAKE_OVER = "take_over", _("Nieuwe huurder neemt over")


class Defect(CorporationOwned):
    """One finding of an inspection: a room, what is wrong or left behind, who pays, the estimate, a photo."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="defects")
    room = models.CharField(_("ruimte"), max_length=60)
    description = models.CharField(_("omschrijving"), max_length=300)
    payer = models.CharField(_("wie betaalt"), max_length=12, choices=Payer.choices)
    cost = models.DecimalField(_("kosten"), max_digits=10, decimal_places=2, default=0)
    photo = models.FileField(_("foto"), upload_to="inspections/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("gebrek")
        verbose_name_plural = _("gebreken")


class Decision(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    CONDITIONS = "conditions", _("Toegestaan met voorwaarden")
    REFUSED = "refused", _("Niet toegestaan")


class Modification(CorporationOwned):
    """A woningaanpassing / zelf aangebrachte voorziening, recorded on the unit for the end inspection."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="modification")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="modifications")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(_("soort aanpassing"), max_length=40)
    change_name = models.CharField(_("aanpassing"), max_length=120)
    description = models.TextField(_("omschrijving"))
    decision = models.CharField(_("besluit"), max_length=12, choices=Decision.choices, blank=True)
    conditions = models.TextField(_("voorwaarden"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decided_by = models.CharField(_("besloten door"), max_length=150, blank=True)
    completed_on = models.DateField(_("gereed en opgenomen op"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("woningaanpassing")
        verbose_name_plural = _("woningaanpassingen")
