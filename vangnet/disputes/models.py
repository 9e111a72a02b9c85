"""Disputes (geschillen): a tenant contests an item; while open, the category decides whether dunning pauses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, LedgerEntry


class DisputeCategory(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    pauses_collection = models.BooleanField(_("pauzeert incasso"), default=True)
    resolution_days = models.PositiveSmallIntegerField(_("oplostermijn (dagen)"), default=14)
    team = models.CharField(_("team"), max_length=100, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("geschilcategorie")
        verbose_name_plural = _("geschilcategorieën")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "code"], name="dispute_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Opgelost")
    REJECTED = "rejected", _("Afgewezen")


class Dispute(models.Model):
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="disputes")
    category = models.ForeignKey(DisputeCategory, on_delete=models.PROTECT, related_name="disputes")
    items = models.ManyToManyField(LedgerEntry, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    description = models.TextField(_("omschrijving"))
    opened_on = models.DateField(_("geopend op"))
    deadline = models.DateField(_("uiterlijk opgelost op"))
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)
    solution = models.TextField(_("oplossing"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("geschil")
        verbose_name_plural = _("geschillen")
        indexes = [models.Index(fields=["corporation", "status"])]

    def __str__(self) -> str:
        return f"{self.category} ({self.get_status_display()})"
