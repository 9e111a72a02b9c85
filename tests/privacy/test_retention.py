"""The nightly retention job: per kind, what passed its period is gone (files on disk too) and what is
within it stays; departed tenants whose balance is settled are anonymised once; each corporation's own
periods hold; the command prints what it did."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from tests.factories import CorporationFactory
from tests.privacy.world import Retained
from vangnet.core import clock
from vangnet.core.models import AuditEntry, RetentionPolicy
from vangnet.daily.tasks import retention_task
from vangnet.earlysignal.models import ContactAttempt
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.privacy import retention_cases
from vangnet.privacy.retention import retention_apply
from vangnet.tenants.models import PortalVisit, Tenant, TenantDocument, TenantNote

pytestmark = pytest.mark.django_db


def _exists(row) -> bool:
    return type(row).objects.filter(pk=row.pk).exists()


def test_what_passed_its_period_is_gone_and_the_rest_stays(retained: Retained):
    report = retention_apply(now=clock.now(), actor="retention")

    gone = {label for label, row in retained.old.items() if _exists(row) and label != "departed tenant"}
    assert gone == set()
    kept = {label for label, row in retained.kept.items() if not _exists(row)}
    assert kept == set()
    assert [path for path in retained.files_gone if path.exists()] == []
    assert [path for path in retained.files_kept if not path.exists()] == []
    assert report["deleted"] == {
        "portal_access_log": 1,
        "access_throttle": 0,
        "sessions": 0,
        "closed_dossiers": 1,
        "messages": 2,
        "contact_attempts": 1,
        "call_notes": 1,
        "contacts": 1,
        "dispute_attachments": 1,
        "circumstances": 1,
        "budget_checks": 1,
        "contact_changes": 1,
        "survey_answers": 1,
        "campaign_targets": 1,
        "payments": 1,
        "payment_requests": 1,
        "handover_exports": 1,
        **dict.fromkeys(retention_cases.DELETED, 0),
    }
    assert report["files_removed"] == {
        "letters": 2,
        "dispute_attachments": 1,
        "tenant_documents": 1,
        "signed_contracts": 0,
        "case_files": 0,
    }
    assert report["anonymised"]["tenants"] == 1
    assert report["anonymised"]["portal_visits"] == 1


def test_a_departed_tenant_is_anonymised_and_the_ledger_stays(retained: Retained):
    tenant = retained.old["departed tenant"]
    assert isinstance(tenant, Tenant)
    contract = Contract.objects.get(parties__tenant=tenant)
    ledger = list(LedgerEntry.objects.filter(contract=contract).values_list("amount", flat=True))

    retention_apply(now=clock.now(), actor="retention")

    tenant.refresh_from_db()
    assert tenant.display_name == "Geanonimiseerd"
    assert (tenant.first_name, tenant.email, tenant.birth_date, tenant.street, tenant.postcode) == (
        "",
        "",
        None,
        "",
        "",
    )
    assert tenant.anonymised_at is not None
    assert not TenantNote.objects.filter(tenant=tenant).exists()
    assert not TenantDocument.objects.filter(tenant=tenant).exists()
    assert not PortalVisit.objects.filter(tenant=tenant).exists()  # the days of their sign-ins go too
    contract.refresh_from_db()
    assert (contract.debit_iban, contract.mandate_id) == ("", "")
    assert list(LedgerEntry.objects.filter(contract=contract).values_list("amount", flat=True)) == ledger
    # Still owing, or gone too recently: untouched.
    for label in ("departed owing", "departed recently"):
        kept = Tenant.objects.get(pk=retained.kept[label].pk)  # type: ignore[attr-defined]
        assert kept.anonymised_at is None and kept.birth_date == dt.date(1970, 5, 1)

    again = retention_apply(now=clock.now(), actor="retention")
    assert again["anonymised"]["tenants"] == 0
    assert not any(again["deleted"].values())


def test_each_corporation_keeps_its_own_periods(retained: Retained):
    corporation = retained.world.corporation
    RetentionPolicy.objects.create(corporation=corporation, contact_notes=20)
    other = CorporationFactory(slug="thuisbest")
    tenant = retained.world.tenant
    thuisbest_tenant = Tenant.objects.create(corporation=other, source_id="T-9", last_name="Jansen")
    for owner, person in ((corporation, tenant), (other, thuisbest_tenant)):
        ContactAttempt.objects.create(
            corporation=owner,
            tenant=person,
            method="phone",
            happened_on=clock.today() - dt.timedelta(days=25),
            author="Kim",
        )

    retention_apply(now=clock.now(), actor="retention")

    # Woonstad keeps contact notes 20 days; Thuisbest has the sector's two years.
    assert list(ContactAttempt.objects.values_list("corporation__slug", flat=True)) == ["thuisbest"]


def test_a_dry_run_changes_nothing_and_the_command_prints_json(retained: Retained, capsys):
    call_command("retention", dry_run=True, json=True)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["dry_run"] is True
    assert printed["deleted"]["closed_dossiers"] == 1
    assert printed["deleted"]["messages"] == 2
    assert printed["deleted"]["campaign_targets"] == 1
    assert printed["deleted"]["payment_requests"] == 1
    assert printed["deleted"]["handover_exports"] == 1
    assert printed["anonymised"]["tenants"] == 1
    assert all(_exists(row) for row in retained.old.values())
    assert all(path.exists() for path in retained.files_gone)

    call_command("retention", json=True)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(printed) == {"dry_run", "deleted", "anonymised", "files_removed"}
    assert printed["deleted"]["dispute_attachments"] == 1
    assert printed["files_removed"]["letters"] == 2
    entry = AuditEntry.objects.get(action="retention.applied", corporation=retained.world.corporation)
    assert entry.data["deleted"]["closed_dossiers"] == 1
    assert entry.data["anonymised"]["tenants"] == 1
    assert entry.data["files_removed"] == {
        "letters": 2,
        "dispute_attachments": 1,
        "tenant_documents": 1,
        "signed_contracts": 0,
        "case_files": 0,
    }
    assert (
        AuditEntry.objects.get(action="retention.applied", corporation=None).data["files_removed"]["letters"]
        == 2
    )


def test_the_nightly_task_applies_the_policy(retained: Retained):
    report = retention_task.delay().get()
    assert report["deleted"]["circumstances"] == 1
    assert not _exists(retained.old["circumstance old"])


def test_the_work_does_not_grow_with_the_rows(retained: Retained, django_assert_max_num_queries):
    with django_assert_max_num_queries(80):
        retention_apply(now=clock.now(), actor="retention")
