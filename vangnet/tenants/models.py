"""Tenants (huurders): who they are, how to reach them, and what must be respected when we do."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from vangnet.core.channels import PREFERENCE_KINDS, ChannelKind, kind_choices
from vangnet.core.models import CorporationOwned


def period_in_force(since: date | None, until: date | None, as_of: date) -> bool:
    """Whether a dated status (bewind, schuldhulp, WSNP) holds on as_of: started, and not yet ended."""
    return since is not None and since <= as_of and (until is None or until >= as_of)


def period_in_force_q(prefix: str, as_of: date) -> models.Q:
    """The same as a filter: `prefix` is e.g. "wsnp" on Tenant, or "tenant__wsnp" through a relation."""
    return models.Q(**{f"{prefix}_since__lte": as_of}) & (
        models.Q(**{f"{prefix}_until__isnull": True}) | models.Q(**{f"{prefix}_until__gte": as_of})
    )


class TenantKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    ORGANISATION = "organisation", _("Organisatie")


class Language(models.TextChoices):
    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"
    TURKISH = "tr", "Türkçe"
    ARABIC = "ar", "العربية"
    POLISH = "pl", "Polski"


class Tone(models.TextChoices):
    AUTO = "", _("Automatisch (op leeftijd)")
    INFORMAL = "je", _("Informeel (je)")
    FORMAL = "u", _("Formeel (u)")


class Tenant(CorporationOwned):
    """A huurder. Health-related facts are never stored: only the channel restrictions they lead to."""

    source_id = models.CharField(_("ERP-nummer"), max_length=64)
    kind = models.CharField(max_length=16, choices=TenantKind.choices, default=TenantKind.PERSON)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    organisation_name = models.CharField(_("organisatienaam"), max_length=200, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    language = models.CharField(_("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH)
    tone = models.CharField(_("aanspreekvorm"), max_length=2, choices=Tone.choices, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True)
    phone_mobile = models.CharField(_("mobiel"), max_length=20, blank=True)
    phone_home = models.CharField(_("telefoon"), max_length=20, blank=True)
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    house_number_suffix = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="NL")
    preferred_channel = models.CharField(
        _("voorkeurskanaal"), max_length=8, choices=kind_choices(PREFERENCE_KINDS), default=ChannelKind.EMAIL
    )
    # Channel restrictions: stored as what not to do, never as the reason why.
    no_voice_calls = models.BooleanField(_("geen spraakberichten"), default=False)
    no_sms = models.BooleanField(_("geen SMS"), default=False)
    no_email = models.BooleanField(_("geen e-mail"), default=False)
    paper_only = models.BooleanField(_("alleen post"), default=False)
    # Special statuses, each with its period.
    administrator_name = models.CharField(_("bewindvoerder"), max_length=200, blank=True)
    administrator_email = models.EmailField(_("e-mail bewindvoerder"), blank=True)
    administrator_phone = models.CharField(_("telefoon bewindvoerder"), max_length=20, blank=True)
    administrator_address = models.CharField(_("adres bewindvoerder"), max_length=300, blank=True)
    administrator_since = models.DateField(_("bewind sinds"), null=True, blank=True)
    administrator_until = models.DateField(_("bewind tot"), null=True, blank=True)
    debt_counselling_since = models.DateField(_("schuldhulp sinds"), null=True, blank=True)
    debt_counselling_until = models.DateField(_("schuldhulp tot"), null=True, blank=True)
    wsnp_since = models.DateField(_("WSNP sinds"), null=True, blank=True)
    wsnp_until = models.DateField(_("WSNP tot"), null=True, blank=True)
    deceased_on = models.DateField(_("overleden op"), null=True, blank=True)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention job anonymised a departed tenant (docs/privacy.md): it is not done twice.
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("huurder")
        verbose_name_plural = _("huurders")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "source_id"], name="tenant_source_unique")
        ]
        indexes = [
            models.Index(fields=["corporation", "last_name"]),
            models.Index(fields=["corporation", "postcode", "house_number"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == TenantKind.ORGANISATION:
            return self.organisation_name
        parts = [self.first_name or self.initials, self.name_prefix, self.last_name]
        return " ".join(p for p in parts if p)

    @property
    def address_line(self) -> str:
        number = f"{self.house_number}{('-' + self.house_number_suffix) if self.house_number_suffix else ''}"
        return f"{self.street} {number}".strip()

    def special_statuses(self, as_of: date) -> list[tuple[str, date | None]]:
        """The statuses in force on as_of, as (label, since) pairs for display."""

        def active(since: date | None, until: date | None) -> bool:
            return period_in_force(since, until, as_of)

        statuses: list[tuple[str, date | None]] = []
        if active(self.administrator_since, self.administrator_until):
            statuses.append((str(_("Bewindvoering")), self.administrator_since))
        if active(self.debt_counselling_since, self.debt_counselling_until):
            statuses.append((str(_("Schuldhulpverlening")), self.debt_counselling_since))
        if active(self.wsnp_since, self.wsnp_until):
            statuses.append((str(_("WSNP (schuldsanering)")), self.wsnp_since))
        if self.deceased_on is not None and self.deceased_on <= as_of:
            statuses.append((str(_("Overleden")), self.deceased_on))
        return statuses

    def restrictions(self) -> list[str]:
        labels = []
        for field in ("no_voice_calls", "no_sms", "no_email", "paper_only"):
            if getattr(self, field):
                labels.append(str(Tenant._meta.get_field(field).verbose_name))  # type: ignore[union-attr]
        return labels


class TenantNote(CorporationOwned):
    """A colleague's note on the tenant card: what was agreed at the counter, what to watch for."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notitie"))
    # A note marked shareable goes with the dossier when the debt is handed to an agency; others never do.
    shareable = models.BooleanField(_("delen met incassopartner"), default=False)
    author = models.CharField(_("door"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")


class TenantDocument(CorporationOwned):
    """A document kept with the tenant: a signed arrangement, a letter from the administrator, a receipt."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("omschrijving"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="tenants/%Y/%m/")
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.CharField(_("toegevoegd door"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")


class CircumstanceSource(models.TextChoices):
    ERP = "erp", _("ERP")
    STAFF = "staff", _("Medewerker")
    CALL = "call", _("Telefoongesprek")
    PORTAL = "portal", _("Huurder (portaal)")


class CircumstanceKind(CorporationOwned):
    """A kind of life event the corporation watches for (signalering): job loss, separation, illness, ...

    Health stays out of the data: "illness" is as far as a kind goes; no circumstance carries a diagnosis
    or any free text (see vangnet/tenants/circumstances.py).
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=80)
    active = models.BooleanField(_("in gebruik"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("soort omstandigheid")
        verbose_name_plural = _("soorten omstandigheden")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["corporation", "code"], name="circumstance_kind_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Circumstance(CorporationOwned):
    """A dated circumstance of a tenant's household that calls for attention; ends when it no longer holds."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="circumstances")
    kind = models.ForeignKey(CircumstanceKind, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("sinds"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=8, choices=CircumstanceSource.choices)
    # The ERP's id (VERA Signaleringen); empty for what was recorded in Vangnet.
    source_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    removed_from_source_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("omstandigheid")
        verbose_name_plural = _("omstandigheden")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "source_id"],
                condition=~models.Q(source_id=""),
                name="circumstance_source_unique",
            )
        ]
        indexes = [models.Index(fields=["tenant", "starts_on"], name="circumstance_tenant_start")]

    def in_force(self, as_of: date) -> bool:
        return (
            self.removed_from_source_at is None
            and self.starts_on <= as_of
            and (self.ends_on is None or self.ends_on >= as_of)
        )


def circumstance_in_force_q(as_of: date, prefix: str = "") -> models.Q:
    """Circumstances holding on as_of; `prefix` reaches them through a relation, e.g. "circumstances__"."""
    return models.Q(**{f"{prefix}removed_from_source_at__isnull": True, f"{prefix}starts_on__lte": as_of}) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gte": as_of})
    )


class PortalVisit(CorporationOwned):
    """A day on which the tenant signed in to the portal (any way in): one row per tenant and day, so the
    channels report can count messages followed by a visit. Each sign-in itself is in the audit log."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="portal_visits")
    day = models.DateField(_("dag"))

    class Meta:
        verbose_name = _("portaalbezoek")
        verbose_name_plural = _("portaalbezoeken")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "day"], name="portal_visit_tenant_day_unique")
        ]
