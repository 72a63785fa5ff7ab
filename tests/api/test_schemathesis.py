"""Schema-driven fuzzing of every API operation with schemathesis, in process.

Requests go through the real WSGI application (middleware, authentication,
throttling, the exception handler) inside the test's transaction. For each
operation a fixed number of valid and invalid requests are generated from the
served OpenAPI schema with a fixed seed; each response must be no server
error, have a documented status code and content type, and match the
documented schema for that status.

Schemathesis also draws on constants in the application's code and on the
responses it gets, so the exact requests can shift a little with the ids in
the database; a failure prints a curl command that reproduces it.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import Verdict
from tests.factories import EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _operations() -> list[tuple[str, str]]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted((path, method.upper()) for path, item in paths.items() for method in item)


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def wsgi_app():
    """The production WSGI application, kept on the test's database connection.

    Django closes "old" connections when a request starts and finishes; inside
    a test transaction that would drop the test's data, so (as Django's own
    test client does) the handlers are disconnected while fuzzing.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


@pytest.fixture
def credentials(world, reviewer, editor, other_editor) -> list[dict[str, str]]:
    """Anonymous, a bad token, a reviewer and two editors; plus work for an editor to publish."""
    submitted = VerdictFactory(
        claim=world.draft_claim, author=reviewer, status=Verdict.Status.SUBMITTED
    )
    EvidenceFactory(claim=submitted.claim)
    world.draft.delete()

    def header(user) -> dict[str, str]:
        return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}

    bogus = {"Authorization": "Token 0000000000000000000000000000000000000000"}
    # Hypothesis favours the first entries: the callers that get past authentication.
    return [header(editor), header(reviewer), header(other_editor), {}, bogus]


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_has_no_server_errors_and_matches_its_schema(
    api_schema, wsgi_app, credentials, world, path, method
):
    operation = api_schema[path][method]
    # Real ids too, so requests reach the object, not only the 404 path.
    known = {"id": [world.published.pk, world.draft_claim.pk, world.verdict.pk]}
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if "{id}" in path:
            strategies += [
                operation.as_strategy(generation_mode=mode, path_parameters={"id": pk})
                for pk in known["id"]
            ]

    @given(case=st.one_of(strategies), who=st.sampled_from(credentials))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case, who):
        # The schema's security scheme makes schemathesis invent an Authorization
        # header; replace it with one of the real callers.
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        case.headers = {**headers, **who}
        case.call_and_validate(checks=CHECKS)

    fuzz()
