"""API: the file is posted to the endpoint the municipality named, with its key as a bearer token."""

import urllib.error
import urllib.request

from vangnet.earlysignal import formats
from vangnet.earlysignal.delivery.base import Deliverer, Outcome
from vangnet.earlysignal.models import Delivery, DeliveryStatus, Municipality, SignalFile

TIMEOUT_SECONDS = 20


class ApiDeliverer(Deliverer):
    kind = Delivery.API

    def missing(self, municipality: Municipality) -> str:
        return "" if municipality.endpoint_url else "Vul het adres van de API van de gemeente in."

    def deliver(self, file: SignalFile, municipality: Municipality) -> Outcome:
        headers = {"Content-Type": formats.get(file.file_format).content_type}
        if municipality.endpoint_token:
            headers["Authorization"] = f"Bearer {municipality.endpoint_token}"
        request = urllib.request.Request(
            municipality.endpoint_url, data=file.content.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            return Outcome(DeliveryStatus.FAILED, f"De gemeente antwoordde met fout {error.code}.")
        except (urllib.error.URLError, OSError) as error:
            return Outcome(
                DeliveryStatus.FAILED, f"De API van de gemeente was niet bereikbaar: {error}"[:500]
            )
        return Outcome(DeliveryStatus.SENT, f"Aangeleverd op de API van de gemeente (antwoord {status}).")
