"""Vroegsignalering (Wet gemeentelijke schuldhulpverlening, Besluit art. 2): the records.

A corporation passes a tenant's contact data and arrears to the municipality only when the municipality
agreed to receive signals and the four preconditions are proven from our own records (preconditions.py).
What is proven is never stored as a checkbox: only what happened (a contact attempt, an objection, a
signal that left, the municipality's answer).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import CorporationOwned
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant


def default_debt_help_templates() -> list[str]:
    return ["herinnering-vriendelijk", "herinnering-tweede", "veertiendagenbrief", "extra-aandacht"]


def default_reminder_templates() -> list[str]:
    return [
        "herinnering-vriendelijk",
        "herinnering-tweede",
        "veertiendagenbrief",
        "zakelijk-herinnering",
        "zakelijk-aanmaning",
        "extra-aandacht",
    ]


def default_offer_templates() -> list[str]:
    # "extra-aandacht" (the track for tenants whose life changed) offers the data sharing in its own words.
    return ["herinnering-vriendelijk", "herinnering-tweede", "extra-aandacht"]


class SignalPolicy(CorporationOwned):
    """How this corporation signals: thresholds, the objection term, monthly re-signals, and which message
    templates carry the debt-help paragraph and the data-sharing offer (the written reminders)."""

    min_days = models.PositiveSmallIntegerField(_("achterstand minstens (dagen)"), default=30)
    min_amount = models.DecimalField(
        _("achterstand minstens (euro)"), max_digits=12, decimal_places=2, default=0
    )
    objection_days = models.PositiveSmallIntegerField(_("bezwaartermijn (dagen)"), default=14)
    resignal_monthly = models.BooleanField(
        _("elke maand opnieuw melden zolang de achterstand blijft"), default=True
    )
    debt_help_templates = models.JSONField(
        _("sjablonen met de alinea over schuldhulp"), default=default_debt_help_templates
    )
    reminder_templates = models.JSONField(
        _("schriftelijke herinneringen"), default=default_reminder_templates
    )
    offer_templates = models.JSONField(
        _("herinneringen met het aanbod om gegevens te delen"), default=default_offer_templates
    )

    class Meta:
        verbose_name = _("instellingen vroegsignalering")
        constraints = [
            models.UniqueConstraint(fields=["corporation"], name="signal_policy_one_per_corporation")
        ]


class Delivery(models.TextChoices):
    DOWNLOAD = "download", _("Exportbestand (downloaden)")
    EMAIL = "email", _("E-mail met een beveiligde downloadlink")
    API = "api", _("Aanleveren op een API van de gemeente")


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    JSON = "json", _("JSON")


class Municipality(CorporationOwned):
    """A municipality (gemeente) in the corporation's area; its name matches the units' `municipality`."""

    name = models.CharField(_("gemeente"), max_length=100)
    agreed = models.BooleanField(_("wil signalen ontvangen"), default=False)
    agreed_on = models.DateField(_("afspraak sinds"), null=True, blank=True)
    delivery = models.CharField(
        _("aanlevering"), max_length=10, choices=Delivery.choices, default=Delivery.DOWNLOAD
    )
    file_format = models.CharField(
        _("bestandsformaat"), max_length=4, choices=FileFormat.choices, default=FileFormat.CSV
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    endpoint_url = models.URLField(_("adres van de API"), blank=True)
    endpoint_token = models.CharField(_("sleutel voor de API"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["corporation", "name"], name="municipality_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    VISIT = "visit", _("Huisbezoek")
    COUNTER = "counter", _("Gesprek op kantoor")
    OTHER = "other", _("Anders")


class ContactAttempt(CorporationOwned):
    """A colleague's note that personal contact was sought (precondition a), when no call task records it."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("manier"), max_length=10, choices=ContactMethod.choices)
    happened_on = models.DateField(_("datum"))
    reached = models.BooleanField(_("huurder gesproken"), default=False)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    author = models.CharField(_("door"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["corporation", "tenant", "happened_on"])]


class ObjectionSource(models.TextChoices):
    PORTAL = "portal", _("Huurdersportaal")
    STAFF = "staff", _("Medewerker")
    CALL = "call", _("Telefoongesprek")


class Objection(CorporationOwned):
    """The tenant does not want their data shared with the municipality: no signal while it stands."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    registered_on = models.DateField(_("datum"))
    source = models.CharField(_("via"), max_length=8, choices=ObjectionSource.choices)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    registered_by = models.CharField(_("geregistreerd door"), max_length=150)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="one_standing_objection",
            )
        ]


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Klaar om te versturen")
    RELEASED = "released", _("Verstuurd")


class SignalBatch(CorporationOwned):
    """The signals of one run, released by a colleague. `left_out` keeps who was not signalled and why."""

    as_of = models.DateField(_("peildatum"))
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    left_out = models.JSONField(default=list, blank=True)
    prepared_by = models.CharField(max_length=150)
    prepared_at = models.DateTimeField()
    released_by = models.CharField(max_length=150, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporation"], condition=models.Q(status="draft"), name="one_draft_signal_batch"
            )
        ]


class Answer(models.TextChoices):
    CONTACT_MADE = "contact_made", _("Contact gelegd")
    HELP_ACCEPTED = "help_accepted", _("Hulp geaccepteerd")
    HELP_REFUSED = "help_refused", _("Hulp geweigerd")


class Signal(CorporationOwned):
    """One tenant's signal to one municipality: what was sent (a snapshot) and what came back."""

    batch = models.ForeignKey(SignalBatch, on_delete=models.CASCADE, related_name="signals")
    # The signal's ID in the file; the municipality's answer refers to it.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signals")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("achterstand"), max_digits=12, decimal_places=2)
    arrears_since = models.DateField(_("achterstand sinds"))
    signal_date = models.DateField(_("signaaldatum"))
    repeat = models.BooleanField(_("herhaalmelding"), default=False)
    # The contact data as sent, and the evidence of the four preconditions on the day it was made.
    payload = models.JSONField(default=dict)
    evidence = models.JSONField(default=list)
    answer = models.CharField(_("reactie gemeente"), max_length=16, choices=Answer.choices, blank=True)
    answered_on = models.DateField(_("reactie op"), null=True, blank=True)
    answer_note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["municipality__name", "pk"]
        indexes = [models.Index(fields=["corporation", "contract", "signal_date"])]


class DeliveryStatus(models.TextChoices):
    READY = "ready", _("Klaar om te downloaden")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")


class SignalFile(CorporationOwned):
    """The file one municipality receives from one batch, kept as sent, and how it was delivered."""

    batch = models.ForeignKey(SignalBatch, on_delete=models.CASCADE, related_name="files")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    file_format = models.CharField(max_length=4, choices=FileFormat.choices)
    filename = models.CharField(max_length=200)
    content = models.TextField()
    signals = models.PositiveIntegerField(default=0)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.READY)
    status_note = models.CharField(max_length=500, blank=True)
    downloads = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name"]
