"""E-mail: the municipality's contact gets a link to download the file; the link is signed and expires.

The e-mail itself never carries personal data, only the link (a signed id with a time stamp).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse

from vangnet.earlysignal.delivery.base import Deliverer, Outcome
from vangnet.earlysignal.models import Delivery, DeliveryStatus, Municipality, SignalFile

SALT = "vangnet.earlysignal.download"
LINK_DAYS = 14


def download_token(file: SignalFile) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(file.pk))


def file_id_from_token(token: str) -> int | None:
    """The file's id, or None when the link was changed or is older than LINK_DAYS."""
    try:
        return int(signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_DAYS * 24 * 3600))
    except (signing.BadSignature, ValueError):
        return None


def download_url(file: SignalFile) -> str:
    path = reverse("earlysignal_download", kwargs={"token": download_token(file)})
    return f"{settings.VANGNET_PUBLIC_URL.rstrip('/')}{path}"


class EmailDeliverer(Deliverer):
    kind = Delivery.EMAIL

    def missing(self, municipality: Municipality) -> str:
        return "" if municipality.contact_email else "Vul het e-mailadres van de contactpersoon in."

    def deliver(self, file: SignalFile, municipality: Municipality) -> Outcome:
        corporation = file.corporation.name
        body = (
            f"Beste {municipality.contact_name or 'collega'},\n\n"
            f"{corporation} heeft {file.signals} signalen van huurachterstand voor de gemeente {municipality.name} "
            f"klaargezet (vroegsignalering). U kunt het bestand {LINK_DAYS} dagen downloaden via deze beveiligde link:\n\n"
            f"{download_url(file)}\n\n"
            f"Met vriendelijke groet,\n{corporation}"
        )
        try:
            send_mail(
                subject=f"Vroegsignalering {corporation}: {file.signals} signalen",
                message=body,
                from_email=None,
                recipient_list=[municipality.contact_email],
            )
        except OSError as error:
            return Outcome(DeliveryStatus.FAILED, f"E-mail niet verstuurd: {error}"[:500])
        return Outcome(DeliveryStatus.SENT, f"Downloadlink gemaild naar {municipality.contact_email}.")
