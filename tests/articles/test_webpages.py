"""Web pages written in the styles outlets use (tests/articles/webpages/): each must
give its title, date and story, without the page's furniture.

The pages are our own, written by hand; expected.yaml says what each must and
must not give. They are also the fixture set `make bench` times.
"""

import datetime as dt
import logging
from pathlib import Path

import pytest
import yaml

from articles.parsing import UNCERTAIN, parse_article

PAGES = Path(__file__).parent / "webpages"
EXPECTED = yaml.safe_load((PAGES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _quiet_extractor():
    # The extraction library logs every fallback it tries; the tests check the outcome.
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def test_there_are_at_least_thirty_pages_and_each_has_its_expectations():
    pages = sorted(p.name for p in PAGES.glob("*.html"))
    assert len(pages) >= 30
    assert pages == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_gives_its_title_date_and_story(name):
    expected = EXPECTED[name]
    article = parse_article((PAGES / name).read_bytes(), filename=name, url=expected.get("url", ""))
    assert article.source_format == "html"
    assert article.title == expected["title"]
    date = expected["date"]
    assert article.published_on == (dt.date.fromisoformat(str(date)) if date else None)
    for key in ("outlet", "author"):
        if key in expected:
            assert getattr(article, key) == expected[key]
    text = article.text
    for snippet in expected["must"]:
        assert snippet in text, snippet
    links = " ".join(link.text for link in article.links if link.inline)
    for snippet in expected.get("must_not", []):
        assert snippet not in text, snippet
        assert snippet not in links, snippet
    related = [link.text for link in article.links if not link.inline]
    for label in expected.get("related", []):
        assert label in related, label
    assert not text.startswith(article.title)  # the importer puts the headline first
    if "paragraphs" in expected:
        assert len(text.split("\n\n")) == expected["paragraphs"]
    assert (UNCERTAIN in article.warnings) == bool(expected.get("uncertain"))


def test_every_link_points_into_the_text():
    for name in EXPECTED:
        article = parse_article((PAGES / name).read_bytes(), filename=name)
        for link in article.links:
            assert 0 <= link.position <= len(article.text)
            if link.inline:
                assert article.text[link.position : link.position + len(link.text)] == link.text


def test_parsing_a_page_twice_gives_the_same_text():
    for name in ("arc_fire.html", "liveblog_summit.html", "latin1_nocharset.html"):
        raw = (PAGES / name).read_bytes()
        assert parse_article(raw).content_hash == parse_article(raw).content_hash


def test_a_page_without_title_or_structure_is_imported_with_a_warning():
    article = parse_article("<p>Fire at the depot. Two hurt.</p><p>Police said so.</p>")
    assert article.title == "Fire at the depot."
    assert article.text == "Fire at the depot. Two hurt.\n\nPolice said so."
    assert article.warnings == ["the page names no title: its first sentence stands in for it"]


def test_only_a_page_without_any_text_is_refused():
    from articles.parsing import ParseError

    with pytest.raises(ParseError, match=r"no title|no body text"):
        parse_article("<html><head><title></title></head><body><img src=x></body></html>")
