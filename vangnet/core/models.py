"""The SaaS customer (Corporation), staff users and their roles, API keys and the audit log."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gebruik een kleur als #1a5e8a."))


class Corporation(models.Model):
    """A housing corporation (woningcorporatie): the customer, and the name every message goes out under."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=200)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    primary_colour = models.CharField(
        _("hoofdkleur"), max_length=7, default="#1a5e8a", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accentkleur"), max_length=7, default="#f2a900", validators=[hex_colour]
    )
    sender_name = models.CharField(_("afzendernaam"), max_length=200, blank=True)
    sender_email = models.EmailField(_("afzender e-mail"), blank=True)
    sms_sender = models.CharField(_("SMS-afzender"), max_length=11, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    creditor_id = models.CharField(_("incassant-ID"), max_length=35, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    behaviour_window_months = models.PositiveSmallIntegerField(_("venster betaalgedrag (maanden)"), default=6)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("corporatie")
        verbose_name_plural = _("corporaties")

    def __str__(self) -> str:
        return self.name


class CorporationOwned(models.Model):
    """A row that belongs to one corporation: the foreign key and the scoped manager, written once.

    Queries through `objects` need a django-scopes scope (or `scopes_disabled()`), so one corporation's
    rows never show in another's pages by accident.
    """

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(corporation="corporation")

    class Meta:
        abstract = True


# The sector's defaults for how long personal data is kept, in days (docs/privacy.md gives the reasons).
RETENTION_DEFAULT_DAYS: dict[str, int] = {
    "closed_dossiers": 2557,
    "contact_notes": 731,
    "portal_access_log": 183,
    "access_throttle": 183,
    "dispute_uploads": 365,
    "departed_tenants": 2557,
    "circumstances": 731,
    "campaigns": 731,
    "payment_requests": 731,
    "handover_exports": 2557,
    "service_cases": 731,
    "nuisance_reporters": 183,
    "contract_records": 2557,
}


class RetentionPolicy(models.Model):
    """How long one corporation keeps each kind of personal data; without a row the sector's defaults hold."""

    corporation = models.OneToOneField(Corporation, on_delete=models.CASCADE, related_name="retention_policy")
    closed_dossiers = models.PositiveIntegerField(
        _("afgesloten dossiers met hun berichten en brieven (dagen)"),
        default=RETENTION_DEFAULT_DAYS["closed_dossiers"],
    )
    contact_notes = models.PositiveIntegerField(
        _("contactpogingen en gespreksnotities (dagen)"), default=RETENTION_DEFAULT_DAYS["contact_notes"]
    )
    portal_access_log = models.PositiveIntegerField(
        _("toegangslog van het portaal (dagen)"), default=RETENTION_DEFAULT_DAYS["portal_access_log"]
    )
    access_throttle = models.PositiveIntegerField(
        _("tellers van blokkades (dagen)"), default=RETENTION_DEFAULT_DAYS["access_throttle"]
    )
    dispute_uploads = models.PositiveIntegerField(
        _("bijlagen van afgehandelde geschillen (dagen na afhandeling)"),
        default=RETENTION_DEFAULT_DAYS["dispute_uploads"],
    )
    departed_tenants = models.PositiveIntegerField(
        _("vertrokken huurders zonder schuld (dagen na einde contract)"),
        default=RETENTION_DEFAULT_DAYS["departed_tenants"],
    )
    circumstances = models.PositiveIntegerField(
        _("beëindigde omstandigheden (dagen na einde)"), default=RETENTION_DEFAULT_DAYS["circumstances"]
    )
    campaigns = models.PositiveIntegerField(
        _("antwoorden op campagnes en oude contactgegevens (dagen)"),
        default=RETENTION_DEFAULT_DAYS["campaigns"],
    )
    payment_requests = models.PositiveIntegerField(
        _("afgehandelde betaalverzoeken met hun betaalpogingen (dagen)"),
        default=RETENTION_DEFAULT_DAYS["payment_requests"],
    )
    handover_exports = models.PositiveIntegerField(
        _("bestanden van overdrachten aan incassopartners (dagen)"),
        default=RETENTION_DEFAULT_DAYS["handover_exports"],
    )
    service_cases = models.PositiveIntegerField(
        _("afgesloten zaken en afspraken (dagen na afsluiten)"),
        default=RETENTION_DEFAULT_DAYS["service_cases"],
    )
    nuisance_reporters = models.PositiveIntegerField(
        _("wie overlast meldde, in afgesloten overlastzaken (dagen na afsluiten)"),
        default=RETENTION_DEFAULT_DAYS["nuisance_reporters"],
    )
    contract_records = models.PositiveIntegerField(
        _("getekende contracten, opzeggingen en eindafrekeningen (dagen na einde contract)"),
        default=RETENTION_DEFAULT_DAYS["contract_records"],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        verbose_name = _("bewaartermijnen")
        verbose_name_plural = _("bewaartermijnen")


class User(AbstractUser):
    """A staff member. Tenants never get a User: they reach the portal with a signed link or code."""

    # Raised when the user's second step changes (an app enrolled or removed). It is part of the session
    # hash, so every session signed in before the change ends at its next request, without a query.
    second_factor_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def _get_session_auth_hash(self, secret=None):
        key_salt = "vangnet.core.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.second_factor_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class Role(models.TextChoices):
    CREDIT_MANAGER = "credit_manager", _("Incassomedewerker")
    DISPUTE_HANDLER = "dispute_handler", _("Behandelaar geschillen")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Beheerder")


class Membership(models.Model):
    """A user works for a corporation in one role; a user may work for several corporations."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    department = models.CharField(_("afdeling"), max_length=100, blank=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "corporation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.corporation} ({self.role})"


class ApiKey(models.Model):
    """A per-corporation key for the ERP and other systems; only a hash is stored."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(corporation="corporation")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEntry(models.Model):
    """Who did or saw what. Written by services through log_action, never edited."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+", null=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The tenant the entry is about, when there is one: "who viewed or changed this tenant" is one index scan.
    # An id, not a foreign key: core sits below tenants, and the log outlives a purged tenant.
    tenant_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        indexes = [
            models.Index(fields=["corporation", "object_type", "object_id"]),
            models.Index(fields=["corporation", "tenant_id", "created_at"]),
        ]
        ordering = ["-created_at"]


class AccessThrottle(models.Model):
    """Failed attempts per key (an IP address, an access code, a tenant) within a window, and the lockout
    that follows. A table rather than a process cache: every web worker must see the same count."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="+", null=True)
    key = models.CharField(max_length=128, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(corporation="corporation")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class Team(models.Model):
    """A named group of colleagues of one corporation that work (tasks, cases) can be given to."""

    corporation = models.ForeignKey(Corporation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("naam"), max_length=100)
    members = models.ManyToManyField(User, blank=True, related_name="teams", verbose_name=_("leden"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(corporation="corporation")

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["corporation", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name
