"""The checks of a page of proposals and the dossiers of a delivery cost a fixed number of queries."""

import datetime as dt

import pytest

from tests.handovers.world import agencies, proposals, proposals_world
from vangnet.handovers.dossiers import dossiers_for
from vangnet.handovers.models import Handover
from vangnet.handovers.selectors import proposal_checks
from vangnet.handovers.services import handovers_approve

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 3)


def test_checks_and_dossiers_do_not_query_per_hand_over(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    corporation, _ = proposals_world(django_capture_on_commit_callbacks, contracts=3)
    found = proposals(corporation)

    with django_assert_max_num_queries(
        9
    ):  # policy, letter terms, disputes, holds, arrangements, arrears, 3 statuses
        checks = proposal_checks(found, as_of=AS_OF)
    assert len(checks) == 3

    _, bailiff = agencies(corporation)
    handovers_approve(corporation=corporation, handovers=found, agency=bailiff, as_of=AS_OF, actor="m")
    # As the export and the API load them: with contract, unit and agency.
    approved = list(
        Handover.objects.filter(corporation=corporation).select_related(
            "contract__unit", "agency", "corporation"
        )
    )
    with django_assert_max_num_queries(9):
        dossiers = dossiers_for(approved, as_of=AS_OF)
    assert [d["handover_id"] for d in dossiers] == [h.number for h in approved]
