"""The reviewers' "Sources we follow" page, and the processing state on article pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, OutletFeed
from articles.services import article_import, outlet_get_or_create
from tests.conftest import SEED_PATH
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FEEDS = reverse("review:feeds")
CREATE = reverse("review:feed-create")


def make_feed(name: str = "The Harbour Times", url: str = "https://harbour.example/rss", **kw):
    return OutletFeed.objects.create(outlet=outlet_get_or_create(name=name), url=url, **kw)


def test_anonymous_is_sent_to_log_in_and_outsiders_are_refused(client, outsider):
    feed = make_feed()
    assert client.get(FEEDS)["Location"].startswith(reverse("login"))
    response = client.post(CREATE, {"outlet": "X", "url": "https://x.example/rss"})
    assert response.status_code == 302 and not OutletFeed.objects.filter(outlet__name="X")
    client.force_login(outsider)
    assert client.get(FEEDS).status_code == 403
    assert client.post(reverse("review:feed-toggle", args=[feed.pk])).status_code == 403
    assert client.post(reverse("review:feed-poll", args=[feed.pk])).status_code == 403
    feed.refresh_from_db()
    assert feed.active


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_reviewers_and_editors_see_the_feeds_and_which_are_failing(client, who, request):
    client.force_login(request.getfixturevalue(who))
    make_feed()
    make_feed(
        "Gone Gazette", "https://gone.example/rss", failures=4, last_error="the server answered 500"
    )
    response = client.get(FEEDS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The Harbour Times" in html and "https://harbour.example/rss" in html
    assert "1 feed failing:" in html and "Gone Gazette (4 polls in a row)" in html
    assert "the server answered 500" in html
    assert 'href="/review/feeds/" aria-current="page"' in html  # in the navigation


def test_the_feed_list_query_count_does_not_grow_with_feeds(
    client, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    for i in range(5):
        make_feed(f"Outlet {i}", f"https://o{i}.example/rss")
    # session, user, groups and publish permission (the Approvals link), the feeds
    # with outlets and entry counts, the header's bell (unread notifications).
    with django_assert_num_queries(5):
        client.get(FEEDS)
    for i in range(5, 15):
        make_feed(f"Outlet {i}", f"https://o{i}.example/rss")
    with django_assert_num_queries(5):
        response = client.get(FEEDS)
    assert len(response.context["feeds"]) == 15


def test_a_reviewer_follows_a_feed(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        CREATE, {"outlet": "  The  Harbour Times ", "url": "https://h.example/rss"}
    )
    assert response.status_code == 302 and response["Location"] == FEEDS
    feed = OutletFeed.objects.get()
    assert feed.outlet.name == "The Harbour Times" and feed.active
    assert "Following The Harbour Times" in client.get(FEEDS).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"outlet": "", "url": "https://h.example/rss"}, "This field is required."),
        ({"outlet": "H", "url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"outlet": "H", "url": "ftp://h.example/rss"}, "Enter an http:// or https:// address."),
        ({"outlet": "H", "url": "https://harbour.example/rss"}, "already followed"),
    ],
)
def test_a_bad_feed_is_refused_with_the_reason_and_nothing_changes(client, reviewer, data, error):
    make_feed()
    client.force_login(reviewer)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert OutletFeed.objects.count() == 1


def test_pausing_and_resuming_a_feed(client, reviewer):
    feed = make_feed(failures=5)
    client.force_login(reviewer)
    client.post(reverse("review:feed-toggle", args=[feed.pk]))
    feed.refresh_from_db()
    assert not feed.active
    client.post(reverse("review:feed-toggle", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.active and feed.failures == 0
    assert client.get(reverse("review:feed-toggle", args=[feed.pk])).status_code == 405


def test_poll_now_imports_and_says_what_it_found(client, reviewer, page_server):
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>'
    url = page_server.add("/rss", rss, headers={"Content-Type": "application/rss+xml"})
    feed = make_feed(url=url)
    client.force_login(reviewer)
    response = client.post(reverse("review:feed-poll", args=[feed.pk]), follow=True)
    assert f"The Harbour Times ({url}): unchanged" in response.content.decode()
    feed.refresh_from_db()
    assert feed.last_polled is not None


def test_csrf_is_checked_on_the_feed_forms(reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(CREATE, {"outlet": "H", "url": "https://h.example/rss"}).status_code == 403
    assert not OutletFeed.objects.exists()


# ------------------------------------------------------------------------------
# Processing state on the article list and the review page
# ------------------------------------------------------------------------------
def test_the_article_list_shows_queued_and_failed_articles(client, reviewer):
    ArticleFactory(title="Waiting", processing=Article.Processing.QUEUED)
    ArticleFactory(title="Working", processing=Article.Processing.PROCESSING)
    ArticleFactory(
        title="Broken", processing=Article.Processing.FAILED, processing_error="Boom: <b>x</b>"
    )
    ArticleFactory(title="Finished")
    client.force_login(reviewer)
    html = client.get(reverse("review:articles")).content.decode()
    assert html.count('class="tag tag--processing"') == 2
    assert "Queued</span>" in html and "Finding claims…</span>" in html
    assert 'class="tag tag--failed" title="Boom: &lt;b&gt;x&lt;/b&gt;">Claims failed' in html


def test_a_failed_article_shows_its_reason_and_a_retry_finds_its_claims(client, reviewer):
    article = article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, defer_claims=True
    ).article
    Article.objects.filter(pk=article.pk).update(
        processing=Article.Processing.FAILED, processing_error="OperationalError: database gone"
    )
    client.force_login(reviewer)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Finding this article's claims failed." in page
    assert "OperationalError: database gone" in page
    retry = reverse("review:article-retry", args=[article.pk])
    assert f'action="{retry}"' in page

    response = client.post(retry, follow=True)
    assert "The claims were found again." in response.content.decode()
    article.refresh_from_db()
    assert article.processing == Article.Processing.DONE and article.claims.exists()


def test_a_queued_article_says_its_claims_are_coming(client, reviewer):
    article = ArticleFactory(processing=Article.Processing.QUEUED)
    client.force_login(reviewer)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Queued: waiting for a worker to find its claims." in page


def test_only_reviewers_retry(client, outsider):
    article = ArticleFactory(processing=Article.Processing.FAILED)
    retry = reverse("review:article-retry", args=[article.pk])
    assert client.post(retry).status_code == 302  # to log in
    client.force_login(outsider)
    assert client.post(retry).status_code == 403
    article.refresh_from_db()
    assert article.processing == Article.Processing.FAILED
    assert client.get(retry).status_code in (403, 405)
