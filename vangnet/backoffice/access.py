"""Who may open which back-office page.

Every staff view is wrapped in `staff_view(permission)`: it requires a logged-in user with a membership of
the active corporation (set by CorporationScopeMiddleware) whose role holds the permission. To restrict a
page later, change its row in GRANTS; the views and the navigation follow.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from vangnet.core.models import Membership, Role, User
from vangnet.core.sign_in import confirmed_device, two_factor_required


class Permission(StrEnum):
    VIEW_HOME = "home.view"
    SEARCH_TENANTS = "tenants.search"
    VIEW_TENANT = "tenants.view"
    VIEW_IMPORTS = "imports.view"
    MANAGE_BANK = "bank.manage"
    MANAGE_BANK_ACCOUNTS = "bank.accounts"
    VIEW_FLOWS = "flows.view"
    MANAGE_FLOWS = "flows.manage"
    APPROVE_FLOWS = "flows.approve"
    PREVIEW_RUN = "flows.preview"
    MANAGE_RATES = "flows.rates"
    MANAGE_CAPACITY = "flows.capacity"
    MANAGE_HOLDS = "holds.manage"
    VIEW_TASKS = "tasks.view"
    WORK_TASKS = "tasks.work"
    VIEW_PAYMENTS = "payments.view"
    MANAGE_WEBHOOKS = "webhooks.manage"
    VIEW_MESSAGES = "messages.view"
    REVIEW_BATCHES = "messages.review"
    SEND_MESSAGES = "messages.send"
    EDIT_TEMPLATES = "templates.edit"
    MANAGE_DOSSIERS = "dossiers.manage"
    VIEW_COLLECTION = "collection.view"
    WRITE_NOTES = "notes.write"
    VIEW_ARRANGEMENTS = "arrangements.view"
    MANAGE_ARRANGEMENTS = "arrangements.manage"
    VIEW_DISPUTES = "disputes.view"
    OPEN_DISPUTES = "disputes.open"
    WORK_DISPUTES = "disputes.work"
    VIEW_CAMPAIGNS = "campaigns.view"
    MANAGE_CAMPAIGNS = "campaigns.manage"
    ENTER_SLIPS = "campaigns.slips"
    VIEW_CASES = "cases.view"
    WORK_CASES = "cases.work"
    REGISTER_CONTACTS = "contacts.register"
    MANAGE_KNOWLEDGE = "knowledge.manage"
    MANAGE_CASE_TYPES = "cases.types"
    MANAGE_STAFF = "staff.manage"
    MANAGE_SETTINGS = "settings.manage"
    VIEW_AUDIT = "audit.view"
    VIEW_REPORTS = "reports.view"
    VIEW_HANDOVERS = "handovers.view"
    WORK_HANDOVERS = "handovers.work"
    APPROVE_HANDOVERS = "handovers.approve"
    MANAGE_AGENCIES = "handovers.agencies"
    VIEW_SPECIAL_STATUS = "tenants.special_status"
    EXPORT_TENANT_DATA = "tenants.export"
    MANAGE_RETENTION = "retention.manage"
    VIEW_CIRCUMSTANCES = "circumstances.view"
    RECORD_CIRCUMSTANCES = "circumstances.record"
    VIEW_SIGNALS = "signals.view"
    RELEASE_SIGNALS = "signals.release"
    MANAGE_MUNICIPALITIES = "signals.municipalities"
    REGISTER_OBJECTIONS = "signals.objections"


ALL_ROLES: frozenset[str] = frozenset(Role.values)
CREDIT_ROLES: frozenset[str] = frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN})

GRANTS: dict[Permission, frozenset[str]] = {
    Permission.VIEW_HOME: ALL_ROLES,
    Permission.SEARCH_TENANTS: ALL_ROLES,
    Permission.VIEW_TENANT: ALL_ROLES,
    # Dispute handlers (customer service, maintenance) see only the dispute screens and the card parts
    # they need: not the ERP imports, payments or the outbox.
    Permission.VIEW_IMPORTS: CREDIT_ROLES,
    # Uploading statements and booking unknown payments moves money: not for dispute handlers.
    Permission.MANAGE_BANK: frozenset({Role.CREDIT_MANAGER, Role.ADMIN}),
    # Which accounts' money may be booked on tenants is the administrator's decision.
    Permission.MANAGE_BANK_ACCOUNTS: frozenset({Role.ADMIN}),
    # Dispute handlers work on disputes only; the dunning configuration is credit management's.
    Permission.VIEW_FLOWS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.MANAGE_FLOWS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    # Four eyes: a changed timeline applies only once a manager (not its author) approves it.
    Permission.APPROVE_FLOWS: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.PREVIEW_RUN: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    # One table for every corporation: only administrators maintain it.
    Permission.MANAGE_RATES: frozenset({Role.ADMIN}),
    # How many calls and visits the team can do a day is the administrator's setting.
    Permission.MANAGE_CAPACITY: frozenset({Role.ADMIN}),
    Permission.MANAGE_HOLDS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.VIEW_TASKS: ALL_ROLES,
    Permission.WORK_TASKS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.VIEW_PAYMENTS: CREDIT_ROLES,
    # Webhook endpoints carry a signing secret and send payment data out: admins only.
    Permission.MANAGE_WEBHOOKS: frozenset({Role.ADMIN}),
    Permission.VIEW_MESSAGES: CREDIT_ROLES,
    # Approving a batch sends reminders to tenants: not for dispute handlers.
    Permission.REVIEW_BATCHES: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.SEND_MESSAGES: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.EDIT_TEMPLATES: frozenset({Role.MANAGER, Role.ADMIN}),
    # Moving a dossier to another flow or proposing a hand-over changes how a tenant is approached.
    Permission.MANAGE_DOSSIERS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    # The collection parts of the tenant card (flow, messages, tasks, agreements) are credit management's;
    # a dispute handler sees contact details, contracts, the ledger and the disputes.
    Permission.VIEW_COLLECTION: CREDIT_ROLES,
    Permission.WRITE_NOTES: ALL_ROLES,
    Permission.VIEW_ARRANGEMENTS: CREDIT_ROLES,
    Permission.MANAGE_ARRANGEMENTS: CREDIT_ROLES,
    # Everyone may record a tenant's dispute; resolvers (customer service, maintenance) work them.
    Permission.VIEW_DISPUTES: ALL_ROLES,
    Permission.OPEN_DISPUTES: ALL_ROLES,
    Permission.WORK_DISPUTES: ALL_ROLES,
    # Campaigns reach every tenant, not only those in arrears: customer service works them too; setting
    # one up sends messages, so it is for the roles that may send.
    Permission.VIEW_CAMPAIGNS: ALL_ROLES,
    Permission.MANAGE_CAMPAIGNS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.ENTER_SLIPS: ALL_ROLES,
    # Tenant service is everyone's: the contact centre, maintenance, neighbourhood managers.
    Permission.VIEW_CASES: ALL_ROLES,
    Permission.WORK_CASES: ALL_ROLES,
    Permission.REGISTER_CONTACTS: ALL_ROLES,
    # Whoever takes calls reads the knowledge base; what it says (policy, standard answers) and how a case
    # type runs (stages, questions, routing, what the tenant reads) are a manager's or administrator's.
    Permission.MANAGE_KNOWLEDGE: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.MANAGE_CASE_TYPES: frozenset({Role.MANAGER, Role.ADMIN}),
    # Lifting a lockout or a colleague's second sign-in step, and reading who saw which tenant: admins.
    Permission.MANAGE_STAFF: frozenset({Role.ADMIN}),
    # Senders, providers and whether messages really leave: the corporation's administrators.
    Permission.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Permission.VIEW_AUDIT: frozenset({Role.ADMIN}),
    # Reports count money and people across the portfolio: credit management and its managers.
    Permission.VIEW_REPORTS: CREDIT_ROLES,
    # Hand-overs: credit management follows them, exports the dossiers and imports the agencies' feedback;
    # handing a debt to an agency and choosing the agencies is a manager's decision.
    Permission.VIEW_HANDOVERS: CREDIT_ROLES,
    Permission.WORK_HANDOVERS: CREDIT_ROLES,
    Permission.APPROVE_HANDOVERS: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.MANAGE_AGENCIES: frozenset({Role.MANAGER, Role.ADMIN}),
    # Debt counselling, WSNP, bewind, a death and the date of birth are for those who decide on collection;
    # a dispute is judged on the invoice, not on the tenant's circumstances.
    Permission.VIEW_SPECIAL_STATUS: CREDIT_ROLES,
    # A tenant's request for all their data (AVG art. 15) is answered by credit management or an
    # administrator: the export holds everything, special statuses and circumstances included.
    Permission.EXPORT_TENANT_DATA: frozenset({Role.CREDIT_MANAGER, Role.ADMIN}),
    # How long personal data is kept is the corporation's policy under the AVG: administrators set it.
    Permission.MANAGE_RETENTION: frozenset({Role.ADMIN}),
    # A job loss, a separation or an illness is for the colleagues who decide how to collect; a dispute
    # handler (customer service, maintenance) has no need to know it.
    Permission.VIEW_CIRCUMSTANCES: CREDIT_ROLES,
    Permission.RECORD_CIRCUMSTANCES: CREDIT_ROLES,
    # Vroegsignalering sends tenants' contact data to the municipality: credit management releases it, the
    # agreements with the municipalities are the manager's; anyone who hears a tenant object records it.
    Permission.VIEW_SIGNALS: CREDIT_ROLES,
    Permission.RELEASE_SIGNALS: frozenset({Role.CREDIT_MANAGER, Role.MANAGER, Role.ADMIN}),
    Permission.MANAGE_MUNICIPALITIES: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.REGISTER_OBJECTIONS: ALL_ROLES,
}


def has_permission(membership: Membership | None, permission: Permission | str) -> bool:
    if membership is None:
        return False
    return membership.role in GRANTS.get(Permission(permission), frozenset())


PASSWORD_ONLY_SESSION_KEY = "password_only_user"


def second_step_url(request: HttpRequest, user: User, target: str) -> str | None:
    """Where a signed-in user who has not passed the app code must go first; None when not needed."""
    if getattr(request.user, "is_verified", lambda: False)():
        return None
    required = two_factor_required()
    # Not in required mode: a session that passed only the password while 2FA was optional keeps no
    # access once it is required. Enrolling an app ends such sessions through the session hash.
    if not required and request.session.get(PASSWORD_ONLY_SESSION_KEY) == user.pk:
        return None
    if confirmed_device(user) is not None:
        return f"{reverse('backoffice:two_factor_verify')}?{urlencode({'next': target})}"
    if required:
        return f"{reverse('backoffice:two_factor_setup')}?{urlencode({'next': target})}"
    # Remembered for the session, so that optional mode costs no query per page.
    request.session[PASSWORD_ONLY_SESSION_KEY] = user.pk
    return None


def _second_step(request: HttpRequest) -> HttpResponse | None:
    second = second_step_url(request, request.user, request.get_full_path())  # type: ignore[arg-type]
    if second is None:
        return None
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(second)
    return HttpResponseRedirect(second)


def staff_view(permission: Permission) -> Callable:
    """Login, a membership of the active corporation, and a role that holds `permission`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # A fragment request after the session expired: send the whole page to the login.
                    current = request.htmx.current_url_abs_path  # type: ignore[attr-defined]
                    login = redirect_to_login(current or request.get_full_path())
                    return HttpResponseClientRedirect(login.url)
                return redirect_to_login(request.get_full_path())
            second_step = _second_step(request)
            if second_step is not None:
                return second_step
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "backoffice/access/no_membership.html", status=403)
            if not has_permission(membership, permission):
                return render(request, "backoffice/access/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        wrapper.permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def login_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the pages of the second sign-in step: a password login is enough."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def verified_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the few pages a user without a membership of the active corporation may use (switching)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _second_step(request) or view(request, *args, **kwargs)

    return wrapper
