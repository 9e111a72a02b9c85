import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints():
    response = Client().get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {**schema["info"], "title": "Vangnet API", "version": "1"}
    paths = schema["paths"]
    assert set(paths["/api/v1/imports"]) == {"get", "post"}
    assert "post" in paths["/api/v1/imports/rows"]
    assert "get" in paths["/api/v1/imports/{run_id}"]
    assert "get" in paths["/api/v1/tenants/{source_id}"]
    assert "get" in paths["/api/v1/contracts/{source_id}"]
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {"type": "http", "scheme": "bearer"}
    # The ERP's key everywhere, except under /contractor/, where only a contractor's own key (vk-...) works.
    erp = {name: path for name, path in paths.items() if not name.startswith("/api/v1/contractor/")}
    assert all(op.get("security") == [{"ApiKeyAuth": []}] for path in erp.values() for op in path.values())
    contractor = {name: path for name, path in paths.items() if name.startswith("/api/v1/contractor/")}
    assert set(contractor) == {
        "/api/v1/contractor/work-orders",
        "/api/v1/contractor/work-orders/{number}",
        "/api/v1/contractor/work-orders/{number}/slots",
        "/api/v1/contractor/work-orders/{number}/slot",
        "/api/v1/contractor/work-orders/{number}/done",
    }
    assert all(
        op.get("security") == [{"ContractorKeyAuth": []}]
        for path in contractor.values()
        for op in path.values()
    )
    assert schema["components"]["securitySchemes"]["ContractorKeyAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_amounts_are_documented_as_strings():
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    rent = schemas["ContractOut"]["properties"]["monthly_rent"]
    assert rent["type"] == "string"
    assert "pattern" in rent


def test_docs_page_is_served_without_a_key():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content


def test_docs_page_loads_its_assets_from_this_server():
    # No CDN (DESIGN.md, and the CSP allows only 'self'): ninja serves Swagger UI from its own static files
    # only when "ninja" is in INSTALLED_APPS; otherwise it falls back to jsdelivr.
    client = Client()
    html = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
