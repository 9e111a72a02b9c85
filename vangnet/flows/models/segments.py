"""Segments: which flow a contract in arrears enters, and each contract's segment of the day."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from vangnet.core.models import Corporation, CorporationOwned
from vangnet.flows.models.timelines import Flow
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
