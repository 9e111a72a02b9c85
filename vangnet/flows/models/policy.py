"""The corporation's collection policy and the statutory interest rates."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation


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
    # The team's capacity: the preview of tonight's run warns when a day holds more (empty: no limit).
    calls_per_day = models.PositiveIntegerField(
        _("belgesprekken per dag"),
        null=True,
        blank=True,
        help_text=_("Hoeveel belgesprekken het team op een dag aankan. Leeg: geen grens."),
    )
    visits_per_day = models.PositiveIntegerField(
        _("huisbezoeken per dag"),
        null=True,
        blank=True,
        help_text=_("Hoeveel huisbezoeken het team op een dag aankan. Leeg: geen grens."),
    )

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
