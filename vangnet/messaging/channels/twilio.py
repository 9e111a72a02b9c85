"""A small client for Twilio's REST API (Messages and Calls, 2010-04-01) and its webhook signatures.

Base URL, account and token come from settings (environment); tests point the base URL at a local server.
Errors: 4xx answers are permanent (bad number, blocked recipient), except 429; 5xx and network errors are
transient.
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.http import HttpRequest

from vangnet.messaging.channels.base import DeliveryError

TIMEOUT = 10


def create(resource: str, fields: dict[str, str]) -> dict:
    """POST to /2010-04-01/Accounts/{sid}/{resource}.json and return the JSON answer."""
    sid, token = settings.MESSAGING_TWILIO_ACCOUNT_SID, settings.MESSAGING_TWILIO_AUTH_TOKEN
    if not sid or not token:
        raise DeliveryError(
            "Twilio is niet ingesteld (VANGNET_TWILIO_ACCOUNT_SID/AUTH_TOKEN)", permanent=False
        )
    url = f"{settings.MESSAGING_TWILIO_BASE_URL.rstrip('/')}/2010-04-01/Accounts/{sid}/{resource}.json"
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode(),
        method="POST",
        headers={
            "Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read() or b"{}")
        except ValueError:
            body = {}
        detail = f"Twilio {error.code}: {body.get('code', '')} {body.get('message', '')}".strip()
        raise DeliveryError(detail, permanent=400 <= error.code < 500 and error.code != 429) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"Twilio onbereikbaar: {error}", permanent=False) from error


def signature(url: str, params: dict[str, str], token: str) -> str:
    """X-Twilio-Signature: base64(HMAC-SHA1(token, url + each key and value, keys sorted))."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def signature_valid(url: str, params: dict[str, str], given: str) -> bool:
    token = settings.MESSAGING_TWILIO_AUTH_TOKEN
    if not token:
        # Nothing to check against: the demo and tests have no Twilio account; an installation without a
        # token refuses every callback, or anyone could mark messages delivered or record a voice choice.
        return settings.VANGNET_ENV != "production"
    return hmac.compare_digest(signature(url, params, token), given or "")


def e164(number: str) -> str:
    """Dutch numbers as +31...: '06-12345678' -> '+31612345678'."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+31" + digits[1:]
    return "+" + digits


def request_genuine(request: HttpRequest) -> bool:
    """Whether a webhook request carries Twilio's signature for this URL and these fields."""
    url = request.build_absolute_uri()
    return signature_valid(url, request.POST.dict(), request.headers.get("X-Twilio-Signature", ""))
