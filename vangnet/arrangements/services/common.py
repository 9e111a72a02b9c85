"""Small pieces the arrangement, promise and claim services share: checks, the tenant to tell, the notice."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import get_language, gettext

from vangnet.core.errors import ApplicationError
from vangnet.core.language import written_date
from vangnet.core.models import User
from vangnet.flows.holds import holds_sync
from vangnet.ledger.models import Contract
from vangnet.messaging.notices import notice_send
from vangnet.tenants.models import Tenant

CENT = Decimal("0.01")


def money_checked(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value != value.quantize(CENT):
        raise ApplicationError(gettext("Vul een bedrag in euro's en centen in."), extra={"field": field})
    if value <= 0:
        raise ApplicationError(gettext("Het bedrag moet meer dan € 0 zijn."), extra={"field": field})
    return value


def check_start(start_date: date, as_of: date, within: relativedelta) -> None:
    if start_date < as_of:
        raise ApplicationError(
            gettext("De eerste termijn kan niet in het verleden liggen."), extra={"field": "start_date"}
        )
    if start_date > as_of + within:
        raise ApplicationError(
            gettext("De eerste termijn moet uiterlijk op %(date)s zijn.")
            % {"date": written_date(as_of + within, get_language())},
            extra={"field": "start_date"},
        )


def notify_after_commit(
    tenant: Tenant | None, contract: Contract, template_code: str, as_of: date, actor: User | str
) -> None:
    if tenant is None:
        return
    transaction.on_commit(
        lambda: notice_send(
            tenant=tenant, contract=contract, template_code=template_code, as_of=as_of, actor=actor
        )
    )


def flow_follows(contract: Contract, as_of: date, actor: User | str) -> None:
    """An arrangement that starts or stops changes what is owed now: the contract's flow holds or resumes
    at once, and what the dunning planned on the old facts is withdrawn (flows/withdrawals.py)."""
    holds_sync(corporation=contract.corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor)
