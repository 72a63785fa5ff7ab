"""What a process writes once and shows again (list items, rationales) changes with
everything it prints: a claim, claimant, article, time zone or address that changed
is never shown as it was."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone

from claims.public.presentation import claim_list, published_rationale
from claims.public.selectors import ClaimItem
from claims.text.markdown import render_markdown

CHECKED = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)


def item(**changes) -> ClaimItem:
    values = {
        "pk": 7,
        "exact": "five people died",
        "statement": "",
        "rating": "true",
        "published_at": CHECKED,
        "claimant_name": "Interior Ministry",
        "claimant_kind": "organization",
    }
    return ClaimItem(**{**values, **changes})


def test_the_same_claim_is_written_the_same_way_twice():
    assert claim_list([item()], hide_article=True) == claim_list([item()], hide_article=True)


@pytest.mark.parametrize(
    ("change", "now_shown", "no_longer_shown"),
    [
        ({"rating": "false"}, "badge--false", "badge--true"),
        ({"claimant_name": "Kremlin"}, "Kremlin", "Interior Ministry"),
        ({"claimant_kind": "media"}, "reported by Interior Ministry", None),
        ({"claimant_name": None}, None, "Interior Ministry"),
        ({"statement": "The ministry said five people died"}, "The ministry said", None),
        ({"exact": "six people died"}, "/claims/7-six-people-died/", "five-people-died"),
        ({"published_at": CHECKED + datetime.timedelta(days=3)}, "4 Mar 2026", "1 Mar 2026"),
    ],
)
def test_a_changed_claim_is_written_anew(change, now_shown, no_longer_shown):
    claim_list([item()], hide_article=True)

    shown = claim_list([item(**change)], hide_article=True)

    if now_shown:
        assert now_shown in shown
    if no_longer_shown:
        assert no_longer_shown not in shown


def test_an_item_follows_the_time_zone_it_is_shown_in():
    assert "1 Mar 2026" in claim_list([item()], hide_article=True)

    with timezone.override("Asia/Tokyo"):
        shown = claim_list([item()], hide_article=True)

    assert "2 Mar 2026" in shown
    assert 'datetime="2026-03-02T08:30:00+09:00"' in shown


def test_an_item_follows_the_address_the_site_is_served_under():
    before = get_script_prefix()
    claim_list([item()], hide_article=True)
    set_script_prefix("/factchecks/")
    try:
        shown = claim_list([item()], hide_article=True)
    finally:
        set_script_prefix(before)

    assert 'href="/factchecks/claims/7-five-people-died/"' in shown


@override_settings(ROOT_URLCONF="tests.public.urls_moved")
def test_an_item_follows_a_changed_url_conf():
    assert 'href="/checked/7-five-people-died/"' in claim_list([item()], hide_article=True)


class _Article:
    def __init__(self, title: str, outlet: str | None) -> None:
        self.title = title
        self.outlet = type("Outlet", (), {"name": outlet})() if outlet else None


class _Claim:
    """A claim as public_claims() gives it: a model-like object with its article."""

    def __init__(self, title: str, outlet: str | None) -> None:
        row = item()
        for name in ("pk", "exact", "claim_text", "rating", "published_at", "claimant"):
            setattr(self, name, getattr(row, name))
        self.article = _Article(title, outlet)


def test_a_list_that_names_articles_shows_their_current_titles_and_outlets():
    assert "in <cite>Strike on the port</cite> (Daily Post)" in claim_list(
        [_Claim("Strike on the port", "Daily Post")]
    )

    renamed = claim_list([_Claim("Strike on the port &amp; bay", None)])

    assert "in <cite>Strike on the port &amp;amp; bay</cite></span>" in renamed
    assert "Daily Post" not in renamed
    # The claim page's list of the same article's claims does not name it.
    assert "<cite>" not in claim_list([_Claim("Strike on the port", "Daily Post")], True)


def test_a_rationale_is_shown_as_written_and_described_by_its_first_forty_words():
    text = "**Five** died, " + " ".join(f"word{i}" for i in range(60)) + ' and "more".'

    shown, description = published_rationale(text)

    assert shown == render_markdown(text)
    assert shown.startswith("<p><strong>Five</strong> died, word0")
    assert description.split() == ["Five", "died,", *[f"word{i}" for i in range(38)], "…"]
    # Plain text: the template escapes it where it quotes it in an attribute.
    assert not hasattr(description, "__html__")


def test_a_changed_rationale_is_rendered_anew():
    published_rationale("The ministry said *five*.")

    shown, description = published_rationale("The ministry said *six*.")

    assert shown == "<p>The ministry said <em>six</em>.</p>\n"
    assert description == "The ministry said six."
