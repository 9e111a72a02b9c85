"""Payment arrangements (betalingsregelingen) with their instalments, and promises to pay."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract


class ArrangementStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    ACTIVE = "active", _("Actief")
    COMPLETED = "completed", _("Afgerond")
    BROKEN = "broken", _("Niet nagekomen")
    CANCELLED = "cancelled", _("Geannuleerd")


class Arrangement(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="arrangements")
    source_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=ArrangementStatus.choices)
    agreed_on = models.DateField(_("afgesproken op"))
    start_date = models.DateField(_("eerste termijn"))
    total_amount = models.DecimalField(_("totaalbedrag"), max_digits=12, decimal_places=2)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_id"],
                condition=~models.Q(source_id=""),
                name="arrangement_source_unique",
            )
        ]


class Installment(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="installments")
    sequence = models.PositiveSmallIntegerField()
    due_date = models.DateField(_("vervaldatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["arrangement", "sequence"], name="installment_unique")]


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    KEPT = "kept", _("Nagekomen")
    BROKEN = "broken", _("Niet nagekomen")
    CANCELLED = "cancelled", _("Ingetrokken")


class Promise(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="promises")
    source_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=PromiseStatus.choices, default=PromiseStatus.OPEN)
    made_on = models.DateField(_("toegezegd op"))
    promised_date = models.DateField(_("betaaldatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("betalingsbelofte")
        verbose_name_plural = _("betalingsbeloften")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_id"],
                condition=~models.Q(source_id=""),
                name="promise_source_unique",
            )
        ]
