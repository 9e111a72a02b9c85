"""Export file: the file waits on the batch page; a colleague downloads it and hands it over."""

from vangnet.earlysignal.delivery.base import Deliverer, Outcome
from vangnet.earlysignal.models import Delivery, DeliveryStatus, Municipality, SignalFile


class DownloadDeliverer(Deliverer):
    kind = Delivery.DOWNLOAD

    def deliver(self, file: SignalFile, municipality: Municipality) -> Outcome:
        return Outcome(DeliveryStatus.READY, "Klaar om te downloaden en aan de gemeente te geven.")
