"""The OpenAPI schema is valid, complete and served with its docs page from our own static files."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    # A subprocess, as a developer runs it: a warning anywhere fails the command.
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(tmp_path / "schema.yaml")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    assert schema["openapi"].startswith("3.")


@pytest.fixture
def schema(anon) -> dict:
    response = anon.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_documents_every_endpoint_of_the_issue(schema):
    operations = {
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    }
    assert {
        "GET /api/v1/articles/", "GET /api/v1/articles/{id}/", "POST /api/v1/articles/import/",
        "GET /api/v1/claims/", "POST /api/v1/claims/", "GET /api/v1/claims/{id}/",
        "PATCH /api/v1/claims/{id}/", "POST /api/v1/claims/{id}/confirm/",
        "POST /api/v1/claims/{id}/dismiss/", "POST /api/v1/claims/{id}/evidence/",
        "GET /api/v1/claimants/", "GET /api/v1/claimants/{id}/",
        "GET /api/v1/sources/", "GET /api/v1/sources/{id}/",
        "GET /api/v1/verdicts/", "GET /api/v1/verdicts/{id}/", "POST /api/v1/verdicts/",
        "POST /api/v1/verdicts/{id}/draft/", "POST /api/v1/verdicts/{id}/submit/",
        "POST /api/v1/verdicts/{id}/publish/", "POST /api/v1/verdicts/{id}/send-back/",
        "GET /api/v1/claimreview/", "GET /api/v1/export/claims.csv",
        # Four eyes after publication: removing a source, and the held changes.
        "DELETE /api/v1/claims/{id}/evidence/{evidence_id}/",
        "GET /api/v1/changes/", "GET /api/v1/changes/{id}/",
        "POST /api/v1/changes/{id}/approve/", "POST /api/v1/changes/{id}/reject/",
    } == operations  # fmt: skip


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "429"} <= codes, (method, path)
            if method != "get":
                assert {"400", "403"} <= codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            if method == "post" and path.startswith("/api/v1/verdicts/"):
                assert "409" in codes, (method, path)
            for code, response in operation["responses"].items():
                if code >= "400":
                    (media,) = response["content"].values()
                    assert media["schema"]["$ref"].rsplit("/", 1)[1] in {"Error", "Conflict"}


def test_lists_document_cursor_pagination(schema):
    page = schema["components"]["schemas"]["PaginatedClaimList"]
    assert set(page["properties"]) == {"next", "previous", "results"}
    params = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert params["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert {"cursor", "article", "kind", "claimant", "rating", "status", "q",
            "published_after", "published_before"} <= set(params)  # fmt: skip


def test_reviewer_only_fields_are_optional_in_the_schema(schema):
    claim = schema["components"]["schemas"]["Claim"]
    assert {"id", "url", "verdict", "evidence", "quantity", "via"} <= set(claim["required"])
    assert "origin" not in claim["required"]
    evidence = schema["components"]["schemas"]["Evidence"]
    assert "note" in evidence["properties"] and "note" not in evidence["required"]


def test_docs_page_uses_our_own_static_files(anon):
    response = anon.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # The page's own script is a file too (the content security policy runs no inline script).
    assert '<script src="/api/docs/?script="></script>' in html
    script = anon.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema"' in script.content.decode()


def test_public_reads_need_no_credentials_and_writes_do(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            anonymous = {} in operation["security"]
            # The export and the held changes are for reviewers only.
            reviewers = path.endswith(".csv") or path.startswith("/api/v1/changes/")
            public = method == "get" and not reviewers
            assert anonymous == public, (method, path)
            assert {"tokenAuth": []} in operation["security"]


def test_request_bodies_refuse_unknown_fields_and_429_names_retry_after(schema):
    request = schema["components"]["schemas"]["VerdictCreateRequest"]
    assert request["additionalProperties"] is False
    parts = schema["components"]["schemas"]["PartRequest"]
    assert parts["additionalProperties"] is False
    throttled = schema["paths"]["/api/v1/claims/"]["get"]["responses"]["429"]
    assert throttled["headers"]["Retry-After"]["required"] is True


def test_docs_page_references_no_other_host(anon):
    html = anon.get("/api/docs/").content.decode()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []


def test_attaching_evidence_documents_201_for_new_and_200_for_updated(schema):
    responses = schema["paths"]["/api/v1/claims/{id}/evidence/"]["post"]["responses"]
    assert {"200", "201"} <= set(responses)
    assert "already had this source" in responses["200"]["description"]


def test_lists_read_as_rows_are_documented_as_before(schema):
    """The list endpoints write their items from rows (claims.api.rows), not through
    their serializers; the schema still documents those serializers, unchanged.

    list_operations.json is the five list operations and their page components as the
    serializers documented them. After changing a list on purpose, rewrite it from
    ``manage.py spectacular --format openapi-json``.
    """
    expected = json.loads((Path(__file__).parent / "list_operations.json").read_text())
    lists = {path: {"get": schema["paths"][path]["get"]} for path in expected["paths"]}
    assert lists == expected["paths"]
    components = schema["components"]["schemas"]
    assert {name: components[name] for name in expected["components"]} == expected["components"]
