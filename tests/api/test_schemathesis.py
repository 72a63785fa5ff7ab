"""Schema-driven fuzzing of every API operation with schemathesis, in process.

Requests go through the real WSGI application (middleware, authentication,
throttling, the exception handler) inside the test's transaction. For each
operation:

1. one hand-written valid request (the happy path) must succeed with a 2xx
   and pass every check, so each operation's success response is checked
   against the schema, writes included;
2. a fixed number of valid and invalid requests are generated from the
   served OpenAPI schema with a fixed seed, sent by anonymous callers, a bad
   token, a reviewer and two editors. Valid bodies are often given real ids
   and the verdict's current version, so generated writes get past the
   lookups and reach the services instead of stopping at "no such claim".

Every response must be no server error, have a documented status code,
content type and headers, match the documented schema for that status (with
no undocumented fields: the schema is made strict for the test), and invalid
input must be refused. The test also fails when an operation was not really
exercised: too few requests, or authenticated requests that never got past
authentication and permissions.

Schemathesis also draws on constants in the application's code and on the
responses it gets, so the exact requests can shift a little with the ids in
the database; a failure prints a curl command that reproduces it.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

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
    CHECKS as REGISTERED_CHECKS,
)
from schemathesis.checks import (
    allow_header_conformance,
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    object_level_authorization,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from claims import services
from claims.models import Verdict
from tests.factories import ClaimFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20
# Every check schemathesis has but positive-data acceptance, which would call "a
# generated request that looks valid was refused" a failure: generated ids name no
# real claim, and a write the services rightly refuse (a second verdict, publishing
# one's own) is correct. The happy paths below are the positive cases.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    use_after_free,
    ensure_resource_availability,
    ignored_auth,
    object_level_authorization,
]


def test_every_check_but_positive_data_acceptance_runs():
    names = {check.__name__ for check in CHECKS}
    assert set(REGISTERED_CHECKS.get_all_names()) - names == {"positive_data_acceptance"}


def _operations() -> list[tuple[str, str]]:
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted((path, method.upper()) for path, item in paths.items() for method in item)


OPERATIONS = _operations()


def strict_responses(schema: dict) -> dict:
    """The schema, with every documented object closed to undocumented properties.

    Only for checking responses: the served schema leaves response objects open
    so that clients keep working when a field is added.
    """
    strict = copy.deepcopy(schema)
    for component in strict["components"]["schemas"].values():
        if component.get("type") == "object" and "properties" in component:
            component.setdefault("additionalProperties", False)
    return strict


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
    served = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    loaded = schemathesis.openapi.from_dict(strict_responses(served.raw_schema))
    loaded.app = wsgi_app
    return loaded


def header(user) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@dataclass
class Fuzz:
    callers: dict[str, dict[str, str]]
    ids: dict[str, list[int]]  # real ids per resource, for path parameters and bodies
    valid: dict[str, tuple]  # "METHOD path" -> (caller, path id, query, body, status)
    statuses: Counter = field(default_factory=Counter)


@pytest.fixture
def fuzz_world(world, reviewer, editor, other_editor) -> Fuzz:
    """Anonymous, a bad token, a reviewer and two editors, and work for each of them."""
    # A submitted verdict with a source, for an editor to publish.
    world.draft.delete()
    ready = VerdictFactory(claim=world.draft_claim, author=reviewer, status="submitted")
    EvidenceFactory(claim=ready.claim)
    # A draft to submit, on the candidate claim (a verdict is submitted with its sources),
    # and a source of that claim to remove.
    fresh = VerdictFactory(claim=world.candidate, author=reviewer)
    EvidenceFactory(claim=world.candidate)
    spare = EvidenceFactory(claim=world.candidate)
    # Changes to the published fact-check, waiting for an editor.
    held = [
        services.claim_update(claim=world.published, by=reviewer, count_min=n, count_max=n)
        for n in (3, 4)
    ]
    # A claim with no verdict yet.
    unrated = ClaimFactory(article=world.article, quote="shot down by ground fire")
    callers = {
        "editor": header(editor),
        "reviewer": header(reviewer),
        "other editor": header(other_editor),
        "anonymous": {},
        "bad token": {"Authorization": "Token 0000000000000000000000000000000000000000"},
    }
    claims = [world.published.pk, world.draft_claim.pk, world.candidate.pk]
    claims += [world.submitted_claim.pk, unrated.pk]
    ids = {
        "articles": [world.article.pk, world.hidden_article.pk],
        "claims": claims,
        "claimants": [world.claimant.pk, world.relay.pk, world.hidden_claimant.pk],
        "sources": [e.source_id for e in world.published.evidence.all()]
        + [e.source_id for e in world.draft_claim.evidence.all()],
        "verdicts": [world.verdict.pk, ready.pk, world.submitted.pk, fresh.pk],
        "changes": [change.pk for change in held],
    }
    article = (
        "Helicopter down near Idlib\n\nA Russian Mi-8 helicopter was shot down over Idlib, "
        "killing all five on board, the Defense Ministry said."
    )
    source = {"url": "https://example.org/statement", "stance": "supports"}
    p, c, s = world.published.pk, world.candidate.pk, world.submitted.pk
    valid = {
        "GET /api/v1/articles/": ("anonymous", None, {"page_size": 5}, None, 200),
        "GET /api/v1/articles/{id}/": ("anonymous", world.article.pk, {}, None, 200),
        "POST /api/v1/articles/import/": ("reviewer", None, {}, {"text": article}, 201),
        "GET /api/v1/claimants/": ("anonymous", None, {}, None, 200),
        "GET /api/v1/claimants/{id}/": ("anonymous", world.claimant.pk, {}, None, 200),
        "GET /api/v1/claimreview/": ("anonymous", None, {}, None, 200),
        "GET /api/v1/claims/": ("reviewer", None, {"article": world.article.pk}, None, 200),
        "POST /api/v1/claims/": (
            "reviewer",
            None,
            {},
            {"article": world.article.pk, "kind": "unverified", "exact": "RT cannot verify"},
            201,
        ),
        "GET /api/v1/claims/{id}/": ("anonymous", p, {}, None, 200),
        "PATCH /api/v1/claims/{id}/": (
            "reviewer",
            c,
            {},
            {"kind": "casualty", "via": [world.relay.pk], "quantity": {"min": 5}},
            200,
        ),
        "POST /api/v1/claims/{id}/confirm/": ("reviewer", c, {}, None, 200),
        "POST /api/v1/claims/{id}/dismiss/": ("editor", world.submitted_claim.pk, {}, None, 200),
        "POST /api/v1/claims/{id}/evidence/": ("reviewer", c, {}, source, 201),
        "DELETE /api/v1/claims/{id}/evidence/{evidence_id}/": (
            "reviewer",
            {"id": c, "evidence_id": spare.pk},
            {},
            None,
            204,
        ),
        "GET /api/v1/changes/": ("reviewer", None, {}, None, 200),
        "GET /api/v1/changes/{id}/": ("reviewer", held[0].pk, {}, None, 200),
        "POST /api/v1/changes/{id}/approve/": (
            "editor",
            held[0].pk,
            {},
            {"note": "Four, not five."},
            200,
        ),
        "POST /api/v1/changes/{id}/reject/": (
            "editor",
            held[1].pk,
            {},
            {"note": "The ministry still says five."},
            200,
        ),
        "GET /api/v1/export/claims.csv": ("reviewer", None, {}, None, 200),
        "GET /api/v1/sources/": ("anonymous", None, {"claim": p}, None, 200),
        "GET /api/v1/sources/{id}/": ("anonymous", ids["sources"][0], {}, None, 200),
        "GET /api/v1/verdicts/": ("editor", None, {"status": "submitted"}, None, 200),
        "POST /api/v1/verdicts/": (
            "reviewer",
            None,
            {},
            {"claim": unrated.pk, "rating": "mixed", "rationale": "Two sources differ."},
            201,
        ),
        "GET /api/v1/verdicts/{id}/": ("anonymous", world.verdict.pk, {}, None, 200),
        "POST /api/v1/verdicts/{id}/draft/": (
            "reviewer",
            s,
            {},
            {"rating": "false", "version": world.submitted.version},
            200,
        ),
        "POST /api/v1/verdicts/{id}/submit/": ("reviewer", fresh.pk, {}, {"version": 1}, 200),
        "POST /api/v1/verdicts/{id}/publish/": (
            "other editor",
            ready.pk,
            {},
            {"version": ready.version},
            200,
        ),
        "POST /api/v1/verdicts/{id}/send-back/": (
            "editor",
            s,
            {},
            {"version": world.submitted.version, "note": "Name the second source."},
            200,
        ),
    }
    return Fuzz(callers=callers, ids=ids, valid=valid)


def resource(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/")[0]


def real_values(fuzz: Fuzz, body: dict, path_id: int | None, draw) -> dict:
    """Real ids and the current version in place of the generated ones."""
    body = dict(body)
    if "article" in body:
        body["article"] = draw(st.sampled_from(fuzz.ids["articles"]))
    if "claim" in body:
        body["claim"] = draw(st.sampled_from(fuzz.ids["claims"]))
    if body.get("claimant") is not None:
        body["claimant"] = draw(st.sampled_from(fuzz.ids["claimants"]))
    if isinstance(body.get("via"), list):
        body["via"] = draw(st.lists(st.sampled_from(fuzz.ids["claimants"]), max_size=3))
    if "version" in body and path_id is not None:
        current = Verdict.objects.filter(pk=path_id).values_list("version", flat=True).first()
        body["version"] = current or 1
    return body


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_has_no_server_errors_and_matches_its_schema(
    api_schema, wsgi_app, fuzz_world, path, method
):
    fuzz = fuzz_world
    operation = api_schema[path][method]

    # 1. The happy path.
    who, path_id, query, body, expected = fuzz.valid[f"{method} {path}"]
    if isinstance(path_id, dict):
        path_parameters = path_id
    else:
        path_parameters = {"id": path_id} if path_id is not None else {}
    case = operation.Case(
        path_parameters=path_parameters,
        query=query,
        headers=dict(fuzz.callers[who]),
        **({"body": body, "media_type": "application/json"} if body is not None else {}),
    )
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == expected, response.text

    # 2. Generated requests.
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if "{id}" in path:
            strategies += [
                operation.as_strategy(generation_mode=mode, path_parameters={"id": pk})
                for pk in fuzz.ids[resource(path)]
            ]
    # Hypothesis favours the first entries: the callers that get past authentication.
    callers = list(fuzz.callers)

    @given(case=st.one_of(strategies), who=st.sampled_from(callers), data=st.data())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz_one(case, who, data):
        # The schema's security scheme makes schemathesis invent an Authorization
        # header; replace it with one of the real callers.
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        case.headers = {**headers, **fuzz.callers[who]}
        # Likewise its invented session cookie: the callers authenticate with tokens only.
        case.cookies = {}
        # These are real credentials, not generated ones: the ignored-auth check then
        # proves each write refuses the same request without them or with a bad token.
        case._has_explicit_auth = "Authorization" in fuzz.callers[who]
        positive = case.meta is not None and case.meta.generation.mode.is_positive
        if positive and isinstance(case.body, dict) and data.draw(st.booleans()):
            path_id = (case.path_parameters or {}).get("id")
            case.body = real_values(fuzz, case.body, path_id, data.draw)
        response = case.call_and_validate(checks=CHECKS)
        fuzz.statuses[(who, response.status_code)] += 1

    fuzz_one()

    # The operation really was exercised: as many requests as asked for (an operation that
    # takes no input runs out sooner: one per caller), and for operations that need a
    # role, authenticated requests that got past authentication and permissions.
    definition = api_schema.raw_schema["paths"][path][method.lower()]
    takes_input = definition.get("parameters") or definition.get("requestBody")
    wanted = EXAMPLES_PER_OPERATION if takes_input else len(callers)
    assert sum(fuzz.statuses.values()) >= wanted, fuzz.statuses
    if method != "GET" or path.endswith(".csv"):
        reached = sum(
            n
            for (who, code), n in fuzz.statuses.items()
            if who in ("editor", "reviewer", "other editor") and code not in (401, 403)
        )
        assert reached >= EXAMPLES_PER_OPERATION // 4, fuzz.statuses
