"""No signal leaves without all four preconditions, an agreed municipality and no objection."""

import datetime as dt
import itertools
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.earlysignal.world import call_done, in_arrears, municipality, sent
from tests.factories import UserFactory
from vangnet.core.errors import ApplicationError
from vangnet.earlysignal.models import (
    BatchStatus,
    Delivery,
    DeliveryStatus,
    Signal,
    SignalBatch,
    SignalFile,
    SignalPolicy,
)
from vangnet.earlysignal.services import batch_prepare, batch_release, objection_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_of():
    return dt.date(2026, 3, 16)


def _run(corporation, as_of, *extra) -> dict:
    out = StringIO()
    call_command(
        "early_signals",
        "--corporation",
        corporation.slug,
        "--as-of",
        as_of.isoformat(),
        "--json",
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("missing", "key"),
    [
        ({"contact": False}, "personal_contact"),
        ({"debt_help": False, "offer": False}, "debt_help"),
        ({"reminder": False, "offer": False}, "written_reminder"),
        ({"offer": False}, "data_sharing_offer"),
    ],
)
def test_a_tenant_without_one_precondition_is_never_signalled(corporation, as_of, missing, key):
    municipality(corporation)
    in_arrears(corporation, as_of, last_name="Compleet")
    in_arrears(corporation, as_of, last_name="Onvolledig", **missing)
    result = _run(corporation, as_of)
    assert result["eligible"] == 1
    assert result["signalled"] == 1
    assert result["blocked"][key] == 1
    signalled = list(Signal.objects.values_list("tenant__last_name", flat=True))
    assert signalled == ["Compleet"]


def test_an_objection_blocks_the_signal_from_the_portal_the_staff_and_a_call(corporation, as_of):
    municipality(corporation)
    party = in_arrears(corporation, as_of, last_name="Bezwaar")
    objection_register(tenant=party.tenant, source="portal", as_of=as_of, actor="portal")
    result = _run(corporation, as_of)
    assert result["eligible"] == 0
    assert result["blocked"]["objection"] == 1
    assert result["blocked"]["data_sharing_offer"] == 0
    assert not Signal.objects.exists()


def test_no_signal_to_a_municipality_that_did_not_agree(corporation, as_of):
    municipality(corporation, name="Zeist", agreed=False)
    in_arrears(corporation, as_of, last_name="Zeister", municipality_name="Zeist")
    in_arrears(corporation, as_of, last_name="Nergens", municipality_name="Bunnik")
    result = _run(corporation, as_of)
    assert result["blocked"]["municipality_not_agreed"] == 2
    assert result["municipalities"]["Zeist"] == {
        "agreed": False,
        "delivery": None,
        "signals": 0,
        "left_out": 1,
    }
    assert result["signalled"] == 0


def test_evidence_from_before_the_arrears_began_proves_nothing(corporation, as_of):
    municipality(corporation)
    party = in_arrears(corporation, as_of, last_name="Oud", contact=False)
    call_done(party, as_of - dt.timedelta(days=90))
    result = _run(corporation, as_of, "--dry-run")
    assert result["blocked"]["personal_contact"] == 1


def test_the_objection_term_must_have_passed(corporation, as_of):
    municipality(corporation)
    party = in_arrears(corporation, as_of, last_name="Recent", offer=False, reminder=False, debt_help=False)
    sent(party, "herinnering-vriendelijk", as_of - dt.timedelta(days=5))
    result = _run(corporation, as_of, "--dry-run")
    assert result["blocked"]["data_sharing_offer"] == 1
    assert result["eligible"] == 0


def test_a_dry_run_writes_nothing(corporation, as_of):
    municipality(corporation)
    in_arrears(corporation, as_of, last_name="Droog")
    result = _run(corporation, as_of, "--dry-run")
    assert (result["eligible"], result["signalled"], result["batch"]) == (1, 0, None)
    assert not SignalBatch.objects.exists()


def test_release_checks_again_and_sends_each_municipality_its_file(corporation, as_of):
    municipality(corporation, delivery=Delivery.EMAIL)
    municipality(corporation, name="Zeist", file_format="json")
    in_arrears(corporation, as_of, last_name="Utrechter")
    late = in_arrears(corporation, as_of, last_name="Laatbezwaar")
    in_arrears(corporation, as_of, last_name="Zeister", municipality_name="Zeist")
    prepared = batch_prepare(corporation=corporation, as_of=as_of, actor="test")
    assert prepared.signalled == 3
    # The tenant objects after the batch was prepared: the release leaves them out.
    objection_register(tenant=late.tenant, source="staff", as_of=as_of, actor="test")
    batch = batch_release(batch=SignalBatch.objects.get(), as_of=as_of, actor=UserFactory())
    assert batch.status == BatchStatus.RELEASED
    assert sorted(Signal.objects.values_list("tenant__last_name", flat=True)) == ["Utrechter", "Zeister"]
    assert [row["tenant"] for row in batch.left_out] == [late.tenant.display_name]
    utrecht, zeist = SignalFile.objects.order_by("municipality__name")
    assert utrecht.status == DeliveryStatus.SENT
    assert "Utrechter" in utrecht.content and "Laatbezwaar" not in utrecht.content
    assert utrecht.content.splitlines()[0].startswith(
        "ID;signaaldatum;ontstaansdatum;bedrag;signaalpartnerType"
    )
    assert "BSN" not in utrecht.content and "Burgerservicenummer" not in utrecht.content
    document = json.loads(zeist.content)
    assert document["vroegsignalen"][0]["client"]["Achternaam"] == "Zeister"
    assert document["vroegsignalen"][0]["bedrag"] == "1391.00"
    assert zeist.status == DeliveryStatus.READY
    (message,) = mail.outbox
    assert message.to == ["vroegsignalering@utrecht.example"]
    assert "/vroegsignalering/download/" in message.body and "Utrechter" not in message.body


def test_monthly_resignal_while_the_arrears_stay(corporation, as_of):
    municipality(corporation)
    in_arrears(corporation, as_of, last_name="Maandelijks")
    batch_release(
        batch=SignalBatch.objects.get(
            pk=batch_prepare(corporation=corporation, as_of=as_of, actor="t").batch_id
        ),
        as_of=as_of,
        actor="t",
    )
    same_month = _run(corporation, as_of + dt.timedelta(days=5), "--dry-run")
    next_month = _run(corporation, as_of + dt.timedelta(days=31), "--dry-run")
    assert (same_month["eligible"], next_month["eligible"]) == (0, 1)


def test_an_empty_batch_is_not_released(corporation, as_of):
    municipality(corporation)
    batch_prepare(corporation=corporation, as_of=as_of, actor="t")
    with pytest.raises(ApplicationError, match="niemand om te melden"):
        batch_release(batch=SignalBatch.objects.get(), as_of=as_of, actor="t")
    assert SignalBatch.objects.get().status == BatchStatus.DRAFT


def test_only_the_tenant_with_all_four_preconditions_is_signalled(corporation, as_of):
    """Every combination of the four facts, each from its own template; the offer is a written reminder."""
    SignalPolicy.objects.create(
        corporation=corporation,
        debt_help_templates=["alleen-schuldhulp"],
        reminder_templates=["alleen-herinnering"],
        offer_templates=["alleen-aanbod"],
    )
    municipality(corporation)
    combinations = [
        combo for combo in itertools.product((False, True), repeat=4) if not (combo[3] and not combo[2])
    ]
    for contact, debt_help, reminder, offer in combinations:
        name = "".join("x" if fact else "o" for fact in (contact, debt_help, reminder, offer))
        party = in_arrears(
            corporation, as_of, last_name=name, contact=contact, debt_help=False, reminder=False, offer=False
        )
        day = as_of - dt.timedelta(days=40)
        if debt_help:
            sent(party, "alleen-schuldhulp", day, channel="sms")
        if offer:
            sent(party, "alleen-aanbod", day)
        elif reminder:
            sent(party, "alleen-herinnering", day)
    result = _run(corporation, as_of)
    assert Signal.objects.get().tenant.last_name == "xxxx"
    assert result["eligible"] == result["signalled"] == 1
    missing = [sum(not combo[index] for combo in combinations) for index in range(4)]
    blocked = result["blocked"]
    assert [
        blocked["personal_contact"],
        blocked["debt_help"],
        blocked["written_reminder"],
        blocked["data_sharing_offer"],
    ] == missing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--corporation", "bestaat-niet"], "no corporation with slug 'bestaat-niet'"),
        (["--corporation", "ws-signalen", "--as-of", "16-03-2026"], "is not a date written YYYY-MM-DD"),
    ],
)
def test_the_command_refuses_bad_input(corporation, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("early_signals", *args, stdout=StringIO())
    assert not SignalBatch.objects.exists()
