"""A refused dispute leaves nothing behind: no rows, no hold, no task, no event, no message, no file."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.disputes.conftest import PDF, day, make_world
from tests.factories import ContractFactory, LedgerEntryFactory
from vangnet.core.errors import ApplicationError
from vangnet.disputes.models import Dispute, DisputeAttachment
from vangnet.disputes.services import dispute_open
from vangnet.disputes.services import opening as hooks
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.messaging.models import OutgoingMessage
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.django_db


def _nothing_left(world, media: Path) -> None:
    assert not Dispute.objects.exists()
    assert not DisputeAttachment.objects.exists()
    assert not Hold.objects.filter(kind=HoldKind.DISPUTE).exists()
    assert not Task.objects.filter(kind=TaskKind.DISPUTE).exists()
    assert not OutboundEvent.objects.filter(type__startswith="dispute.").exists()
    assert not OutgoingMessage.objects.filter(template_code__startswith="geschil-").exists()
    assert Enrollment.objects.get(contract=world.contract).status == EnrollmentStatus.ACTIVE
    assert not [p for p in media.rglob("*") if p.is_file()]


def _open(world, **kwargs):
    arguments = {
        "contract": world.contract,
        "category": world.category("bedrag-klopt-niet"),
        "description": "Dit bedrag klopt niet.",
        "items": [world.item],
        "as_of": day(6),
        "actor": "test",
    } | kwargs
    return dispute_open(**arguments)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": "   "}, "Schrijf kort op"),
        ({"description": "x" * 2001}, "te lang"),
        ({"channel": "fax"}, "Onbekend kanaal"),
        ({"items": ["abc"]}, "Kies de posten"),
        ({"items": [10**9]}, "horen niet bij deze huurovereenkomst"),
        ({"channel": "portal"}, "hoort bij de huurder"),
    ],
)
def test_invalid_input_is_refused(world, _media, change, message):
    with pytest.raises(ApplicationError, match=message):
        _open(world, **change)
    _nothing_left(world, _media)


def test_a_bad_attachment_among_good_ones_refuses_everything(world, _media):
    files = [
        SimpleUploadedFile("goed.pdf", PDF),
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        SimpleUploadedFile("leeg.png", b""),
    ]
    with pytest.raises(
        ApplicationError,
        match=r"virus\.pdf kunnen we niet gebruiken\. Stuur een PDF, JPG of PNG\. leeg\.png is leeg\.",
    ) as refused:
        _open(world, attachments=files)
    assert refused.value.extra["attachments"] == [
        "virus.pdf kunnen we niet gebruiken. Stuur een PDF, JPG of PNG.",
        "leeg.png is leeg.",
    ]
    _nothing_left(world, _media)


def test_a_failure_after_the_files_were_stored_removes_them(world, _media, monkeypatch):
    def broken(**kwargs):
        raise ApplicationError("Het bericht kon niet worden gemaakt.")

    monkeypatch.setattr(hooks, "tenant_notice", broken)
    with pytest.raises(ApplicationError, match="Het bericht kon niet"):
        _open(world, attachments=[SimpleUploadedFile("goed.pdf", PDF)])
    _nothing_left(world, _media)


def test_items_and_categories_of_another_corporation_or_contract_are_refused(world, _media):
    other = make_world()
    with pytest.raises(ApplicationError, match="horen niet bij"):
        _open(world, items=[other.item])
    with pytest.raises(ApplicationError, match="Kies een soort geschil"):
        _open(world, category=other.category("bedrag-klopt-niet"))
    neighbour_item = LedgerEntryFactory(contract=ContractFactory(corporation=world.corporation))
    with pytest.raises(ApplicationError, match="horen niet bij"):
        _open(world, items=[neighbour_item.pk])
    with pytest.raises(ApplicationError, match="hoort niet bij deze huurovereenkomst"):
        _open(world, tenant=other.contract.tenants.get())
    _nothing_left(world, _media)


def test_inactive_or_hidden_categories_are_refused(world, _media):
    hidden = world.category("servicekosten")
    hidden.tenant_visible = False
    hidden.save()
    with pytest.raises(ApplicationError, match="Kies een soort geschil"):
        _open(world, category=hidden, channel="portal", tenant=world.contract.tenants.get())
    inactive = world.category("anders")
    inactive.active = False
    inactive.save()
    with pytest.raises(ApplicationError, match="Kies een soort geschil"):
        _open(world, category=inactive)
    _nothing_left(world, _media)
