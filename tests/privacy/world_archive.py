"""The retention world's campaign data, pay links and hand-over exports: per kind one row past its period
and one within it (or still running)."""

import datetime as dt
from decimal import Decimal

from tests.world import World
from vangnet.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    CampaignTarget,
    ContactChange,
    SurveyAnswer,
)
from vangnet.core import clock
from vangnet.handovers.models import Agency, AgencyKind, HandoverExport, HandoverExportFile
from vangnet.payments.models import (
    Payment,
    PaymentPurpose,
    PaymentRequest,
    PaymentRequestStatus,
    PaymentStatus,
)

YEARS_8 = dt.timedelta(days=8 * 365)
YEARS_3 = dt.timedelta(days=3 * 365)
MONTH_1 = dt.timedelta(days=30)


def _back(model, pk: int, **fields) -> None:
    model.objects.filter(pk=pk).update(**fields)


def campaigns_pay_links_and_exports(world: World, *, old: dict[str, object], kept: dict[str, object]) -> None:
    _campaigns(world, old, kept)
    _pay_links(world, old, kept)
    _handover_exports(world, old, kept)


def _campaigns(world: World, old: dict[str, object], kept: dict[str, object]) -> None:
    """A campaign finished three years ago goes with its targets; one finished last month stays, and so does
    a running one; survey answers and replaced contact data go by their own day."""
    today = clock.today()
    for key, status, finished in (
        ("old", CampaignStatus.FINISHED, today - YEARS_3),
        ("kept", CampaignStatus.FINISHED, today - MONTH_1),
        ("running", CampaignStatus.RUNNING, None),
    ):
        campaign = Campaign.objects.create(
            corporation=world.corporation,
            name=f"Campagne {key}",
            kind=CampaignKind.SURVEY,
            status=status,
            channels=["email"],
            template_code="campagne-enquete",
            starts_on=today - YEARS_8,
            deadline=today - YEARS_8 + MONTH_1,
            created_by="Kim",
            finished_on=finished,
        )
        target = CampaignTarget.objects.create(
            corporation=world.corporation,
            campaign=campaign,
            tenant=world.tenant,
            code=f"ABCD{key[:4].upper()}",
        )
        (old if key == "old" else kept)[f"campaign target {key}"] = target
    for key, day in (("old", today - YEARS_3), ("kept", today - MONTH_1)):
        target = old if key == "old" else kept
        target[f"survey answer {key}"] = SurveyAnswer.objects.create(
            corporation=world.corporation, tenant=world.tenant, score=7, comment="Prima", answered_on=day
        )
        target[f"contact change {key}"] = ContactChange.objects.create(
            corporation=world.corporation,
            tenant=world.tenant,
            field="email",
            old_value="oud@example.nl",
            new_value="nieuw@example.nl",
            changed_on=day,
        )


def _pay_links(world: World, old: dict[str, object], kept: dict[str, object]) -> None:
    """A paid pay link of three years ago goes with its attempt; a recent one and an old one that is still
    open and valid stay (the booking of the payment stays on the ledger either way)."""
    now = clock.now()
    for key, status, made, expires in (
        ("old", PaymentRequestStatus.PAID, now - YEARS_3, now - YEARS_3 + MONTH_1),
        ("kept", PaymentRequestStatus.EXPIRED, now - MONTH_1, now - dt.timedelta(days=2)),
        ("open", PaymentRequestStatus.OPEN, now - YEARS_3, now + MONTH_1),
    ):
        request = PaymentRequest.objects.create(
            corporation=world.corporation,
            contract=world.contract,
            amount=Decimal("100.00"),
            purpose=PaymentPurpose.OPEN_BALANCE,
            token=f"token-{key}",
            status=status,
            expires_at=expires,
        )
        _back(PaymentRequest, request.pk, created_at=made)
        attempt = Payment.objects.create(
            corporation=world.corporation,
            request=request,
            provider="sandbox",
            amount=Decimal("100.00"),
            status=PaymentStatus.PAID if key == "old" else PaymentStatus.EXPIRED,
        )
        target = old if key == "old" else kept
        target[f"pay link {key}"] = request
        target[f"payment attempt {key}"] = attempt


def _handover_exports(world: World, old: dict[str, object], kept: dict[str, object]) -> None:
    now = clock.now()
    agency = Agency.objects.create(
        corporation=world.corporation,
        slug="incasso-noord",
        name="Incasso Noord B.V.",
        kind=AgencyKind.COLLECTION_AGENCY,
    )
    for key, made in (("old", now - YEARS_8), ("kept", now - YEARS_3)):
        export = HandoverExport.objects.create(
            corporation=world.corporation,
            agency=agency,
            as_of=clock.today(),
            created_by="Kim",
            amount=Decimal("250.00"),
        )
        _back(HandoverExport, export.pk, created_at=made)
        file = HandoverExportFile.objects.create(
            corporation=world.corporation,
            export=export,
            name="overdracht.csv",
            content_type="text/csv",
            content=b"naam;bedrag\nJansen;250.00\n",
        )
        target = old if key == "old" else kept
        target[f"hand-over export {key}"] = export
        target[f"hand-over file {key}"] = file
