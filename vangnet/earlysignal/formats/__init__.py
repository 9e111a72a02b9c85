"""The registry of signal file formats: a municipality's `file_format` names one of these."""

from vangnet.earlysignal.formats.base import SignalFormat
from vangnet.earlysignal.formats.csv import CsvFormat
from vangnet.earlysignal.formats.json import JsonFormat

FORMATS: dict[str, SignalFormat] = {fmt.code: fmt for fmt in (CsvFormat(), JsonFormat())}


def get(code: str) -> SignalFormat:
    return FORMATS[code]
