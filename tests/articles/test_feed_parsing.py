"""Reading RSS, Atom and JSON Feed documents (articles.feed_parsing: plain Python)."""

import json

import pytest

from articles.feed_parsing import FeedParseError, entry_page, parse_feed
from articles.parsing import parse_article

LONG = "<p>" + "The ministry said 12 people were killed in the blast. " * 12 + "</p>"


def test_rss_entries_with_id_link_stamp_and_full_content():
    feed = parse_feed(
        b"""<?xml version="1.0"?><rss version="2.0"
        xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>World</title>
        <item><guid isPermaLink="false">a-1</guid><link>https://ex.org/a</link>
        <title>  Blast  kills 12 </title><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
        <content:encoded><![CDATA["""
        + LONG.encode()
        + b"""]]></content:encoded></item>
        <item><link>https://ex.org/b</link><title>Teaser only</title>
        <description>Short.</description></item>
        </channel></rss>"""
    )
    assert feed.title == "World"
    first, second = feed.items
    assert (first.guid, first.url, first.title) == ("a-1", "https://ex.org/a", "Blast kills 12")
    assert first.stamp == "Tue, 05 Mar 2024 09:30:00 GMT" and first.published == "2024-03-05"
    assert "12 people were killed" in first.content_html
    assert second.guid == "https://ex.org/b"  # no id: its link is its id
    assert second.content_html == ""  # a teaser is not the story


def test_atom_entries_use_updated_as_their_stamp():
    feed = parse_feed(
        b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
        <entry><id>tag:ex.org,2024:1</id><link href="https://ex.org/1"/><title>One</title>
        <published>2024-03-01T10:00:00Z</published><updated>2024-03-02T08:00:00Z</updated>
        <author><name>Ana Diaz</name></author><summary>Short.</summary></entry></feed>""",
        content_type="application/atom+xml",
    )
    [entry] = feed.items
    assert entry.guid == "tag:ex.org,2024:1" and entry.url == "https://ex.org/1"
    assert entry.stamp == "2024-03-02T08:00:00Z" and entry.published == "2024-03-01"
    assert entry.author == "Ana Diaz"


def test_json_feed_items():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "items": [
                {
                    "id": "7",
                    "url": "https://ex.org/7",
                    "title": "Seven",
                    "content_text": "Para one. " * 60 + "\n\nPara two.",
                    "date_published": "2024-03-04T10:00:00Z",
                    "authors": [{"name": "Li Wei"}],
                },
                {"id": "8", "url": "https://ex.org/8", "title": "Eight", "summary": "x"},
                "not an item",
            ],
        }
    ).encode()
    seven, eight = parse_feed(body, content_type="application/feed+json").items
    assert seven.published == "2024-03-04" and seven.author == "Li Wei"
    assert (
        seven.content_html.startswith("<p>Para one.") and "<p>Para two.</p>" in seven.content_html
    )
    assert eight.content_html == ""


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not a feed</body></html>", b"{not json", b'{"version": "1"}', b"\x00\xff"],
)
def test_what_is_not_a_feed_is_a_clear_error(body):
    with pytest.raises(FeedParseError, match=r"not an RSS, Atom or JSON feed|not a JSON feed"):
        parse_feed(body)


def test_an_entry_page_imports_with_its_title_date_author_and_address():
    feed = parse_feed(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1",
                "items": [
                    {
                        "id": "1",
                        "url": "https://ex.org/1",
                        "title": "Blast <kills> 12",
                        "content_html": LONG,
                        "date_published": "2024-03-04T10:00:00Z",
                        "author": {"name": "Li Wei"},
                    }
                ],
            }
        ).encode()
    )
    parsed = parse_article(entry_page(feed.items[0], outlet="Ex Daily"), source_format="html")
    assert parsed.title == "Blast <kills> 12"
    assert parsed.url == "https://ex.org/1"
    assert str(parsed.published_on) == "2024-03-04"
    assert parsed.author == "Li Wei" and parsed.outlet == "Ex Daily"
    assert parsed.text.startswith("The ministry said 12 people")
