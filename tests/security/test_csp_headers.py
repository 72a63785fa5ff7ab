"""The site's CSP middleware writes exactly the headers django-csp's own would."""

from __future__ import annotations

import pytest
from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF
from django.http import HttpResponse
from django.test import RequestFactory

from config.csp import CSPMiddleware


def _answer(middleware_class: type, path: str, **response_attributes) -> tuple[dict, HttpResponse]:
    request = RequestFactory().get(path)
    response = HttpResponse("page", status=response_attributes.pop("status", 200))
    for name, value in response_attributes.items():
        setattr(response, name, value)
    answered = middleware_class(lambda request: response)(request)
    return dict(answered.headers), request


CASES = [
    {},
    {"status": 404},
    {"status": 500},
    {"_csp_exempt": True},
    {"_csp_update": {"img-src": ["https://img.example.org"]}},
    {"_csp_replace": {"script-src": [SELF]}},
    {"_csp_config_ro": {"default-src": [SELF]}},
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("report_only", [False, True])
def test_the_same_headers_as_django_csp(settings, debug, case, report_only):
    settings.DEBUG = debug
    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
            "EXCLUDE_URL_PREFIXES": ["/api/"],
            "DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report/"},
        }
    for path in ("/", "/api/v1/claims/"):
        ours, _request = _answer(CSPMiddleware, path, **case)
        theirs, _request = _answer(middleware.CSPMiddleware, path, **case)
        assert ours == theirs, path
    if not debug and not case:
        ours, _request = _answer(CSPMiddleware, "/")
        assert HEADER in ours and (HEADER_REPORT_ONLY in ours) == report_only


def test_a_changed_policy_is_used_at_once(settings):
    before, _request = _answer(CSPMiddleware, "/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF]}}
    after, _request = _answer(CSPMiddleware, "/")
    assert after[HEADER] == "default-src 'self'" != before[HEADER]


def test_a_page_that_used_the_nonce_carries_it():
    request = RequestFactory().get("/")
    seen = []

    def view(request):
        seen.append(str(request.csp_nonce))
        return HttpResponse("page")

    response = CSPMiddleware(view)(request)
    assert f"'nonce-{seen[0]}'" in response[HEADER]


def test_the_nonce_is_closed_after_a_page_without_one():
    request = RequestFactory().get("/")
    CSPMiddleware(lambda request: HttpResponse("page"))(request)
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)
