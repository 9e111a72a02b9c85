"""Segments: which flow a contract in arrears enters, and each contract's segment of the day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation, CorporationOwned
from vangnet.flows.models.timelines import Flow, VersionStatus
from vangnet.ledger.models import Contract


class SegmentMatch(models.TextChoices):
    ALL = "all", _("alle voorwaarden")
    ANY = "any", _("een van de voorwaarden")


class Segment(CorporationOwned):
    """An ordered rule: the first active segment whose conditions a contract meets is its segment."""

    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    match = models.CharField(
        _("voldoet aan"), max_length=3, choices=SegmentMatch.choices, default=SegmentMatch.ALL
    )
    # [{"field": "late_in_window", "op": "gte", "value": "2"}, ...]; fields and operators: flows/segments.py.
    conditions = models.JSONField(_("voorwaarden"), default=list, blank=True)
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, null=True, blank=True, related_name="segments")
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("segment")
        verbose_name_plural = _("segmenten")

    def __str__(self) -> str:
        return self.name


class ContractSegment(models.Model):
    """The segment a contract was put in by the latest classification, since `as_of`.

    Rewritten for a whole portfolio by one statement of the daily run: only the contract keeps a database
    constraint (checking 100,000 rows against one corporation and a handful of segments costs more than
    the run itself); the run writes corporation and segment from its own rows.
    """

    corporation = models.ForeignKey(
        Corporation, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="segment_row")
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    as_of = models.DateField()

    objects = ScopedManager(corporation="corporation")

    class Meta:
        indexes = [models.Index(fields=["corporation", "segment"])]


class ProposalKind(models.TextChoices):
    RULE = "rule", _("Segment")
    ORDER = "order", _("Volgorde")


class SegmentProposal(CorporationOwned):
    """Four eyes on the segments: a colleague's new or changed segment, or a new order of all segments.

    Nothing changes until a second colleague (a manager, not the author) approves it; the nightly
    classification reads only the `Segment` rows, so only approved definitions ever classify a contract.
    A rule proposal carries the whole proposed segment (`segment` is empty for a new one); an order proposal
    carries the segments' ids in their proposed order.
    """

    kind = models.CharField(max_length=5, choices=ProposalKind.choices, default=ProposalKind.RULE)
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    name = models.CharField(_("naam"), max_length=120, blank=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    match = models.CharField(
        _("voldoet aan"), max_length=3, choices=SegmentMatch.choices, default=SegmentMatch.ALL
    )
    conditions = models.JSONField(_("voorwaarden"), default=list, blank=True)
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    active = models.BooleanField(_("actief"), default=True)
    order = models.JSONField(default=list, blank=True)
    note = models.CharField(_("wijziging"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.PROPOSED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    # How many contracts changed segment by the approval, counted as of the day it was approved.
    moved = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voorstel voor een segment")
        verbose_name_plural = _("voorstellen voor segmenten")
        constraints = [
            models.UniqueConstraint(
                fields=["segment"],
                condition=models.Q(status="proposed"),
                name="segment_proposal_one_pending",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())
