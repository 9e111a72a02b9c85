"""Writes of the messaging app, by concern: planning the outbox (planning.py), the reviewer's side
(review.py), a tenant's choice in a voice message (voice.py); templates (template_services.py) and the
outbox's own writes (outbox.py: manual messages, delivery after the commit) sit lower on the ladder.

Re-exported here because the back office, the demo and the tests know them as the messaging services.
"""

from vangnet.messaging.outbox import manual_batch_get, message_manual_create
from vangnet.messaging.selectors import messaging_settings_get
from vangnet.messaging.services.planning import PLAN_LOOKBACK_DAYS, PlanSummary, outbox_plan
from vangnet.messaging.services.review import batch_approve, message_cancel
from vangnet.messaging.services.voice import VOICE_THANKS, voice_choice_record
from vangnet.messaging.template_services import (
    template_index,
    template_resolve,
    template_restore,
    template_update,
    template_validate,
    templates_install_defaults,
)

__all__ = [
    "PLAN_LOOKBACK_DAYS",
    "VOICE_THANKS",
    "PlanSummary",
    "batch_approve",
    "manual_batch_get",
    "message_cancel",
    "message_manual_create",
    "messaging_settings_get",
    "outbox_plan",
    "template_index",
    "template_resolve",
    "template_restore",
    "template_update",
    "template_validate",
    "templates_install_defaults",
    "voice_choice_record",
]
