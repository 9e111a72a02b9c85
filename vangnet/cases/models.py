"""Tenant service cases (zaken): a case type per corporation, its cases, their timeline and every contact.

A case type is configuration (stages, intake fields, routing, SLA, the texts a tenant sees); the behaviour
that needs code lives in one module per kind in `cases/kinds/`. The stored JSON of a type is checked by
`cases/definition.py` before it is saved, so a case never meets a stage or a field its type does not know.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vangnet.core.models import CorporationOwned, User
from vangnet.ledger.models import Unit
from vangnet.tenants.models import Tenant


class CaseType(CorporationOwned):
    code = models.SlugField(max_length=40)
    # Which module in cases/kinds/ gives this type its behaviour (the repair guide, the nuisance privacy).
    kind = models.CharField(_("soort"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    tenant_name = models.CharField(_("naam voor de huurder"), max_length=120, blank=True)
    description = models.CharField(_("uitleg voor de huurder"), max_length=300, blank=True)
    # [{code, name, tenant_text, sla_days, final, next: [codes], message}], see cases/definition.py.
    stages = models.JSONField(default=list)
    # [{code, label, kind, required, choices}]: what intake asks, validated by cases/fields.py.
    fields = models.JSONField(default=list)
    # {"team": ..., "by_category": {...}, "by_complex": {...}, "by_neighbourhood": {...}}
    routing = models.JSONField(default=dict)
    # Per kind: the repair guide, the acknowledgement term of a complaint, the SLA per urgency.
    settings = models.JSONField(default=dict, blank=True)
    portal = models.BooleanField(_("te starten in het portaal"), default=False)
    open_to_others = models.BooleanField(_("ook voor wie geen huurder is"), default=False)
    active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("zaaktype")
        verbose_name_plural = _("zaaktypen")
        constraints = [models.UniqueConstraint(fields=["corporation", "code"], name="case_type_unique")]

    def __str__(self) -> str:
        return self.name

    def stage(self, code: str) -> dict:
        return next((s for s in self.stages if s["code"] == code), {})


class CaseChannel(models.TextChoices):
    PORTAL = "portal", _("Huurdersportaal")
    PHONE = "phone", _("Telefoon")
    COUNTER = "counter", _("Balie")
    EMAIL = "email", _("E-mail")
    API = "api", _("Ander systeem")
    STAFF = "staff", _("Medewerker")


class SlaState(models.TextChoices):
    ON_TIME = "green", _("Op tijd")
    DUE_SOON = "orange", _("Bijna te laat")
    LATE = "red", _("Te laat")
    CLOSED = "closed", _("Afgesloten")


class Case(CorporationOwned):
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("zaaknummer"), max_length=20)
    # The party: a tenant, or someone else (a neighbour, a person who is not a tenant and complains).
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    party_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    party_email = models.EmailField(_("e-mail melder"), blank=True)
    party_phone = models.CharField(_("telefoon melder"), max_length=30, blank=True)
    # Nuisance: the tenant the report is about. Never shown the reporter (cases/privacy.py).
    accused = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="cases_as_accused"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    complex_code = models.CharField(_("complex"), max_length=32, blank=True)
    # Several reports about one address: the later ones point at the first open one.
    group = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="grouped"
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    category = models.CharField(_("categorie"), max_length=60, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=20, blank=True)
    responsible = models.CharField(_("verantwoordelijk"), max_length=20, blank=True)
    stage = models.CharField(_("fase"), max_length=40)
    stage_since = models.DateField(_("in deze fase sinds"))
    stage_deadline = models.DateField(_("fase uiterlijk klaar op"), null=True, blank=True)
    closed = models.BooleanField(_("afgesloten"), default=False)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("eigenaar")
    )
    team = models.CharField(_("team"), max_length=100, blank=True)
    channel = models.CharField(_("kanaal"), max_length=12, choices=CaseChannel.choices)
    opened_on = models.DateField(_("geopend op"))
    opened_by = models.CharField(_("geopend door"), max_length=150, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("tevredenheid (1-5)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["-opened_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["corporation", "number"], name="case_number_unique")]
        indexes = [
            models.Index(fields=["corporation", "closed", "stage_deadline"], name="case_open_deadline_idx"),
            models.Index(fields=["corporation", "tenant"], name="case_tenant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class Audience(models.TextChoices):
    """Who may read a timeline entry: colleagues only, the party (tenant or reporter), or the accused."""

    INTERNAL = "internal", _("Alleen medewerkers")
    PARTY = "party", _("Melder")
    ACCUSED = "accused", _("Betrokkene")


class EntryKind(models.TextChoices):
    OPENED = "opened", pgettext_lazy("a case was reported", "Gemeld")
    STAGE = "stage", _("Nieuwe fase")
    NOTE = "note", _("Notitie")
    MESSAGE = "message", _("Bericht")
    PHOTO = "photo", _("Foto")
    DOCUMENT = "document", _("Document")
    ASSIGNED = "assigned", _("Toegewezen")
    TASK = "task", _("Taak")
    RATING = "rating", _("Beoordeling")


class CaseEntry(CorporationOwned):
    """One line of a case's timeline: a step, a message, a note, a document or a photo."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("soort"), max_length=12, choices=EntryKind.choices)
    audience = models.CharField(_("zichtbaar voor"), max_length=10, choices=Audience.choices)
    text = models.TextField(_("tekst"), blank=True)
    stage = models.CharField(_("fase"), max_length=40, blank=True)
    file = models.FileField(_("bestand"), upload_to="cases/%Y/%m/", blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)
    author = models.CharField(_("door"), max_length=150, blank=True)
    at = models.DateTimeField(_("moment"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ContactOutcome(models.TextChoices):
    ANSWERED = "answered", _("Vraag beantwoord")
    CASE_OPENED = "case_opened", _("Zaak gestart")
    CASE_UPDATED = "case_updated", _("Zaak bijgewerkt")
    FORWARDED = "forwarded", _("Doorgezet naar collega")
    CALL_BACK = "call_back", _("Terugbellen")


class Contact(CorporationOwned):
    """A klantcontact: every phone call, visit or e-mail, with or without a case (VERA BRG Contactmomenten)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    party_name = models.CharField(_("naam"), max_length=200, blank=True)
    channel = models.CharField(_("kanaal"), max_length=12, choices=CaseChannel.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ContactOutcome.choices)
    notes = models.TextField(_("toelichting"), blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts")
    article = models.ForeignKey(
        "cases.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.CharField(_("door"), max_length=150)
    at = models.DateTimeField(_("moment"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("klantcontact")
        verbose_name_plural = _("klantcontacten")
        indexes = [models.Index(fields=["corporation", "tenant", "at"], name="contact_tenant_idx")]

    def __str__(self) -> str:
        return self.subject


class Article(CorporationOwned):
    """A knowledge-base article: policy, a procedure, who handles what, a standard answer, a tenant FAQ."""

    title = models.CharField(_("titel"), max_length=200)
    section = models.CharField(_("rubriek"), max_length=100)
    body = models.TextField(_("tekst"))
    keywords = models.CharField(_("zoekwoorden"), max_length=300, blank=True)
    case_types = models.JSONField(_("zaaktypen"), default=list, blank=True)
    owner = models.CharField(_("eigenaar"), max_length=150, blank=True)
    review_on = models.DateField(_("controleren op"), null=True, blank=True)
    for_tenants = models.BooleanField(_("ook voor huurders (FAQ)"), default=False)

    class Meta:
        ordering = ["section", "title"]
        verbose_name = _("kennisartikel")
        verbose_name_plural = _("kennisbank")

    def __str__(self) -> str:
        return self.title


class Contractor(CorporationOwned):
    """A vakman or firm the corporation gives repair work to. No account: each work order has its own link."""

    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    # Free words such as "loodgieter, cv": shown when choosing who gets the work.
    trades = models.CharField(_("vakgebieden"), max_length=200, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vakman")
        verbose_name_plural = _("vakmensen")
        constraints = [models.UniqueConstraint(fields=["corporation", "name"], name="contractor_unique")]

    def __str__(self) -> str:
        return self.name


class WorkOrderStatus(models.TextChoices):
    ISSUED = "issued", _("Verstuurd")
    PROPOSED = "proposed", _("Moment gekozen door de vakman")
    CONFIRMED = "confirmed", _("Afspraak bevestigd")
    DONE = "done", _("Uitgevoerd")
    CANCELLED = "cancelled", _("Vervallen")


class WorkOrder(CorporationOwned):
    """A repair case's order to a contractor: the slot they pick in their agenda, the tenant's confirmation
    (or another slot the tenant picks), the report that the work is done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work_orders")
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="work_orders")
    number = models.CharField(_("opdrachtnummer"), max_length=24)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkOrderStatus.choices, default=WorkOrderStatus.ISSUED
    )
    instructions = models.TextField(_("toelichting voor de vakman"), blank=True)
    issued_on = models.DateField(_("verstuurd op"))
    issued_by = models.CharField(_("door"), max_length=150, blank=True)
    # The slot booked in the contractor's agenda (appointments.Booking, by name: no import sideways), and
    # its start: proposed by the contractor, then confirmed or moved by the tenant.
    booking = models.OneToOneField(
        "appointments.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="work_order"
    )
    appointment = models.DateTimeField(_("afspraak"), null=True, blank=True)
    done_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    done_notes = models.TextField(_("verslag van de vakman"), blank=True)
    hours = models.DecimalField(_("uren"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("werkopdracht")
        verbose_name_plural = _("werkopdrachten")
        constraints = [models.UniqueConstraint(fields=["corporation", "number"], name="work_order_unique")]

    def __str__(self) -> str:
        return self.number


class ContractorKey(CorporationOwned):
    """A contractor's key for their own system (`/api/v1/contractor/...`): `vk-...`, only its SHA-256 kept."""

    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sleutel van een vakman")
        verbose_name_plural = _("sleutels van vakmensen")

    def __str__(self) -> str:
        return f"{self.prefix}…"
