"""The page cache shared by every app server: pages kept under versions that every
write bumps when it commits, so a cached visit or a 304 reads no database, and
every kind of write still shows at once.

The database is used with real commits (``transaction=True``): versions are bumped
by ``transaction.on_commit``, which a rolled-back test transaction never runs.
Each test runs against a local-memory cache configured as shared and, when Redis
answers at CLAIMTRACK_TEST_REDIS_URL (default db 13, emptied by the tests), Redis.
"""

from __future__ import annotations

import importlib
import os

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from articles.models import Outlet
from articles.services import article_edit
from claims import page_versions
from claims.models import Claimant, Evidence, PendingChange, Source
from claims.public import caching
from claims.services import change_approve, claim_edit, evidence_add, source_save
from tests import test_admin
from tests.public.test_caching import CHANGES, resolve
from tests.test_admin import admin_change, public_pages, read_as_reader

pytestmark = pytest.mark.django_db(transaction=True)

public_claim = test_admin.public_claim  # the fixture of the admin's cache tests

REDIS_URL = os.environ.get("CLAIMTRACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _backend(kind: str) -> dict:
    if kind == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return {"BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL}


@pytest.fixture
def roles(transactional_db):
    """The roles, made again by their data migration (a transactional test's flush
    deletes them)."""
    migration = importlib.import_module("claims.migrations.0002_roles")
    state = MigrationExecutor(connection).loader.project_state(("claims", "0002_roles"))
    migration.create_roles(state.apps, None)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def shared_cache(request, settings, roles):
    settings.CACHES = {"default": _backend(request.param)}
    settings.CLAIMTRACK_SHARED_PAGE_CACHE = True
    page_versions.discard()
    caching._known_pages.clear()
    caching._held_copies.clear()
    cache.clear()
    yield
    cache.clear()
    page_versions.discard()
    caching._known_pages.clear()
    caching._held_copies.clear()


def visit(url: str, **headers: str):
    """A fresh anonymous reader's visit."""
    return Client().get(url, headers=headers)


# Cached visits and 304s read no database -------------------------------------------------
@pytest.mark.parametrize("page", ["claim", "article", "/", "/corrections/", "claimant"])
def test_a_cached_visit_and_a_304_make_no_query(world, page, django_assert_num_queries):
    url = resolve(world, page)
    first = visit(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        cached = visit(url)
    assert cached.content == first.content
    with django_assert_num_queries(0):
        assert visit(url, if_none_match=first["ETag"]).status_code == 304
    with django_assert_num_queries(0):
        assert visit(url, if_modified_since=first["Last-Modified"]).status_code == 304


def test_a_repeat_visit_is_answered_before_the_view(world, monkeypatch):
    url = resolve(world, "claim")
    first = visit(url)

    def no_view(*args, **kwargs):
        raise AssertionError("the view was asked")

    monkeypatch.setattr("claims.public.views.public_response", no_view)
    assert visit(url).content == first.content
    assert visit(url, if_none_match=first["ETag"]).status_code == 304


@pytest.mark.parametrize("page", ["claim", "article"])
def test_the_view_answers_without_the_database_too(world, page, django_assert_num_queries):
    # Another process: the middleware does not know the address yet, the view serves it.
    url = resolve(world, page)
    first = visit(url)
    caching._known_pages.clear()
    caching._held_copies.clear()
    with django_assert_num_queries(0):
        assert visit(url).content == first.content
    caching._known_pages.clear()
    with django_assert_num_queries(0):
        assert visit(url, if_none_match=first["ETag"]).status_code == 304


@pytest.mark.parametrize("page", ["claim", "article", "/"])
def test_the_early_answer_has_the_headers_of_the_view(world, page):
    url = resolve(world, page)
    rendered = visit(url)
    early = visit(url)
    caching._known_pages.clear()
    from_view = visit(url)
    assert dict(early.headers) == dict(rendered.headers) == dict(from_view.headers)
    early_304 = visit(url, if_none_match=rendered["ETag"])
    caching._known_pages.clear()
    view_304 = visit(url, if_none_match=rendered["ETag"])
    assert dict(early_304.headers) == dict(view_304.headers)


def test_a_claim_page_renders_with_one_query(world, django_assert_num_queries):
    # The page's versions come from the cache: no fingerprint is read, only the page.
    url = resolve(world, "claim")
    with django_assert_num_queries(1):
        assert visit(url).status_code == 200


def test_a_render_without_the_fingerprint_still_redirects_and_hides(world, editor):
    old = f"/claims/{world.claim.pk}-an-old-slug/"
    response = visit(old)
    assert response.status_code == 301
    assert response["Location"] == world.claim.get_absolute_url()
    assert "ETag" not in response and "Cache-Control" not in response
    unpublished = world.submitted_claim.get_absolute_url()
    assert visit(unpublished).status_code == 404
    assert visit(f"/claims/{world.submitted_claim.pk}-an-old-slug/").status_code == 404


def test_an_old_slug_still_redirects_to_the_cached_page(world):
    url = world.claim.get_absolute_url()
    etag = visit(url)["ETag"]
    old = f"/claims/{world.claim.pk}-an-old-slug/"
    for headers in ({}, {"if_none_match": etag}):
        response = visit(old, **headers)
        assert response.status_code == 301
        assert response["Location"] == url


def test_signed_in_readers_are_never_served_the_anonymous_copy(client, world, reviewer):
    url = world.claim.get_absolute_url()
    anonymous = visit(url)
    client.force_login(reviewer)
    signed_in = client.get(url, headers={"if-none-match": anonymous["ETag"]})
    assert signed_in.status_code == 200
    assert "Log out alice" in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"]
    assert "alice" not in visit(url).content.decode()


# Every write shows at once -----------------------------------------------------------
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_reaches_every_cached_page_at_once(world, editor, other_editor, change):
    act, pages = CHANGES[change]
    before = {page: visit(resolve(world, page)) for page in pages}
    assert all(r.status_code == 200 for r in before.values())
    act(world, editor, other_editor)
    for page, expected in pages.items():
        response = visit(resolve(world, page))
        assert response.status_code == 200, page
        assert expected(world) in response.content.decode(), page
        assert response["ETag"] != before[page]["ETag"], page


def test_a_withdrawal_takes_the_pages_down(world, editor):
    urls = [resolve(world, page) for page in ("claim", "article", "claimant")]
    etags = [visit(url)["ETag"] for url in urls]
    CHANGES["withdraw"][0](world, editor, None)
    for url, etag in zip(urls, etags, strict=True):
        assert visit(url).status_code == 404, url
        assert visit(url, if_none_match=etag).status_code == 404, url


def test_a_claim_edit_approved_shows_on_its_page_and_its_article(world, reviewer, editor):
    pages = [resolve(world, "claim"), resolve(world, "article")]
    for url in pages:
        visit(url)
    change = claim_edit(claim=world.claim, by=reviewer, statement="All five aboard died.")
    assert isinstance(change, PendingChange)
    assert "All five aboard died." not in visit(pages[0]).content.decode()
    change_approve(change=change, by=editor)
    assert "All five aboard died." in visit(pages[0]).content.decode()


def test_a_new_stance_once_approved_shows_on_the_claim_page(world, reviewer, editor):
    url = resolve(world, "claim")
    assert "stance--contradicts" not in visit(url).content.decode()
    source = world.claim.evidence.first().source
    change = evidence_add(claim=world.claim, by=reviewer, url=source.url, stance="contradicts")
    assert "stance--contradicts" not in visit(url).content.decode()
    change_approve(change=change, by=editor)
    assert "stance--contradicts" in visit(url).content.decode()


def test_a_source_removed_without_any_service_disappears(world):
    url = resolve(world, "claim")
    assert "Agency report" in visit(url).content.decode()
    Evidence.objects.get(claim=world.claim, source__title="Agency report").delete()
    assert "Agency report" not in visit(url).content.decode()


def test_a_claimant_saved_without_any_service_shows(world):
    # A shell or admin save: the model's signals bump the pages, no service needed.
    url = resolve(world, "claim")
    visit(url)
    claimant = Claimant.objects.get(pk=world.claimant.pk)
    claimant.role = "Press secretary"
    claimant.save()
    assert "Dmitry Peskov</a>, Press secretary" in visit(url).content.decode()


def test_a_renamed_source_shows_on_the_claim_page(world):
    url = resolve(world, "claim")
    visit(url)
    source = Source.objects.get(title="Agency report")
    source.title = "Agency dispatch"
    source_save(source=source, by=None, changed=["title"])
    assert "Agency dispatch" in visit(url).content.decode()


def test_an_article_edit_shows_on_its_pages(world):
    urls = [resolve(world, "article"), resolve(world, "claim")]
    for url in urls:
        visit(url)
    article = type(world.article).objects.get(pk=world.article.pk)
    previous = type(world.article).objects.get(pk=world.article.pk)
    article.title = "Helicopter downed in Idlib"
    article_edit(article=article, previous=previous)
    for url in urls:
        assert "Helicopter downed in Idlib" in visit(url).content.decode(), url


def test_a_reimport_with_new_text_shows_on_the_article_page(world):
    from articles.services import article_import
    from tests.public.conftest import ARTICLE_TEXT

    url = resolve(world, "article")
    assert "Rescue teams reached the site" not in visit(url).content.decode()
    text = f"{ARTICLE_TEXT}\n\nRescue teams reached the site on Tuesday."
    result = article_import(
        raw=f"{world.article.title}\n\n{text}", filename="update.txt", url=world.article.url
    )
    assert result.status == "updated"
    assert "Rescue teams reached the site" in visit(url).content.decode()


def test_a_new_slug_takes_the_old_address_down(world):
    old = resolve(world, "article")
    assert visit(old).status_code == 200
    article = type(world.article).objects.get(pk=world.article.pk)
    article.slug = "helicopter-downed"
    article.save()
    assert visit(old).status_code == 404
    assert visit("/articles/helicopter-downed/").status_code == 200


def test_a_deleted_article_takes_its_pages_down(world):
    urls = [resolve(world, "article"), resolve(world, "claim")]
    for url in urls:
        assert visit(url).status_code == 200
    type(world.article).objects.filter(pk=world.article.pk).delete()
    for url in urls:
        assert visit(url).status_code == 404, url


def test_an_api_write_shows_on_the_cached_page(world, editor, other_editor):
    from rest_framework.test import APIClient

    url = resolve(world, "article")
    assert f'id="claim-{world.submitted_claim.pk}"' not in visit(url).content.decode()
    verdict = world.submitted_claim.verdicts.get()
    Evidence.objects.create(
        claim=world.submitted_claim,
        source=Source.objects.create(url="https://a.example.org/", title="A"),
        stance="supports",
    )
    Evidence.objects.create(
        claim=world.submitted_claim,
        source=Source.objects.create(url="https://b.example.org/", title="B"),
        stance="supports",
    )
    api = APIClient()
    api.force_authenticate(other_editor)
    response = api.post(
        f"/api/v1/verdicts/{verdict.pk}/publish/", {"version": verdict.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert f'id="claim-{world.submitted_claim.pk}"' in visit(url).content.decode()


@pytest.mark.parametrize(
    ("model", "data", "shown"),
    [
        (Claimant, {"name": "Russian Defence Ministry", "slug": "defense-ministry",
                    "kind": "organization", "role": "", "affiliation": "", "aliases": ""},
         "Russian Defence Ministry"),
        (Outlet, {"name": "RT News", "slug": "rt", "homepage": ""}, "RT News"),
    ],
    ids=["claimant", "outlet"],
)  # fmt: skip
def test_an_admin_rename_shows_on_every_cached_page(
    client, superuser, public_claim, model, data, shown
):
    pages = public_pages(public_claim)
    before = read_as_reader(pages)
    target = public_claim.claimant if model is Claimant else public_claim.article.outlet
    client.force_login(superuser)
    admin_change(client, model, target, data)
    after = read_as_reader(pages)
    for name in pages:
        assert shown in after[name][0] and shown not in before[name][0], name
        assert after[name][1] != before[name][1], name


# Races and modes ---------------------------------------------------------------------
def test_a_render_racing_a_write_is_never_served_after_it(world, monkeypatch):
    """The page is rendered, a write commits and bumps, then the stale render is stored:
    it was read under the version before the bump, so nobody is served it."""
    url = resolve(world, "claim")
    store = caching._VersionedPage.store

    def store_after_a_write(page, response):
        claimant = Claimant.objects.get(pk=world.claimant.pk)
        claimant.role = "Press secretary"
        claimant.save()  # commits (autocommit) and bumps before the stale copy is stored
        store(page, response)

    monkeypatch.setattr(caching._VersionedPage, "store", store_after_a_write)
    stale = visit(url)
    assert "Press secretary" not in stale.content.decode()
    monkeypatch.setattr(caching._VersionedPage, "store", store)
    fresh = visit(url)
    assert "Dmitry Peskov</a>, Press secretary" in fresh.content.decode()
    assert fresh["ETag"] != stale["ETag"]
    assert visit(url, if_none_match=stale["ETag"]).status_code == 200


def test_a_copy_held_from_before_a_write_gives_way_to_the_shared_one(
    world, django_assert_num_queries
):
    url = resolve(world, "claim")
    visit(url)
    held_before = dict(caching._held_copies)
    claimant = Claimant.objects.get(pk=world.claimant.pk)
    claimant.role = "Press secretary"
    claimant.save()
    fresh = visit(url)  # rendered (by "another server") and shared under the new versions
    caching._held_copies.clear()
    caching._held_copies.update(held_before)  # this process still holds the old copy
    with django_assert_num_queries(0):
        again = visit(url)
    assert again.content == fresh.content
    assert "Press secretary" in again.content.decode()


def test_a_version_lost_from_the_cache_never_serves_an_older_page(world):
    url = resolve(world, "claim")
    first = visit(url)
    cache.delete(page_versions.version_key(page_versions.claim_scope(world.claim.pk)))
    again = visit(url, if_none_match=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_rolled_back_write_bumps_nothing_until_the_next_commit(world):
    from django.db import transaction

    url = resolve(world, "claim")
    etag = visit(url)["ETag"]
    with pytest.raises(RuntimeError), transaction.atomic():
        Claimant.objects.get(pk=world.claimant.pk).save()
        raise RuntimeError
    assert visit(url, if_none_match=etag).status_code == 304


def test_a_huge_change_bumps_everything_at_once(world, monkeypatch):
    monkeypatch.setattr(page_versions, "FANOUT_LIMIT", 1)
    urls = [resolve(world, page) for page in ("claim", "article", "/")]
    etags = [visit(url)["ETag"] for url in urls]
    page_versions.bump_claims([world.claim.pk, world.submitted_claim.pk])
    for url, etag in zip(urls, etags, strict=True):
        assert visit(url, if_none_match=etag).status_code == 200, url
