"""Holds (wachtcodes): while one is active, the contract's flow does nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vangnet.core.models import CorporationOwned, User
from vangnet.ledger.models import Contract


class HoldKind(models.TextChoices):
    ARRANGEMENT = "arrangement", _("Betalingsregeling")
    PROMISE = "promise", _("Betaalbelofte")
    DISPUTE = "dispute", _("Geschil")
    DEBT_COUNSELLING = "debt_counselling", _("Schuldhulpverlening")
    WSNP = "wsnp", _("WSNP (moratorium)")
    DECEASED = "deceased", _("Overleden")
    PAYMENT_CLAIM = "payment_claim", _("Melding 'al betaald'")
    HANDED_OVER = "handed_over", _("Overgedragen")
    MANUAL = "manual", _("Handmatig")


class Hold(CorporationOwned):
    """A wachtcode: while active, the contract's flow does nothing. Derived holds follow their source."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(_("soort"), max_length=20, choices=HoldKind.choices)
    # The arrangement, promise or dispute behind a derived hold, "tenant:<id>" for a status, a uuid by hand.
    source_key = models.CharField(max_length=64)
    # The source row's id (arrangement, promise, dispute or tenant), so releasing compares indexed integers.
    source_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_on = models.DateField(pgettext_lazy("the first day of a hold", "vanaf"))
    review_on = models.DateField(_("beoordelen op"), null=True, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    released_on = models.DateField(_("opgeheven op"), null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True)
    created_by = models.CharField(max_length=150, blank=True)

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
