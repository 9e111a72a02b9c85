"""Uploads are capped per kind before Django reads them: a worker never spools an oversized body."""

import pytest
from django.test import Client

from tests.backoffice.conftest import make_staff
from vangnet.bank.models import BankStatementImport
from vangnet.core.request_size import MB, upload_kind

pytestmark = pytest.mark.django_db


class NeverRead:
    """A body that fails the test if anything reads it: the cap must answer from the header alone."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _post(client: Client, path: str, length: int, **extra):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": NeverRead(), **extra},
    )


def test_each_page_that_takes_a_file_has_its_kind():
    assert upload_kind("/portaal/contract/7/bezwaar/") == "attachment"
    assert upload_kind("/bank/") == "statement"
    assert upload_kind("/api/v1/imports") == "import"
    assert upload_kind("/portaal/gegevens/") == "default"


def test_an_oversized_statement_is_refused_unread_with_a_clear_message():
    staff = make_staff("Woonstad Utrecht", "woonstad", "Bakker", "3511 AB", "HO-1001", "1000000000000012")
    response = _post(staff.client, "/bank/", 21 * MB)
    assert response.status_code == 413
    assert response.content.decode() == "Het bankafschrift is te groot. Een bestand mag hoogstens 20 MB zijn."
    assert not BankStatementImport.objects.exists()


def test_an_oversized_attachment_on_the_portal_is_refused_unread():
    response = _post(Client(), "/portaal/contract/1/bezwaar/", 12 * MB)
    assert response.status_code == 413
    assert "Een bijlage mag hoogstens 10 MB zijn." in response.content.decode()


def test_a_large_form_anywhere_else_is_refused_and_the_api_answers_json():
    assert _post(Client(), "/portaal/gegevens/", 3 * MB).status_code == 413
    api = _post(Client(), "/api/v1/tenants", 3 * MB)
    assert api.status_code == 413
    assert api.json() == {"detail": "Wat u stuurt is te groot: hoogstens 2 MB."}


def test_an_import_may_be_large_and_is_capped_by_its_own_setting(settings):
    settings.VANGNET_REQUEST_SIZE_MB = {**settings.VANGNET_REQUEST_SIZE_MB, "import": 1}
    response = _post(Client(), "/api/v1/imports", 3 * MB)
    assert response.status_code == 413
    assert response.json() == {"detail": "Wat u stuurt is te groot: hoogstens 1 MB."}
