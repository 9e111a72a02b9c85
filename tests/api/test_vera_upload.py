"""The VERA path of the upload endpoint; the mapping itself is tested with the VERA reader."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.tenants.models import Tenant

pytestmark = pytest.mark.django_db

RELATIES = [
    {
        "id": "R100",
        "soort": {"code": "NAT"},
        "voorletters": "P.",
        "achternaam": "Visser",
        "rollen": [{"soort": {"code": "HUU"}}],
    }
]


def test_a_vera_file_is_imported(api_a):
    upload = SimpleUploadedFile("relaties.json", json.dumps(RELATIES).encode(), "application/json")

    response = api_a.post_files("/api/v1/imports", {"files": [upload], "format": "vera"})

    assert response.status_code == 201, response.content
    assert response.json()["source_format"] == "vera"
    assert response.json()["counts"]["tenants"]["created"] == 1
    assert Tenant.objects.get(corporation=api_a.corporation).last_name == "Visser"


def test_an_unknown_vera_file_is_400_naming_it(api_a):
    upload = SimpleUploadedFile("huurders.json", b"[]", "application/json")

    response = api_a.post_files("/api/v1/imports", {"files": [upload], "format": "vera"})

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["file"] == "huurders.json"
    assert "relaties.json" in error["reason_en"]
