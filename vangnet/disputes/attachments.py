"""What a tenant or colleague may attach to a dispute: small PDF, JPEG or PNG files, checked by content.

Pure: the caller passes the name, the size and the first bytes; the extension alone proves nothing.
"""

from pathlib import PurePath

from django.utils.translation import gettext

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
HEAD_BYTES = 16

# (magic bytes, content type, extensions that may carry it)
KINDS: tuple[tuple[bytes, str, frozenset[str]], ...] = (
    (b"%PDF-", "application/pdf", frozenset({".pdf"})),
    (b"\xff\xd8\xff", "image/jpeg", frozenset({".jpg", ".jpeg"})),
    (b"\x89PNG\r\n\x1a\n", "image/png", frozenset({".png"})),
)
ALLOWED_EXTENSIONS = frozenset().union(*(extensions for _magic, _type, extensions in KINDS))


def attachment_content_type(head: bytes) -> str | None:
    """The content type the first bytes show, or None for anything but PDF, JPEG and PNG."""
    for magic, content_type, _extensions in KINDS:
        if head.startswith(magic):
            return content_type
    return None


def attachment_problems(*, name: str, size: int, head: bytes) -> list[str]:
    """What is wrong with this file, in Dutch; empty when it may be attached."""
    label = PurePath(name or "").name or gettext("het bestand")
    problems: list[str] = []
    if size <= 0 or not head:
        problems.append(gettext("%(name)s is leeg.") % {"name": label})
        return problems
    if size > MAX_ATTACHMENT_BYTES:
        problems.append(
            gettext("%(name)s is te groot. Een bijlage mag hoogstens 10 MB zijn.") % {"name": label}
        )
    extension = PurePath(label).suffix.lower()
    content_type = attachment_content_type(head)
    allowed = next((ext for _m, kind, ext in KINDS if kind == content_type), frozenset())
    if content_type is None or extension not in allowed:
        problems.append(
            gettext("%(name)s kunnen we niet gebruiken. Stuur een PDF, JPG of PNG.") % {"name": label}
        )
    return problems
