"""Calling a URL that a corporation gave us (its ERP's webhook) without letting that URL reach inside.

A webhook address is typed by a corporation's administrator. Unchecked, it could point Vangnet at its own
network: a database console on 10.x, the cloud's metadata service on 169.254.169.254, localhost. So an
address is checked when it is saved and again when it is called, after its name is resolved, and the
connection goes to the very address that was checked: a name that resolves differently the second time
(DNS rebinding) cannot slip through. Redirects are never followed (a 3xx is a failure), and only https is
spoken; the one exception is the loopback test receiver in the test environment
(`VANGNET_WEBHOOKS_TO_LOCAL_TEST_SERVER`, on only when VANGNET_ENV=test).
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext

from vangnet.core.errors import ApplicationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Answer:
    """What the receiver answered: its status, or None and the reason when there was no answer."""

    status: int | None
    error: str = ""


def _local_test_server_allowed() -> bool:
    return bool(getattr(settings, "VANGNET_WEBHOOKS_TO_LOCAL_TEST_SERVER", False))


def _plain(ip: IPAddress) -> IPAddress:
    # ::ffff:10.0.0.1 is 10.0.0.1: judge the IPv4 address inside.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def address_refused(ip: IPAddress) -> bool:
    """Loopback, private, link-local (the metadata service), shared, reserved or multicast: not the internet."""
    ip = _plain(ip)
    if ip.is_loopback and _local_test_server_allowed():
        return False
    return not ip.is_global or ip.is_multicast


def _refusal(address: str) -> ApplicationError:
    return ApplicationError(
        gettext(
            "Dit adres wijst naar een intern netwerk (%(address)s). Vangnet stuurt alleen naar adressen op "
            "het internet."
        )
        % {"address": address}
    )


def _parsed(url: str) -> SplitResult:
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ApplicationError(gettext("Dit is geen geldig adres (URL).")) from None
    parsed = urlsplit(url)
    if parsed.username or parsed.password:
        raise ApplicationError(gettext("Zet geen gebruikersnaam of wachtwoord in het adres."))
    if parsed.scheme != "https":
        literal = _literal(parsed.hostname or "")
        if not (_local_test_server_allowed() and literal is not None and literal.is_loopback):
            raise ApplicationError(gettext("Het adres moet met https:// beginnen."))
    return parsed


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name resolves to; raises socket.gaierror when it resolves to none."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found))


def _port(parsed: SplitResult) -> int:
    return parsed.port or (443 if parsed.scheme == "https" else 80)


def outbound_url_check(url: str) -> None:
    """At save: refuses a malformed, non-https or internal address. A name that does not resolve yet is
    accepted (the receiver may not be live); it is checked again at every call."""
    parsed = _parsed(url)
    try:
        addresses = _resolve(parsed.hostname or "", _port(parsed))
    except (socket.gaierror, UnicodeError):
        return
    for ip in addresses:
        if address_refused(ip):
            raise _refusal(str(ip))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the address that was checked, while TLS still verifies the certificate of the name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def outbound_post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POSTs to the address checked just now. Never raises for the receiver's sake: a refusal, a failed
    connection or a redirect comes back as an Answer with the reason."""
    try:
        parsed = _parsed(url)
        host, port = parsed.hostname or "", _port(parsed)
        try:
            addresses = _resolve(host, port)
        except (socket.gaierror, UnicodeError):
            return Answer(None, gettext("De naam %(host)s is niet gevonden.") % {"host": host})
        refused = next((ip for ip in addresses if address_refused(ip)), None)
        if refused is not None:
            raise _refusal(str(refused))
    except ApplicationError as problem:
        return Answer(None, problem.message)
    connection_class = _PinnedHTTPSConnection if parsed.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address=str(addresses[0]), timeout=timeout)
    path = parsed.path or "/"
    if parsed.query:
        path = f"{path}?{parsed.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
        response.read(64 * 1024)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Answer(None, str(exc)[:300] or exc.__class__.__name__)
    finally:
        connection.close()
    if status >= 300:
        return Answer(status, refusal_in_words(status))
    return Answer(status)


def refusal_in_words(status: int) -> str:
    """Why the receiver did not take the message, in words (its status code is stored beside it)."""
    if 300 <= status < 400:
        return gettext("De ontvanger verwees naar een ander adres; dat volgen we niet.")
    if 400 <= status < 500:
        return gettext("De ontvanger weigerde het bericht.")
    return gettext("De ontvanger had een storing.")
