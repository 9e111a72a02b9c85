"""Every model of Vangnet is accounted for by the AVG: one that holds personal data is reached by the
retention job and by the art. 15 export, or says why not; the rest say why they hold none. A new model
that is not listed in vangnet/privacy/coverage.py fails here."""

import pytest
from django.apps import apps
from django.db import models

from tests.factories import CorporationFactory, TenantFactory
from vangnet.core import clock
from vangnet.privacy.coverage import NOT_PERSONAL, PERSONAL
from vangnet.privacy.export import tenant_data
from vangnet.privacy.retention import ANONYMISED, DELETED
from vangnet.tenants.models import Tenant


def _ours() -> dict[str, type[models.Model]]:
    return {
        model._meta.label: model for model in apps.get_models() if model.__module__.startswith("vangnet.")
    }


def test_every_model_is_listed_once():
    listed = set(PERSONAL) | set(NOT_PERSONAL)
    assert set(PERSONAL) & set(NOT_PERSONAL) == set()
    assert set(_ours()) - listed == set(), "list the new model in vangnet/privacy/coverage.py"
    assert listed - set(_ours()) == set()


def test_a_model_about_a_tenant_holds_personal_data():
    about_tenants = {
        label
        for label, model in _ours().items()
        if any(getattr(field, "related_model", None) is Tenant for field in model._meta.concrete_fields)
    }
    assert about_tenants - set(PERSONAL) == set()


def test_a_reason_is_a_sentence():
    reasons = [reason for reason in NOT_PERSONAL.values()]
    reasons += [reach for pair in PERSONAL.values() for reach in pair if isinstance(reach, str)]
    assert [reason for reason in reasons if len(reason.split()) < 2] == []


@pytest.mark.django_db
def test_the_keys_named_are_those_of_the_retention_report_and_the_export():
    tenant = TenantFactory(corporation=CorporationFactory())
    exported = set(tenant_data(tenant=tenant, now=clock.now()))
    reported = set(DELETED) | set(ANONYMISED)
    retention = {key for reach, _export in PERSONAL.values() if not isinstance(reach, str) for key in reach}
    export = {key for _reach, reach in PERSONAL.values() if not isinstance(reach, str) for key in reach}
    assert retention - reported == set()
    assert export - exported == set()
    # And every kind of the report and every section of the export belongs to a model listed.
    assert reported - retention - {"sessions"} == set()
    assert exported - export - {"export"} == set()
