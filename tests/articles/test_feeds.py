"""Following outlets' feeds: ``poll_feeds`` against feeds and pages served on 127.0.0.1."""

from __future__ import annotations

import io
from email.utils import format_datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, FeedEntry, OutletFeed
from articles.services import outlet_get_or_create
from tests.pageserver import story_page

pytestmark = pytest.mark.django_db

FULL_STORY = (
    "<p>A magnitude 6.1 earthquake struck the mountain town of Kestel before dawn on "
    "Monday, the national disaster agency said. At least 14 people were killed and 60 "
    "injured, according to the regional governor.</p>"
    "<p>Rescue teams were still searching collapsed buildings in the old quarter, where "
    "residents said several families were missing. The agency said it could not yet "
    "confirm reports of a second strong aftershock.</p>"
    "<p>Schools in the province will stay closed for the rest of the week, the education "
    "ministry said in a statement on Monday afternoon, while engineers inspect them.</p>"
)


def rss(*items: str, title: str = "The Harbour Times — World") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>https://harbour.example/</link>"
        f"{''.join(items)}</channel></rss>"
    )


def item(guid: str, link: str, title: str, *, updated: str = "", content: str = "") -> str:
    stamp = updated or format_datetime(timezone.now().replace(microsecond=0))
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><guid>{guid}</guid><link>{link}</link><title>{title}</title>"
        f"<description>Teaser.</description><pubDate>{stamp}</pubDate>{encoded}</item>"
    )


def follow(server, path: str, body: str, *, outlet: str = "The Harbour Times", **kw) -> OutletFeed:
    url = server.add(path, body, headers={"Content-Type": "application/rss+xml", **kw})
    return OutletFeed.objects.create(outlet=outlet_get_or_create(name=outlet), url=url)


def poll(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("poll_feeds", *args, stdout=out)
    return out.getvalue().splitlines()


STAMP_1 = "Tue, 05 Mar 2024 09:30:00 GMT"
STAMP_2 = "Tue, 05 Mar 2024 11:00:00 GMT"


def test_poll_imports_new_entries_once_and_a_second_poll_imports_nothing(page_server):
    ferry = page_server.add("/ferry.html", story_page())
    fire = page_server.add("/fire.html", story_page("Warehouse fire in Piraeus, 3 injured"))
    feed = follow(
        page_server,
        "/world.rss",
        rss(item("ht-1", ferry, "Ferry", updated=STAMP_1), item("ht-2", fire, "Fire")),
        ETag='"v1"',
    )

    lines = poll()

    assert lines == [f"The Harbour Times ({feed.url}): new: 2 new (2 imported)"]
    assert Article.objects.count() == 2
    ferry_article = Article.objects.get(url=ferry)
    assert ferry_article.outlet.name == "The Harbour Times"
    assert ferry_article.claims.exists()  # claims proposed as for any import
    assert ferry_article.processing == Article.Processing.DONE
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_polled and feed.failures == 0

    assert poll() == [f"The Harbour Times ({feed.url}): unchanged"]
    assert page_server.not_modified == 1  # the conditional GET got a 304
    assert Article.objects.count() == 2


def test_entries_seen_before_are_not_imported_again_when_the_feed_changes(page_server):
    ferry = page_server.add("/ferry.html", story_page())
    feed = follow(page_server, "/world.rss", rss(item("ht-1", ferry, "Ferry", updated=STAMP_1)))
    poll()
    fire = page_server.add("/fire.html", story_page("Warehouse fire in Piraeus, 3 injured"))
    # No ETag this time: the feed is read again, its old entry skipped, the new one taken.
    page_server.add(
        "/world.rss",
        rss(item("ht-2", fire, "Fire"), item("ht-1", ferry, "Ferry", updated=STAMP_1)),
        headers={"Content-Type": "application/rss+xml"},
    )

    assert poll() == [f"The Harbour Times ({feed.url}): new: 1 new (1 imported)"]
    fetched = [path for path, _ in page_server.requests]
    assert fetched.count("/ferry.html") == 1
    assert Article.objects.count() == 2


def test_a_changed_page_with_a_new_stamp_updates_its_article(page_server):
    ferry = page_server.add("/ferry.html", story_page())
    feed = follow(page_server, "/world.rss", rss(item("ht-1", ferry, "Ferry", updated=STAMP_1)))
    poll()
    article = Article.objects.get(url=ferry)
    page_server.add(
        "/ferry.html",
        story_page(body="<p>The coast guard said on Wednesday that 15 people are missing.</p>"),
    )
    page_server.add(
        "/world.rss",
        rss(item("ht-1", ferry, "Ferry", updated=STAMP_2)),
        headers={"Content-Type": "application/rss+xml"},
    )

    assert poll() == [f"The Harbour Times ({feed.url}): new: 1 changed (1 updated)"]
    article.refresh_from_db()
    assert "15 people are missing" in article.text
    assert article.versions.count() == 2
    assert Article.objects.count() == 1


def test_a_broken_feed_is_reported_and_the_others_are_still_read(page_server):
    page_server.add("/gone.rss", "<h1>Server error</h1>", status=500)
    broken = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="Gone Gazette"), url=page_server.url("/gone.rss")
    )
    junk = follow(page_server, "/junk.rss", "this is not a feed", outlet="Junk Daily")
    ferry = page_server.add("/ferry.html", story_page())
    good = follow(page_server, "/world.rss", rss(item("ht-1", ferry, "Ferry")))

    lines = poll()

    assert lines[0] == (
        f"Gone Gazette ({broken.url}): failed: the server answered 500 Internal Server Error"
    )
    assert lines[1].startswith(f"Junk Daily ({junk.url}): failed: not an RSS, Atom or JSON feed")
    assert lines[2] == f"The Harbour Times ({good.url}): new: 1 new (1 imported)"
    broken.refresh_from_db()
    assert broken.failures == 1 and "500" in broken.last_error
    assert Article.objects.filter(url=ferry).exists()


def test_a_feed_failing_repeatedly_is_marked_failing_and_a_good_poll_clears_it(page_server):
    page_server.add("/gone.rss", "", status=503)
    feed = OutletFeed.objects.create(
        outlet=outlet_get_or_create(name="Gone Gazette"), url=page_server.url("/gone.rss")
    )
    for _ in range(OutletFeed.FAILING_AFTER):
        poll()
    feed.refresh_from_db()
    assert feed.failing

    page_server.add("/gone.rss", rss(), headers={"Content-Type": "application/rss+xml"})
    poll()
    feed.refresh_from_db()
    assert not feed.failing and feed.last_error == ""


def test_the_same_story_in_two_feeds_is_imported_once_by_id_or_by_link(page_server):
    ferry = page_server.add("/ferry.html", story_page())
    # One stamp for all three: made apart, a second could tick between them and the
    # last feed would carry the story as updated.
    world = follow(page_server, "/world.rss", rss(item("ht-1", ferry, "Ferry", updated=STAMP_1)))
    # Same id, and (another feed's own id) the same link.
    greece = follow(page_server, "/greece.rss", rss(item("ht-1", ferry, "Ferry", updated=STAMP_1)))
    top = follow(page_server, "/top.rss", rss(item("top-77", ferry, "Ferry", updated=STAMP_1)))

    lines = poll()

    assert lines == [
        f"The Harbour Times ({world.url}): new: 1 new (1 imported)",
        f"The Harbour Times ({greece.url}): unchanged",
        f"The Harbour Times ({top.url}): unchanged",
    ]
    assert [path for path, _ in page_server.requests].count("/ferry.html") == 1
    assert FeedEntry.objects.count() == 1


def test_an_entry_with_the_whole_story_is_imported_without_fetching_its_page(page_server):
    link = page_server.url("/quake.html")  # not served: fetching it would fail
    follow(
        page_server,
        "/world.rss",
        rss(item("q-1", link, "Earthquake in Kestel kills 14", content=FULL_STORY)),
    )

    [line] = poll()

    assert line.endswith("new: 1 new (1 imported)")
    article = Article.objects.get(url=link)
    assert article.title == "Earthquake in Kestel kills 14"
    assert article.text.startswith("Earthquake in Kestel kills 14\n\nA magnitude 6.1")
    assert article.outlet.name == "The Harbour Times"
    assert "/quake.html" not in [path for path, _ in page_server.requests]


def test_an_entry_whose_page_fails_is_tried_again_on_the_next_poll(page_server):
    ferry = page_server.add("/ferry.html", "", status=502)
    follow(page_server, "/world.rss", rss(item("ht-1", ferry, "Ferry", updated=STAMP_1)))

    [line] = poll()
    assert "1 failed" in line and "502" in line
    entry = FeedEntry.objects.get()
    assert entry.article is None and entry.attempts == 1 and "502" in entry.error

    page_server.add("/ferry.html", story_page())
    [line] = poll()
    assert line.endswith("new: 1 retried (1 imported)")
    entry.refresh_from_db()
    assert entry.article is not None and entry.error == ""


def test_poll_feeds_one_feed_by_id_and_an_unknown_id(page_server):
    from django.core.management.base import CommandError

    follow(page_server, "/a.rss", rss(), outlet="A")
    b = follow(page_server, "/b.rss", rss(), outlet="B")
    b.active = False
    b.save()

    assert poll("--feed", str(b.pk)) == [f"B ({b.url}): unchanged"]
    assert poll() == [f"A ({page_server.url('/a.rss')}): unchanged"]  # inactive B not polled
    with pytest.raises(CommandError, match="no feed with id 999"):
        poll("--feed", "999")


def test_a_feed_on_a_private_address_is_refused_without_the_allow_setting(page_server, settings):
    settings.CLAIMTRACK_FETCH_ALLOW = []
    feed = follow(page_server, "/world.rss", rss())

    [line] = poll()

    assert line.startswith(f"The Harbour Times ({feed.url}): failed: 127.0.0.1")
    assert page_server.requests == []
