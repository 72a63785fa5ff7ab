"""What feeds need from articles.fetching.fetch: extra headers (conditional GET),
other content types, 304 answers, and which failures are worth retrying."""

import pytest

from articles.fetching import FetchError, fetch

FEED_TYPES = frozenset({"application/rss+xml"})


def test_a_conditional_get_of_an_unchanged_document_is_not_modified(page_server):
    url = page_server.add(
        "/rss", "<rss/>", headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}
    )
    first = fetch(url, content_types=FEED_TYPES)
    assert first.status == 200 and first.etag == '"v1"' and first.content == b"<rss/>"

    again = fetch(url, headers={"If-None-Match": '"v1"'}, content_types=FEED_TYPES)

    assert again.not_modified and again.content == b""
    assert page_server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_other_content_types_only_when_asked_for(page_server):
    url = page_server.add("/rss", "<rss/>", headers={"Content-Type": "application/rss+xml"})
    with pytest.raises(FetchError, match="not a web page"):
        fetch(url)  # a page import still refuses what is not a page
    assert fetch(url, content_types=FEED_TYPES).content_type == "application/rss+xml"


@pytest.mark.parametrize(("status", "transient"), [(503, True), (429, True), (404, False)])
def test_which_failures_are_worth_retrying(page_server, status, transient):
    url = page_server.add("/x", "", status=status)
    with pytest.raises(FetchError) as error:
        fetch(url)
    assert error.value.transient is transient


def test_a_refused_connection_is_worth_retrying(settings):
    settings.CLAIMTRACK_FETCH_ALLOW = ["127.0.0.1"]
    with pytest.raises(FetchError, match="could not connect") as error:
        fetch("http://127.0.0.1:9/")  # the discard port: nothing listens
    assert error.value.transient
