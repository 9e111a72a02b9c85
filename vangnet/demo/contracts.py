"""The demo's contract processes, cheaply: one letting waiting for the candidate's signature (a new home
offered by the allocation system), one the candidate signed this morning (the sealed contract on the new
tenant's card and in their art. 15 ZIP), a house swap of two tenants, one of whom still has to confirm, a
tenant who switched to direct debit with a signed mandate that the ERP has not processed yet, a service
subscription taken in the portal (besides those the ERP's delivery lists), and a tenaamstelling after a divorce waiting for the ex-partner's consent."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q, Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from vangnet.contracts.models import (
    CodePurpose,
    CoTenantChange,
    Letting,
    PaymentMethodChange,
    ServiceSubscription,
    Swap,
    SwapParty,
)
from vangnet.contracts.services.co_tenant import co_tenant_request
from vangnet.contracts.services.letting import letting_create, letting_sign
from vangnet.contracts.services.payment_method import payment_method_change
from vangnet.contracts.services.subscription import subscription_change
from vangnet.contracts.services.swap import swap_confirm, swap_start
from vangnet.contracts.signing import code_issue
from vangnet.core.models import Corporation
from vangnet.ledger.importing.schema import LETTING_PREFIX
from vangnet.ledger.models import Contract, ContractRole, ContractTenant, EntryKind, PaymentMethod, Unit

ACTOR = "demo"


def demo_contracts_open(*, corporation: Corporation, as_of: dt.date) -> int:
    """Returns how many were made (0 when the demo has them already)."""
    made = 0
    with scopes_disabled():
        if not Letting.objects.filter(corporation=corporation).exists():
            # A home the ERP lists whose last tenant has left: the allocation system lets it again. The
            # demo invents no home of its own, so re-sending the ERP's files changes nothing.
            homes = list(
                Unit.objects.filter(corporation=corporation)
                .exclude(Q(contracts__end_date__isnull=True) | Q(contracts__end_date__gte=as_of))
                .order_by("source_id")[:2]
            )
            if not homes:
                return made
            vacant = homes[0]
            letting_create(
                corporation=corporation,
                reference="WRV-DEMO-0001",
                person={
                    "id": "WRV-P-0001",
                    "first_name": "Sanne",
                    "last_name": "Jansen",
                    "email": "sanne.jansen@kandidaat.example",
                },
                unit_id=vacant.source_id,
                start_date=as_of + dt.timedelta(days=30),
                rent=Decimal("712.40"),
                service_costs=Decimal("35.00"),
                deposit=Decimal("750.00"),
                as_of=as_of,
                actor=ACTOR,
            )
            made += 1
            if len(homes) > 1:
                _signed(corporation, homes[1], as_of)
                made += 1
        if not Swap.objects.filter(corporation=corporation).exists():
            made += _swap(corporation, as_of)
        if not PaymentMethodChange.objects.filter(corporation=corporation).exists():
            made += _direct_debit(corporation, as_of)
        # Taken in the portal (a case), besides the ones the ERP's delivery lists (service_subscriptions.csv).
        if not ServiceSubscription.objects.filter(corporation=corporation, case__isnull=False).exists():
            made += _subscription(corporation, as_of)
        if not CoTenantChange.objects.filter(corporation=corporation).exists():
            made += _divorce(corporation, as_of)
    return made


def _subscription(corporation: Corporation, as_of: dt.date) -> int:
    main = (
        ContractTenant.objects.filter(
            corporation=corporation,
            role=ContractRole.MAIN,
            contract__end_date__isnull=True,
            tenant__kind="person",
        )
        .exclude(contract__source_id__startswith=LETTING_PREFIX)
        .exclude(
            contract__in=ServiceSubscription.objects.filter(
                corporation=corporation, end_date__isnull=True
            ).values("contract")
        )
        .select_related("tenant", "contract")
        .order_by("-contract__source_id")
        .first()
    )
    if main is None:
        return 0
    subscription_change(contract=main.contract, tenant=main.tenant, plan="basis", as_of=as_of, actor=ACTOR)
    return 1


# A decree as the tenant would scan it: the smallest valid PDF will do for the demo's timeline.
DECREE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _divorce(corporation: Corporation, as_of: dt.date) -> int:
    """The main tenant of a contract with a co-tenant asks to remove them after a divorce."""
    co = (
        ContractTenant.objects.filter(
            corporation=corporation,
            role=ContractRole.CO,
            contract__end_date__isnull=True,
            tenant__kind="person",
        )
        .select_related("tenant", "contract")
        .order_by("contract__source_id")
        .first()
    )
    if co is None:
        return 0
    main = (
        ContractTenant.objects.filter(contract=co.contract, role=ContractRole.MAIN)
        .select_related("tenant")
        .first()
    )
    if main is None:
        return 0
    co_tenant_request(
        tenant=main.tenant,
        contract=co.contract,
        reason="scheiding",
        leaving=co.tenant,
        documents={"scheiding": SimpleUploadedFile("echtscheidingsbeschikking.pdf", DECREE)},
        as_of=as_of,
    )
    return 1


def _direct_debit(corporation: Corporation, as_of: dt.date) -> int:
    """A tenant who pays by transfer, without returned debits, signs a mandate in the portal (the code as
    the portal sends it, taken here from the service instead of the e-mail)."""
    swapping = SwapParty.objects.filter(corporation=corporation).values("contract_id")
    contract = (
        Contract.objects.filter(
            corporation=corporation,
            end_date__isnull=True,
            payment_method=PaymentMethod.TRANSFER,
            parties__role=ContractRole.MAIN,
            parties__tenant__kind="person",
        )
        .exclude(pk__in=swapping)
        .exclude(source_id__startswith=LETTING_PREFIX)
        .exclude(entries__kind=EntryKind.REVERSAL)
        .select_related("unit", "corporation")
        .order_by("source_id")
        .first()
    )
    if contract is None:
        return 0
    main = ContractTenant.objects.select_related("tenant").get(contract=contract, role=ContractRole.MAIN)
    tenant = main.tenant
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(9, 30)))
    _row, code = code_issue(
        tenant=tenant, purpose=CodePurpose.MANDATE, subject_id=contract.pk, channel="email", now=now
    )
    payment_method_change(
        contract=contract,
        tenant=tenant,
        method=PaymentMethod.DIRECT_DEBIT,
        iban="NL44RABO0123456789",
        account_holder=tenant.display_name[:70],
        collection_day=5,
        code=code,
        name=f"{tenant.first_name} {tenant.name_prefix} {tenant.last_name}",
        now=now,
    )
    return 1


def _signed(corporation: Corporation, home: Unit, as_of: dt.date) -> None:
    """A candidate who signed this morning: the code they typed is the one the e-mail would have held."""
    letting = letting_create(
        corporation=corporation,
        reference="WRV-DEMO-0002",
        person={
            "id": "WRV-P-0002",
            "first_name": "Daan",
            "last_name": "Mulder",
            "email": "daan.mulder@kandidaat.example",
        },
        unit_id=home.source_id,
        start_date=as_of + dt.timedelta(days=14),
        rent=Decimal("689.10"),
        service_costs=Decimal("42.50"),
        deposit=Decimal("700.00"),
        as_of=as_of,
        actor=ACTOR,
    )
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(9, 40)))
    _row, code = code_issue(
        tenant=letting.tenant, purpose=CodePurpose.LETTING, subject_id=letting.pk, channel="email", now=now
    )
    letting_sign(letting=letting, tenant=letting.tenant, code=code, name="Daan Mulder", now=now)


def _swap(corporation: Corporation, as_of: dt.date) -> int:
    """Two tenants of long standing without arrears want to swap; the first has confirmed in the portal."""
    settled = (
        Contract.objects.filter(
            corporation=corporation,
            end_date__isnull=True,
            start_date__lte=as_of.replace(year=as_of.year - 2),
        )
        .annotate(balance=Sum("entries__amount"))
        .filter(Q(balance__lte=0) | Q(balance__isnull=True))
        .order_by("source_id")
        .values_list("pk", flat=True)[:2]
    )
    mains = list(
        ContractTenant.objects.filter(contract_id__in=list(settled), role=ContractRole.MAIN)
        .select_related("tenant", "contract")
        .order_by("contract__source_id")
    )
    if len({main.contract_id for main in mains}) < 2:
        return 0
    first, second = mains[0], next(m for m in mains if m.contract_id != mains[0].contract_id)
    swap = swap_start(
        parties=[(first.tenant, first.contract, 2), (second.tenant, second.contract, None)],
        as_of=as_of,
        actor=ACTOR,
    )
    swap_confirm(
        swap=swap, tenant=first.tenant, now=timezone.make_aware(dt.datetime.combine(as_of, dt.time(10)))
    )
    return 1
