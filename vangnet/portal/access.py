"""How a tenant gets into the portal: a signed link from a message, or the access code from a letter with
their postcode and house number; and the second check before a sensitive action.

Whatever was wrong (a forged or expired link, an unknown code, a code with the wrong address, a lockout)
the tenant sees the same neutral answer: nothing tells a guesser which part was right. Every access, and
every refused attempt, is written to the audit log; successful ones with the tenant as object, so the staff
card shows the tenant's portal timeline. A successful sign-in also records the day as a portal visit
(tenants.PortalVisit, one per tenant and day), which the channels report counts.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.throttle import Limit, throttle_fail, throttle_key, throttle_locked_until, throttle_reset
from vangnet.messaging import links
from vangnet.tenants.models import Tenant
from vangnet.tenants.selectors import normalise_postcode, postcode_variants
from vangnet.tenants.services import portal_visit_record

ACTOR = "portal"
# Per IP more tries than per code: many tenants may share one address (a library, a carrier's NAT).
IP_LIMIT = 20
CODE_LIMIT = 5
CHECK_LIMIT = 5


def neutral_refusal() -> ApplicationError:
    return ApplicationError(
        gettext("Wij konden u niet aanmelden. Kijk of de code en het adres goed zijn, of bel ons."),
        extra={"code": "refused"},
    )


def locked_refusal(until: dt.datetime) -> ApplicationError:
    return ApplicationError(
        gettext("U heeft het te vaak geprobeerd. Probeer het over een kwartier opnieuw, of bel ons."),
        extra={"code": "locked", "until": until},
    )


def _same_house_number(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def portal_access_by_link(
    *, token: str, host_corporation: Corporation | None, now: dt.datetime
) -> Tenant | None:
    """The tenant a message's signed link names, or None (forged, expired, other corporation, gone)."""
    target = links.portal_token_target(token)
    tenant = None
    if target is not None and (host_corporation is None or host_corporation.pk == target.corporation_id):
        with scopes_disabled():
            tenant = (
                Tenant.objects.select_related("corporation")
                .filter(
                    pk=target.tenant_id,
                    corporation_id=target.corporation_id,
                    removed_from_source_at__isnull=True,
                )
                .first()
            )
    with scopes_disabled():
        if tenant is None:
            log_action(
                corporation=host_corporation,
                actor=ACTOR,
                action="portal.access_refused",
                data={"method": "link"},
            )
            return None
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.opened",
            obj=tenant,
            data={"method": "link"},
        )
        portal_visit_record(tenant=tenant, day=timezone.localdate(now))
    return tenant


def _candidates(host_corporation: Corporation | None, postcode: str, house_number: str) -> list[Tenant]:
    """Tenants at this address: their own postal address, or the unit of one of their contracts."""
    variants = postcode_variants(normalise_postcode(postcode))
    number = _same_house_number(house_number)
    if not number:
        return []
    with scopes_disabled():
        query = Tenant.objects.select_related("corporation").filter(
            Q(postcode__in=variants, house_number=number)
            | Q(parties__contract__unit__postcode__in=variants, parties__contract__unit__house_number=number),
            removed_from_source_at__isnull=True,
        )
        if host_corporation is not None:
            query = query.filter(corporation=host_corporation)
        return list(query.distinct()[:50])


def portal_access_by_code(
    *,
    code: str,
    postcode: str,
    house_number: str,
    client_ip: str,
    host_corporation: Corporation | None,
    now: dt.datetime,
) -> Tenant:
    """The tenant whose letter printed this code and who lives at this address.

    Raises ApplicationError (extra code "refused" or "locked") with the same wording whichever part was
    wrong. Twenty failures from an IP address, or five from it on one address or one code, lock that for
    fifteen minutes.

    Every key counts what the person typed, never what we found: a real and an invented address lock
    after the same number of tries, so the lockout does not tell whether a tenant lives there. And every
    key includes the IP address: a stranger elsewhere who guesses at a tenant's address (or who saw their
    letter) locks only themselves out, and the tenant's real code from their own connection still works.
    """
    normalised = links.normalise_access_code(code)
    address = f"{normalise_postcode(postcode)}|{_same_house_number(house_number)}"
    limits = [
        Limit(throttle_key("portal-ip", client_ip), max_failures=IP_LIMIT),
        Limit(throttle_key("portal-address", f"{address}|{client_ip}"), max_failures=CODE_LIMIT),
    ]
    if normalised:
        limits.append(
            Limit(throttle_key("portal-code", f"{normalised}|{client_ip}"), max_failures=CODE_LIMIT)
        )
    candidates = _candidates(host_corporation, postcode, house_number)
    locked = throttle_locked_until(limits=limits, now=now)
    if locked is not None:
        with scopes_disabled():
            log_action(
                corporation=host_corporation,
                actor=ACTOR,
                action="portal.access_locked",
                data={"method": "code"},
            )
        raise locked_refusal(locked)
    tenant = next((t for t in candidates if links.access_code_valid(t.pk, normalised)), None)
    with scopes_disabled():
        if tenant is None:
            locked = throttle_fail(limits=limits, now=now)
            for candidate in candidates:
                # The address was right for these tenants: the staff card shows that someone tried.
                log_action(
                    corporation=candidate.corporation,
                    actor=ACTOR,
                    action="portal.access_refused",
                    obj=candidate,
                    data={"method": "code"},
                )
            if not candidates:
                log_action(
                    corporation=host_corporation,
                    actor=ACTOR,
                    action="portal.access_refused",
                    data={"method": "code"},
                )
            raise locked_refusal(locked) if locked else neutral_refusal()
        throttle_reset(keys=[limit.key for limit in limits[1:]])
        log_action(
            corporation=tenant.corporation,
            actor=ACTOR,
            action="portal.opened",
            obj=tenant,
            data={"method": "code"},
        )
        portal_visit_record(tenant=tenant, day=timezone.localdate(now))
    return tenant


class CheckQuestion:
    """What the second check asks: something that is not printed on the letter or the page the tenant came
    from, so a letter lying on a doormat, or a forwarded e-mail, is not enough on its own."""

    BIRTH_DATE = "birth_date"  # never on a letter, an e-mail or a portal page
    ADDRESS = "address"  # postcode and house number: not in an e-mail or SMS link (only for link sessions)
    CONTACT = "contact"  # the e-mail address or mobile number we have: not on the letter with the code
    NONE = "none"  # nothing to ask that the letter does not show: the tenant calls us


def second_check_question(*, tenant: Tenant, method: str) -> str:
    if tenant.birth_date is not None:
        return CheckQuestion.BIRTH_DATE
    if method == "link":
        return CheckQuestion.ADDRESS
    if tenant.email or tenant.phone_mobile:
        return CheckQuestion.CONTACT
    return CheckQuestion.NONE


def _digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("31") else digits


def _answer_matches(tenant: Tenant, question: str, answer: dict) -> bool:
    if question == CheckQuestion.BIRTH_DATE:
        return answer.get("birth_date") is not None and answer["birth_date"] == tenant.birth_date
    if question == CheckQuestion.ADDRESS:
        postcode, house_number = answer.get("postcode", ""), answer.get("house_number", "")
        return bool(postcode and house_number) and any(
            t.pk == tenant.pk for t in _candidates(tenant.corporation, postcode, house_number)
        )
    if question == CheckQuestion.CONTACT:
        given = (answer.get("contact") or "").strip()
        if not given:
            return False
        if "@" in given:
            return bool(tenant.email) and given.lower() == tenant.email.strip().lower()
        return (
            bool(tenant.phone_mobile)
            and len(_digits(given)) >= 10
            and _digits(given) == _digits(tenant.phone_mobile)
        )
    return False


def portal_second_check(
    *,
    tenant: Tenant,
    method: str,
    postcode: str = "",
    house_number: str = "",
    birth_date: dt.date | None = None,
    contact: str = "",
    now: dt.datetime,
) -> None:
    """Passes when the answer to the tenant's question (second_check_question) matches what we know.

    Raises ApplicationError ("refused", "locked" or "call_us"); five failures lock the check for fifteen
    minutes.
    """
    question = second_check_question(tenant=tenant, method=method)
    if question == CheckQuestion.NONE:
        raise ApplicationError(
            gettext("We kunnen dit niet online controleren. Bel ons, dan helpen we u verder."),
            extra={"code": "call_us"},
        )
    limit = Limit(f"portal-check:{tenant.pk}", max_failures=CHECK_LIMIT)
    locked = throttle_locked_until(limits=[limit], now=now)
    if locked is not None:
        raise locked_refusal(locked)
    answer = {
        "postcode": postcode,
        "house_number": house_number,
        "birth_date": birth_date,
        "contact": contact,
    }
    ok = _answer_matches(tenant, question, answer)
    with scopes_disabled():
        if not ok:
            locked = throttle_fail(limits=[limit], now=now)
            log_action(
                corporation=tenant.corporation, actor=ACTOR, action="portal.check_failed", obj=tenant, data={}
            )
            if locked:
                raise locked_refusal(locked)
            raise ApplicationError(
                gettext("Deze gegevens kloppen niet met wat wij van u weten. Probeer het nog eens."),
                extra={"code": "refused"},
            )
        throttle_reset(keys=[limit.key])
        log_action(
            corporation=tenant.corporation, actor=ACTOR, action="portal.check_passed", obj=tenant, data={}
        )
