"""Disputes (geschillen): a tenant contests items; while open, the category decides whether dunning pauses.

A pausing dispute holds the whole contract's flow (one DISPUTE hold per dispute, derived in
flows/engine/holds.py), not only the disputed items: a reminder must never mention an item under dispute,
and the flows work per contract.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned, User
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.tenants.models import Tenant


class DisputeCategory(CorporationOwned):
    code = models.SlugField(max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    pauses_collection = models.BooleanField(_("pauzeert incasso"), default=True)
    resolution_days = models.PositiveSmallIntegerField(_("oplostermijn (dagen)"), default=14)
    resolver_team = models.CharField(_("team dat oplost"), max_length=100, blank=True)
    monitor_team = models.CharField(_("team dat bewaakt"), max_length=100, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    description_hint = models.CharField(_("uitleg voor de huurder"), max_length=300, blank=True)
    tenant_visible = models.BooleanField(_("zichtbaar in het portaal"), default=True)

    class Meta:
        ordering = ["position", "name"]
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


class DisputeChannel(models.TextChoices):
    PORTAL = "portal", _("Huurdersportaal")
    STAFF = "staff", _("Medewerker")
    PHONE = "phone", _("Telefoon")
    ERP = "erp", _("ERP")


class Dispute(CorporationOwned):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="disputes")
    category = models.ForeignKey(DisputeCategory, on_delete=models.PROTECT, related_name="disputes")
    items = models.ManyToManyField(LedgerEntry, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    channel = models.CharField(
        _("kanaal"), max_length=12, choices=DisputeChannel.choices, default=DisputeChannel.STAFF
    )
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    created_by = models.CharField(_("aangemaakt door"), max_length=150, blank=True)
    description = models.TextField(_("omschrijving"))
    resolver = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    resolver_team = models.CharField(_("team dat oplost"), max_length=100, blank=True)
    monitor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bewaker")
    )
    monitor_team = models.CharField(_("team dat bewaakt"), max_length=100, blank=True)
    opened_on = models.DateField(_("geopend op"))
    deadline = models.DateField(_("uiterlijk opgelost op"))
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)
    solution = models.TextField(_("oplossing"), blank=True)
    # The outcome: True the items go back into the flow, False the ERP credits them; None while open.
    items_resume = models.BooleanField(_("posten terug in het traject"), null=True, blank=True)
    resolved_by = models.CharField(_("afgehandeld door"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geschil")
        verbose_name_plural = _("geschillen")
        indexes = [
            models.Index(fields=["corporation", "status"]),
            models.Index(fields=["corporation", "status", "deadline"], name="dispute_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category} ({self.get_status_display()})"


class DisputeAttachment(CorporationOwned):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to="disputes/%Y/%m/")
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.CharField(_("toegevoegd door"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class DisputeNote(CorporationOwned):
    """The resolver's log: what was checked, who was called, what the outcome is going to be."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="notes")
    author = models.CharField(_("auteur"), max_length=150)
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")

    def __str__(self) -> str:
        return self.text[:60]
