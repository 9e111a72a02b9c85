"""The event feed for ERPs that cannot receive webhooks: the same events, pulled by sequence number."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from vangnet.api.schemas import ErrorOut
from vangnet.events.selectors import events_after

router = Router()
MAX_LIMIT = 500


class EventOut(Schema):
    sequence: int
    type: str
    created_at: datetime
    data: dict[str, Any]


class EventPageOut(Schema):
    events: list[EventOut]
    next_after: int = Field(
        description="pass this as `after` to read on; equal to `after` when nothing is new"
    )
    has_more: bool


class EventFilter(Schema):
    after: int = Field(0, ge=0, description="return events with a sequence above this one")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


@router.get(
    "/events",
    response={200: EventPageOut, 401: ErrorOut, 422: ErrorOut},
    tags=["events"],
    operation_id="listEvents",
    summary="Events after a sequence number, oldest first (payment.received, ...)",
)
def list_events(request: HttpRequest, filters: Query[EventFilter]) -> EventPageOut:
    rows = events_after(after=filters.after, limit=filters.limit + 1)
    page, has_more = rows[: filters.limit], len(rows) > filters.limit
    return EventPageOut(
        events=[
            EventOut(sequence=e.sequence, type=e.type, created_at=e.created_at, data=e.payload) for e in page
        ],
        next_after=page[-1].sequence if page else filters.after,
        has_more=has_more,
    )
