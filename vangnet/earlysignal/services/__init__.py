"""Writes of vroegsignalering: the batch, the municipality's answers, objections and contact attempts."""

from vangnet.earlysignal.services.answers import ImportResult, answer_register, answers_import
from vangnet.earlysignal.services.batches import PrepareResult, batch_prepare, batch_release
from vangnet.earlysignal.services.people import (
    contact_attempt_register,
    municipality_save,
    objection_register,
    objection_withdraw,
    policy_save,
)

__all__ = [
    "ImportResult",
    "PrepareResult",
    "answer_register",
    "answers_import",
    "batch_prepare",
    "batch_release",
    "contact_attempt_register",
    "municipality_save",
    "objection_register",
    "objection_withdraw",
    "policy_save",
]
