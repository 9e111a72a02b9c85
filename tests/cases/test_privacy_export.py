"""A tenant's art. 15 export holds their cases: what they reported with the timeline written for them, and
of a nuisance report about them only what the accused may know (never who reported it)."""

import io
import json

from pypdf import PdfReader

from tests.cases.test_parties import nuisance
from vangnet.cases.services import case_note_add
from vangnet.core import clock
from vangnet.privacy.document import tenant_data_pdf
from vangnet.privacy.export import tenant_data


def test_the_reporter_gets_their_case_and_the_accused_not_the_reporter(world, business_day):
    case = nuisance(world, business_day, accused=world.neighbour)
    case_note_add(case=case, text="Melder Anna de Vries belde opnieuw.", actor=world.colleague)
    case_note_add(
        case=case, text="Wij spreken u graag op 10 december.", actor=world.colleague, audience="accused"
    )
    case_note_add(case=case, text="Wij houden u op de hoogte.", actor=world.colleague, audience="party")

    reporter = tenant_data(tenant=world.reporter, now=clock.now())
    (own,) = reporter["cases"]
    assert (own["number"], own["case_type"]) == (case.number, "Overlast")
    assert "muziek" in json.dumps(own["answers"])
    texts = [entry["text"] for entry in reporter["case_entries"]]
    assert "Wij houden u op de hoogte." in texts
    # A nuisance case's internal notes and what was written for the accused are not the reporter's.
    assert "Melder Anna de Vries belde opnieuw." not in texts
    assert "Wij spreken u graag op 10 december." not in texts

    accused = tenant_data(tenant=world.neighbour, now=clock.now())
    (about,) = accused["cases"]
    assert about == {
        "number": case.number,
        "stage": case.stage,
        "opened_on": business_day.isoformat(),
        "closed_on": None,
        "case_type": "Overlast",
        "about_you": True,
    }
    assert [entry["text"] for entry in accused["case_entries"]] == ["Wij spreken u graag op 10 december."]
    shown = json.dumps(accused, ensure_ascii=False)
    pdf = tenant_data_pdf(accused)
    shown += " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for secret in ("Anna", "de Vries", "muziek", "Lindelaan 10", "Melder"):
        assert secret not in shown
    assert "Zaken (meldingen en verzoeken)" in shown
