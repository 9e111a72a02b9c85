"""Appointments: one availability model for every inspector and contractor, and the bookings made in it.

A resource (an inspector or a contractor) has weekly windows; its slots lie on one grid of `slot_minutes`
counted from midnight, so two bookings of one resource either share a start or do not overlap. The unique
constraint on (resource, start) of the booked ones therefore makes double booking impossible in the
database itself, on SQLite and PostgreSQL alike, whatever the service above it does.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.appointments.slots import moment_text
from vangnet.core.models import CorporationOwned
from vangnet.tenants.models import Tenant


class ResourceKind(models.TextChoices):
    INSPECTOR = "inspector", _("Opzichter")
    CONTRACTOR = "contractor", _("Vakman")


class Resource(CorporationOwned):
    """Who can be booked: an inspector (opzichter) or a contractor, with one slot length."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=ResourceKind.choices)
    # A contractor of the repairs (cases.Contractor) when the resource is one; by name, no import upward.
    contractor = models.OneToOneField(
        "cases.Contractor", on_delete=models.CASCADE, null=True, blank=True, related_name="resource"
    )
    slot_minutes = models.PositiveSmallIntegerField(_("duur van een afspraak (minuten)"), default=60)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda's")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "name"], name="resource_unique"),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=15, slot_minutes__lte=480), name="resource_slot_minutes"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class Availability(CorporationOwned):
    """A weekly window in which the resource may be booked (e.g. Tuesday 9:00 to 12:00)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    start = models.TimeField(_("van"))
    end = models.TimeField(_("tot"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="availability_order")
        ]


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Geboekt")
    CANCELLED = "cancelled", _("Vervallen")


class Booking(CorporationOwned):
    """One slot taken. A reschedule cancels this one and books another in one transaction."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))
    # What it is for, as a colleague reads it in the agenda ("Voorinspectie Lindelaan 10").
    purpose = models.CharField(_("waarvoor"), max_length=200)
    tenant = models.ForeignKey(Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_by = models.CharField(_("geboekt door"), max_length=150, blank=True)
    # The booking this one replaced (a reschedule), so the history stays readable.
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "start"],
                condition=models.Q(status="booked"),
                name="booking_no_double",
            ),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="booking_order"),
        ]
        indexes = [models.Index(fields=["corporation", "start"], name="booking_start_idx")]

    def __str__(self) -> str:
        return f"{self.resource} {self.when_text}"

    @property
    def when_text(self) -> str:
        return moment_text(self.start)
