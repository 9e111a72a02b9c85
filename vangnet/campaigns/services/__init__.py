"""Writes of the campaigns app, by concern: set-up, sending, answers, the end."""

from vangnet.campaigns.services.answers import (
    contact_answer_submit,
    meter_reading_submit,
    paper_slip_enter,
    survey_answer_submit,
    target_by_code,
)
from vangnet.campaigns.services.closing import campaign_finish
from vangnet.campaigns.services.sending import RunSummary, campaign_remind, campaign_send, campaigns_run
from vangnet.campaigns.services.setup import (
    DEFAULT_TEMPLATES,
    audience_pairs,
    campaign_create,
    campaign_start,
)

__all__ = [
    "DEFAULT_TEMPLATES",
    "RunSummary",
    "audience_pairs",
    "campaign_create",
    "campaign_finish",
    "campaign_remind",
    "campaign_send",
    "campaign_start",
    "campaigns_run",
    "contact_answer_submit",
    "meter_reading_submit",
    "paper_slip_enter",
    "survey_answer_submit",
    "target_by_code",
]
