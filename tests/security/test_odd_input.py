"""No 500 from odd input: a NUL byte or an id past every integer column in any query
parameter of any list page (public site, review pages, admin changelists, API) is a
400 or an ordinary answer, never a server error, on SQLite and PostgreSQL alike.

The URLs come from the URL conf (every route without a path parameter) and the
admin's registry; the parameter names from the forms, filter sets and admin list
filters the views read, so a new page or filter is swept without editing this file.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.api.filters import (
    ArticleFilter,
    ClaimantFilter,
    ClaimFilter,
    SourceFilter,
    VerdictFilter,
)
from claims.public.views import SearchForm
from claims.review.forms import QueueFilterForm
from tests.factories import ClaimFactory, EvidenceFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE = "99999999999999999999"
# Read by the views themselves (pagination, search, cursors, the API's paging).
COMMON = ["q", "page", "p", "before", "cursor", "page_size", "start_from", "next", "format"]
# Routes that are not lists, or that log you out.
SKIP = {"/accounts/logout/", "/healthz"}


def list_urls() -> list[str]:
    """Every route of the URL conf that takes no path parameter, as a path."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue  # the changelists are swept from the admin's registry
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and not pattern.pattern.converters:
                path = "/" + (prefix + route).replace("^", "").replace("$", "").replace("/?", "/")
                if "(" not in path and "\\" not in path and "[" not in path and path not in SKIP:
                    found.append(path.replace("//", "/"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


FILTERSETS = {
    "articles": ArticleFilter,
    "claims": ClaimFilter,
    "claimants": ClaimantFilter,
    "sources": SourceFilter,
    "verdicts": VerdictFilter,
}


def parameters_for(url: str) -> list[str]:
    """The query parameters the view at ``url`` reads (API lists refuse any other)."""
    if url.startswith("/api/"):
        resource = url.removeprefix("/api/v1/").split("/")[0]
        if resource in FILTERSETS:
            return sorted({*FILTERSETS[resource].base_filters, "cursor", "page_size"})
        return ["article", "before", "format", "lang"]
    return sorted({*COMMON, *QueueFilterForm.base_fields, *SearchForm.base_fields})


def admin_changelists(superuser) -> list[tuple[str, list[str]]]:
    """Each registered model's changelist and the parameters its list filters read."""
    lists = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = RequestFactory().get(url)
        request.user = superuser
        changelist = model_admin.get_changelist_instance(request)
        names = {"q", "o", "p", "_to_field"}
        for spec in changelist.filter_specs:
            names |= set(spec.expected_parameters())
        if model_admin.date_hierarchy:
            field = model_admin.date_hierarchy
            names |= {f"{field}__year", f"{field}__month", f"{field}__day"}
        names.discard(None)
        lists.append((url, sorted(names)))
    return lists


@pytest.fixture
def data(reviewer, editor):
    published = PublishedVerdictFactory()
    EvidenceFactory(claim=published.claim)
    ClaimFactory(article=published.claim.article, quote="shot down")
    return published


def test_every_list_url_is_swept(superuser):
    urls = list_urls()
    for expected in ("/", "/claims/", "/review/", "/review/claimants/", "/api/v1/claims/"):
        assert expected in urls, urls
    assert len(admin_changelists(superuser)) >= 10


def test_a_nul_byte_anywhere_in_a_query_string_is_a_400(client, superuser, data):
    client.force_login(superuser)
    # One middleware refuses them all before any view runs: a few names per URL prove it.
    for url in list_urls():
        for query in ({"q": f"abc{NUL}"}, {"page": NUL}, {"status": NUL}, {f"x{NUL}": "1"}):
            response = client.get(url, query)
            assert response.status_code == 400, (url, query, response.status_code)
    for url, names in admin_changelists(superuser):
        for name in names:
            response = client.get(url, {name: NUL})
            assert response.status_code == 400, (url, name, response.status_code)


def test_ids_past_every_integer_column_are_never_a_server_error(client, superuser, data):
    client.force_login(superuser)
    for url in list_urls():
        for name in parameters_for(url):
            response = client.get(url, {name: HUGE})
            assert response.status_code < 500, (url, name, response.status_code)
        assert client.get(url, {"page": f"-{HUGE}"}).status_code < 500, url
    for url, names in admin_changelists(superuser):
        for name in names:
            for value in (HUGE, f"-{HUGE}"):
                response = client.get(url, {name: value})
                # Django's answer to a filter it cannot apply is the list again with ?e=1.
                assert response.status_code in (200, 302, 400), (
                    url,
                    name,
                    value,
                    response.status_code,
                )


def test_anonymous_callers_get_the_same_answers(client, data):
    for url in ("/claims/", "/api/v1/claims/", "/api/v1/verdicts/", "/review/claimants/"):
        assert client.get(url, {"q": NUL}).status_code == 400
        assert client.get(url, {"claim": HUGE}).status_code < 500


def test_the_claimant_autocomplete_answers_400_to_a_nul(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("review:claimant-autocomplete"), {"q": f"Pes{NUL}kov"})
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_the_api_answers_a_nul_in_its_own_json_error_shape(client):
    response = client.get("/api/v1/claims/", {"kind": NUL})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "NUL" in response.json()["detail"]


def test_a_nul_in_the_path_is_a_400(client):
    assert client.get("/claims/%00/").status_code == 400


def test_an_admin_filter_the_database_cannot_apply_goes_back_to_the_list(client, superuser, data):
    client.force_login(superuser)
    url = reverse("admin:axes_accessattempt_changelist")
    response = client.get(url, {"attempt_time__year": HUGE})  # OverflowError inside Django
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    assert client.get(response["Location"]).status_code == 200
    response = client.get(reverse("admin:claims_claim_changelist"), {"claimant__id__exact": HUGE})
    assert response.status_code in (200, 302)
