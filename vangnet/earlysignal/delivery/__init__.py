"""The registry of ways to deliver a signal file: a municipality's `delivery` names one of these."""

from vangnet.earlysignal.delivery.api import ApiDeliverer
from vangnet.earlysignal.delivery.base import Deliverer, Outcome
from vangnet.earlysignal.delivery.download import DownloadDeliverer
from vangnet.earlysignal.delivery.email import EmailDeliverer

DELIVERERS: dict[str, Deliverer] = {
    d.kind: d for d in (DownloadDeliverer(), EmailDeliverer(), ApiDeliverer())
}


def get(kind: str) -> Deliverer:
    return DELIVERERS[kind]


__all__ = ["DELIVERERS", "Deliverer", "Outcome", "get"]
