"""The identity step and the seal: a one-time code sent to the tenant, and a PDF signature with pyHanko.

A code is six digits, kept as a hash only, valid for a quarter of an hour, used once; five wrong tries lock
the step for fifteen minutes (`core.throttle`), and a new code may be asked at most once a minute.

The seal is a PAdES signature by the corporation's certificate (`VANGNET_SIGNING_CERT`/`VANGNET_SIGNING_KEY`,
PEM files). Only the test and demo environments make a self-signed certificate of their own; anywhere else
a missing certificate is an error, never a silent fallback.
"""

import asyncio
import datetime as dt
import hashlib
import hmac
import io
import secrets
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from vangnet.contracts.models import SigningCode
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.throttle import Limit, throttle_fail, throttle_locked_until, throttle_reset
from vangnet.tenants.models import Tenant

CODE_VALID = dt.timedelta(minutes=15)
RESEND_AFTER = dt.timedelta(minutes=1)
MAX_FAILURES = 5


def code_hash(code: str, *, code_id_salt: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{code_id_salt}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def code_issue(
    *, tenant: Tenant, purpose: str, subject_id: int, channel: str, now: dt.datetime
) -> tuple[SigningCode, str]:
    """A new code (the previous ones of this step stop working). Returns the row and the plain code."""
    recent = SigningCode.objects.filter(
        tenant=tenant, purpose=purpose, subject_id=subject_id, created_at__gt=now - RESEND_AFTER
    ).exists()
    if recent:
        raise ApplicationError(
            gettext("U heeft net een code gekregen. Wacht een minuut voordat u een nieuwe vraagt."),
            extra={"field": "code"},
        )
    SigningCode.objects.filter(tenant=tenant, purpose=purpose, subject_id=subject_id, used_at=None).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    salt = secrets.token_hex(8)
    row = SigningCode.objects.create(
        corporation=tenant.corporation,
        tenant=tenant,
        purpose=purpose,
        subject_id=subject_id,
        code_hash=f"{salt}${code_hash(code, code_id_salt=salt)}",
        channel=channel,
        created_at=now,
        expires_at=now + CODE_VALID,
    )
    return row, code


def _limit(tenant: Tenant, purpose: str, subject_id: int) -> Limit:
    return Limit(f"signing:{tenant.pk}:{purpose}:{subject_id}", max_failures=MAX_FAILURES)


def code_check(*, tenant: Tenant, purpose: str, subject_id: int, code: str, now: dt.datetime) -> SigningCode:
    """The valid code row, marked used; raises ApplicationError (field "code") for a wrong, expired or
    locked code. Call inside the caller's transaction: a refusal changes nothing but the failure count."""
    limit = _limit(tenant, purpose, subject_id)
    if throttle_locked_until(limits=[limit], now=now) is not None:
        raise ApplicationError(
            gettext("U heeft te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw."),
            extra={"field": "code", "code": "locked"},
        )
    row = (
        SigningCode.objects.filter(
            tenant=tenant, purpose=purpose, subject_id=subject_id, used_at=None, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )
    typed = "".join(ch for ch in code if ch.isdigit())
    ok = False
    if row is not None:
        salt, digest = row.code_hash.split("$", 1)
        ok = hmac.compare_digest(digest, code_hash(typed, code_id_salt=salt))
    if not ok:
        throttle_fail(limits=[limit], now=now)
        if row is None:
            raise ApplicationError(
                gettext("Deze code is verlopen of al gebruikt. Vraag een nieuwe code."),
                extra={"field": "code"},
            )
        SigningCode.objects.filter(pk=row.pk).update(failures=row.failures + 1)
        raise ApplicationError(
            gettext("Deze code klopt niet. Kijk in het bericht dat wij u stuurden en probeer het opnieuw."),
            extra={"field": "code"},
        )
    assert row is not None
    throttle_reset(keys=[limit.key])
    SigningCode.objects.filter(pk=row.pk).update(used_at=now)
    return row


def _demo_certificate(directory: Path) -> tuple[Path, Path]:
    cert_path, key_path = directory / "demo-cert.pem", directory / "demo-key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Vangnet demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Vangnet demo contract seal"),
        ]
    )
    # The clock, so tests and --as-of see a certificate valid on their day; a year's margin before it keeps
    # the seal valid when a test moves the clock ahead of the day the demo certificate was made.
    now = clock.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def seal_certificate_paths() -> tuple[Path, Path]:
    """The PEM certificate and key that seal documents; production must configure its own."""
    if settings.CONTRACT_SIGNING_CERT and settings.CONTRACT_SIGNING_KEY:
        return Path(settings.CONTRACT_SIGNING_CERT), Path(settings.CONTRACT_SIGNING_KEY)
    if settings.CONTRACT_SIGNING_DEMO_CERT:
        return _demo_certificate(Path(settings.CONTRACT_SIGNING_DIR))
    raise ImproperlyConfigured(
        "Set VANGNET_SIGNING_CERT and VANGNET_SIGNING_KEY to the corporation's certificate and key (PEM)."
    )


def pdf_seal(pdf: bytes, *, reason: str, name: str) -> bytes:
    """The PDF with a PAdES signature over all of it; any PDF reader shows whether it is still intact."""
    cert_path, key_path = seal_certificate_paths()
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    if signer is None:
        raise ImproperlyConfigured("The signing certificate or key could not be read.")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="Handtekening", reason=reason, name=name, location="Portaal"
    )
    out = _run_to_end(signers.async_sign_pdf(writer, meta, signer=signer))
    return out.getvalue()


def _run_to_end[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """pyHanko signs in asyncio. Where an event loop already runs in this thread (a Playwright test seeding
    the demo, an async caller) `asyncio.run` refuses, so the signing then runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
