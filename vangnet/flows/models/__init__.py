"""Segments, dunning flows (versioned timelines of steps), enrollments, step runs and holds.

A contract is classified into a segment every day; a segment names the flow a contract in arrears enters.
An Enrollment is one contract's journey through one FlowVersion; each step it passes leaves one StepRun,
and `UniqueConstraint(enrollment, step)` is what makes a rerun of the day harmless. Every row stores why.
"""

from vangnet.flows.models.enrollments import (
    OPEN_STATUSES,
    CloseReason,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    EventKind,
    StepOutcome,
    StepRun,
)
from vangnet.flows.models.holds import Hold, HoldKind
from vangnet.flows.models.policy import CollectionPolicy, InterestRate
from vangnet.flows.models.reversals import ReversalFollowUp, ReversalRule
from vangnet.flows.models.segments import (
    ContractSegment,
    ProposalKind,
    Segment,
    SegmentMatch,
    SegmentProposal,
)
from vangnet.flows.models.timelines import (
    MESSAGE_ACTIONS,
    Flow,
    FlowStep,
    FlowVersion,
    StepAction,
    StepAnchor,
    VersionStatus,
)

__all__ = [
    "MESSAGE_ACTIONS",
    "OPEN_STATUSES",
    "CloseReason",
    "CollectionPolicy",
    "ContractSegment",
    "Enrollment",
    "EnrollmentEvent",
    "EnrollmentStatus",
    "EventKind",
    "Flow",
    "FlowStep",
    "FlowVersion",
    "Hold",
    "HoldKind",
    "InterestRate",
    "ProposalKind",
    "ReversalFollowUp",
    "ReversalRule",
    "Segment",
    "SegmentMatch",
    "SegmentProposal",
    "StepAction",
    "StepAnchor",
    "StepOutcome",
    "StepRun",
    "VersionStatus",
]
