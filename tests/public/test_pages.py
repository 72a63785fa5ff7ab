"""The public pages, read with the Django test client."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from articles.models import ArticleLink
from claims.models import Claim, ClaimRelay, Correction
from claims.queue_state import claims_refresh_queue_state
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    PublishedVerdictFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Collects heading levels, ids, and the targets of <a href>."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.images_without_alt = 0
        self.event_handlers: list[str] = []
        self.scripts = 0
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.hrefs.append(attributes["href"])
        if tag == "img" and "alt" not in attributes:
            self.images_without_alt += 1
        self.event_handlers += [name for name in attributes if name.startswith("on")]
        if tag == "script" and attributes.get("type") != "application/ld+json":
            self.scripts += 1
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "preload"):
            self.resources.append(attributes.get("href", ""))
        if tag in ("script", "img", "iframe") and "src" in attributes:
            self.resources.append(attributes["src"])


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_accessible_structure(html: str) -> None:
    page = outline(html)
    assert page.levels and page.levels[0] == 1, page.levels
    assert page.levels.count(1) == 1, "one h1 per page"
    for before, after in zip(page.levels, page.levels[1:], strict=False):
        assert after <= before + 1, f"heading levels skip: {page.levels}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert page.images_without_alt == 0
    assert '<html lang="en">' in html
    assert 'name="viewport"' in html
    # No external fonts, scripts or stylesheets: every resource is served by us.
    assert page.resources and all(url.startswith("/static/") for url in page.resources)


@pytest.fixture(params=["anonymous", "reviewer", "editor", "outsider"])
def reader(request, client, reviewer, editor, outsider):
    users = {"reviewer": reviewer, "editor": editor, "outsider": outsider}
    if request.param in users:
        client.force_login(users[request.param])
    return client


def public_pages(world) -> list[str]:
    return [
        "/",
        "/claims/",
        world.article.get_absolute_url(),
        world.claim.get_absolute_url(),
        world.claimant.get_absolute_url(),
        "/corrections/",
        "/about/",
    ]


def test_every_public_page_has_an_accessible_outline(reader, world):
    for url in public_pages(world):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_accessible_structure(response.content.decode())


def test_public_pages_answer_head_and_refuse_post(client, world):
    for url in public_pages(world):
        assert client.head(url).status_code == 200, url
        assert client.post(url).status_code == 405, url


# Home ------------------------------------------------------------------------
def test_home_lists_latest_verdicts_search_box_and_chart(client, world):
    html = client.get("/").content.decode()
    assert world.claim.get_absolute_url() in html
    assert 'action="/claims/"' in html and 'type="search"' in html
    assert "1 published fact-check." in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Mostly true: 1; Mixed: 0" in svg
    assert "<script" not in html.split("</head>")[1]  # no JavaScript on the page


def test_home_without_verdicts_says_so(client, db):
    html = client.get("/").content.decode()
    assert "No fact-checks have been published yet" in html


# Article -----------------------------------------------------------------------
def test_article_page_shows_article_and_highlights_published_claim(reader, world):
    response = reader.get(world.article.get_absolute_url())
    html = response.content.decode()
    assert world.article.title in html
    assert "Wire Service" in html
    assert 'datetime="2016-08-01"' in html
    assert 'href="https://news.example.org/helicopter"' in html
    mark = re.search(r'<mark [^>]*id="claim-(\d+)"[^>]*>(.*?)</mark>(<a [^>]*>.*?</a>)', html)
    assert mark is not None
    assert int(mark.group(1)) == world.claim.pk
    assert mark.group(2) == "all those on board are dead"
    badge = mark.group(3)
    assert f'href="{world.claim.get_absolute_url()}"' in badge
    assert "badge--mostly-true" in badge and "Mostly true" in badge


def test_article_page_lists_related_links_and_drops_unsafe_urls(client, world):
    ArticleLink.objects.create(
        article=world.article,
        text="Helicopter lost near Palmyra",
        url="https://x.example/p",
        position=10,
    )
    ArticleLink.objects.create(
        article=world.article, text="Script link", url="javascript:alert(1)", position=20
    )
    ArticleLink.objects.create(
        article=world.article,
        text="Inline link",
        url="https://x.example/i",
        position=5,
        inline=True,
    )
    html = client.get(world.article.get_absolute_url()).content.decode()
    assert (
        '<a href="https://x.example/p" rel="noopener nofollow">Helicopter lost near Palmyra' in html
    )
    assert "Script link" in html
    assert "javascript:" not in html
    assert "Inline link" not in html


def test_article_text_is_escaped(client, reviewer, editor):
    article = ArticleFactory(
        slug="hostile", text='Fine <img src=x onerror="alert(1)"> text. Five died here.'
    )
    claim = ClaimFactory(article=article, quote="Five died here")
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_overlapping_claims_each_get_an_anchor_and_a_badge(client, world, reviewer, editor):
    inner = ClaimFactory(article=world.article, quote="on board are dead")
    PublishedVerdictFactory(claim=inner, author=reviewer, approved_by=editor, rating="false")
    html = client.get(world.article.get_absolute_url()).content.decode()
    ids = outline(html).ids
    assert f"claim-{world.claim.pk}" in ids and f"claim-{inner.pk}" in ids
    assert html.count('class="claim-badge') == 2


def test_moved_or_orphaned_claims_are_listed_but_not_misplaced(client, world):
    Claim.objects.filter(pk=world.claim.pk).update(
        anchor_state=Claim.AnchorState.ORPHANED, start=0, end=5
    )
    html = client.get(world.article.get_absolute_url()).content.decode()
    assert "<mark" not in html
    assert world.claim.get_absolute_url() in html  # still in "Checked in this article"


def test_unknown_article_is_404(client, db):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


# Claim -----------------------------------------------------------------------
def test_claim_page_shows_quote_claimant_chain_verdict_sources_and_context(reader, world):
    html = reader.get(world.claim.get_absolute_url()).content.decode()
    assert "all those on board are dead" in html
    assert 'href="/claimants/dmitry-peskov/">Dmitry Peskov</a>, Kremlin spokesman' in html
    assert 'as reported by <a href="/claimants/ap/">Associated Press</a>' in html
    assert "badge--mostly-true" in html
    assert "4 on a scale of 1 (false) to 5 (true)" in html
    assert "The ministry's <em>own</em> statement lists <strong>five</strong> dead." in html
    # The sentence in context, with the quote marked, and a link into the article.
    assert (
        'confirmed that <mark class="claim-mark claim-mark--mostly-true">all those on board '
        "are dead</mark>."
    ) in html
    assert f'href="{world.article.get_absolute_url()}#claim-{world.claim.pk}"' in html
    # Sources with publisher, kind and stance.
    assert 'href="https://mil.example.org/statement"' in html
    assert "Russian MoD" in html and "Official statement" in html
    assert "Supports" in html and "Context" in html
    assert "5 killed (3 crew, 2 officers)" in html
    assert "has not been corrected" in html


def test_claim_page_lists_the_articles_other_published_claims(client, world, reviewer, editor):
    other = ClaimFactory(article=world.article, quote="the Defense Ministry said")
    PublishedVerdictFactory(claim=other, author=reviewer, approved_by=editor)
    html = client.get(world.claim.get_absolute_url()).content.decode()
    assert "Other claims checked in this article" in html
    assert other.get_absolute_url() in html


def test_claim_page_shows_its_corrections_newest_first(client, world, editor):
    Correction.objects.create(verdict=world.verdict, note="First fix.", created_by=editor)
    Correction.objects.create(verdict=world.verdict, note="Second fix.", created_by=editor)
    html = client.get(world.claim.get_absolute_url()).content.decode()
    assert html.index("Second fix.") < html.index("First fix.")
    assert "corrected 2 times" in html


def test_rationale_markdown_is_sanitized(client, world):
    world.verdict.rationale = (
        '<script>alert(1)</script> [x](javascript:alert(2)) <a href="#" onclick="y()">a</a>'
    )
    world.verdict.save()
    html = client.get(world.claim.get_absolute_url()).content.decode()
    page = outline(html)
    assert page.scripts == 0
    assert page.event_handlers == []
    assert not [href for href in page.hrefs if href.lower().startswith("javascript")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, inert


def test_source_with_unsafe_url_is_shown_without_link(client, world):
    source = world.claim.evidence.first().source
    type(source).objects.filter(pk=source.pk).update(url="javascript:alert(1)")
    html = client.get(world.claim.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert source.title in html


def test_claim_url_with_wrong_or_missing_slug_redirects_to_canonical(client, world):
    canonical = world.claim.get_absolute_url()
    for url in (f"/claims/{world.claim.pk}-old-slug/", f"/claims/{world.claim.pk}/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_unknown_claim_is_404(client, db):
    assert client.get("/claims/999999-nothing/").status_code == 404


def test_claim_without_claimant_or_sentence_still_renders(client, reviewer, editor):
    claim = ClaimFactory(quote="Three crew and two officers", sentence="", claimant=None)
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor, rating="unproven")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Unproven" in html
    assert "on a scale of" not in html
    assert (
        '<mark class="claim-mark claim-mark--unproven">Three crew and two officers</mark>' in html
    )


# Claimant ----------------------------------------------------------------------
def test_claimant_page_lists_published_claims_made_or_relayed(client, world):
    html = client.get(world.claimant.get_absolute_url()).content.decode()
    assert "Dmitry Peskov" in html and "Kremlin spokesman" in html
    assert world.claim.get_absolute_url() in html
    assert "1 published fact-check of claims" in html
    assert 'role="img"' in html
    relayer = client.get("/claimants/ap/").content.decode()
    assert world.claim.get_absolute_url() in relayer


def test_unknown_claimant_is_404(client, db):
    assert client.get("/claimants/nobody/").status_code == 404


# Corrections and methodology ---------------------------------------------------------
def test_corrections_are_listed_newest_first_with_links(client, world, editor):
    Correction.objects.create(verdict=world.verdict, note="Rating upgraded.", created_by=editor)
    html = client.get("/corrections/").content.decode()
    assert html.index("Rating upgraded.") < html.index("Withdrawn: the source was misread.")
    assert world.claim.get_absolute_url() in html


def test_methodology_explains_scale_process_and_two_source_rule(client, db):
    html = client.get("/about/").content.decode()
    for label in ("True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven",
                  "Misattributed", "Correctly attributed"):  # fmt: skip
        assert f">{label}</span>" in html
    assert "5 of 5" in html and "1 of 5" in html
    assert "two-source rule" in html.lower()
    assert "How claims are found" in html and "How claims are reviewed" in html


def test_pages_use_only_local_static_assets(client, world):
    html = client.get(world.claim.get_absolute_url()).content.decode()
    for link in re.findall(r'<link [^>]*href="([^"]+)"', html):
        assert link.startswith(("/", "http://testserver")), link
    assert "/static/css/public.css" in html


def test_sources_without_url_scheme_do_not_break_the_page(client, world):
    SourceFactory(url="https://unused.example.org/")
    assert client.get(world.claim.get_absolute_url()).status_code == 200


def test_error_pages_render_on_their_own(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.views import defaults

    request = rf.get("/review/secret/")
    request.user = AnonymousUser()
    forbidden = defaults.permission_denied(request, exception=None)
    assert forbidden.status_code == 403
    assert "log in" in forbidden.content.decode()
    server_error = defaults.server_error(request)
    assert server_error.status_code == 500
    assert "Something went wrong on our side" in server_error.content.decode()


# Odd input and odd data --------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/claims/99999999999999999999-too-long/",
        "/claims/9223372036854775808/",
        "/claims/0-zero/",
        "/claimants/no-such-claimant/?page=abc",
        "/articles/%D1%82%D0%B5%D1%81%D1%82/",
    ],
)
def test_impossible_addresses_are_404_never_an_error(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"date_from": "notadate"},
        {"date_to": "2016-02-30"},
        {"rating": "bogus"},
        {"kind": "bogus"},
        {"sort": "bogus"},
        {"outlet": "no-such-outlet"},
        {"q": "\x00"},
        {"q": "Ωμέγα 🚁"},
    ],
)
def test_bad_query_parameters_on_every_list_never_fail(client, world, params):
    # A NUL byte is refused before any view runs (config.security): a 400, not a failure.
    expected = 400 if any("\x00" in value for value in params.values()) else 200
    for url in ("/", "/claims/", "/corrections/", world.claimant.get_absolute_url()):
        assert client.get(url, params).status_code == expected, (url, params)


def test_claim_stated_by_the_outlet_itself_says_so(client, reviewer, editor):
    claim = ClaimFactory(claimant=None)
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f"Stated by {claim.article.outlet.name} in the article itself" in html


def test_claim_known_only_through_its_relays_names_them(client, reviewer, editor):
    claim = ClaimFactory(claimant=None)
    for position, name in enumerate(["Associated Press", "Reuters"]):
        ClaimRelay.objects.create(
            claim=claim, claimant=ClaimantFactory(name=name), position=position
        )
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = " ".join(client.get(claim.get_absolute_url()).content.decode().split())
    assert re.search(r"Reported by <a [^>]*>Associated Press</a> and <a [^>]*>Reuters</a>", html)


@pytest.mark.parametrize(
    ("anchor_state", "stale", "notice"),
    [
        ("changed", False, "the wording of this passage changed"),
        ("anchored", True, "the wording of this passage changed"),
        ("orphaned", False, "the passage it checks is no longer in it"),
        ("anchored", False, None),
    ],
)
def test_claim_page_says_when_the_article_changed_after_publication(
    client, world, anchor_state, stale, notice
):
    Claim.objects.filter(pk=world.claim.pk).update(anchor_state=anchor_state)
    type(world.verdict).objects.filter(pk=world.verdict.pk).update(stale=stale)
    claims_refresh_queue_state(claim_ids=[world.claim.pk])
    html = client.get(world.claim.get_absolute_url()).content.decode()
    if notice:
        assert notice in html
    else:
        assert "has been edited since this fact-check" not in html


QUOTED_STATEMENT = (
    '"On August 1, an Mi-8 transport helicopter has been shot down by ground fire in Idlib '
    "province after a delivery of humanitarian aid to the city of Aleppo. Three crew members "
    'and two officers from the Russian Reconciliation Center in Syria were on board," the '
    "Defense Ministry said"
)


@pytest.fixture
def long_quote(reviewer, editor):
    article = ArticleFactory(
        slug="long-quote", text=f"Intro.\n\n{QUOTED_STATEMENT} in a statement."
    )
    claim = ClaimFactory(article=article, quote=QUOTED_STATEMENT, kind=Claim.Kind.ATTRIBUTION)
    PublishedVerdictFactory(
        claim=claim, author=reviewer, approved_by=editor, rating="correctly-attributed"
    )
    return claim


def test_a_quoted_statement_gets_no_second_pair_of_quotation_marks(client, long_quote):
    for url in (
        long_quote.get_absolute_url(),
        "/",
        "/claims/",
        long_quote.article.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "“&quot;" not in html and '“"' not in html, url


def test_a_very_long_quote_is_whole_on_its_page_and_cut_in_lists(client, long_quote):
    page = client.get(long_quote.get_absolute_url()).content.decode()
    assert "Defense Ministry said</h1>" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert len(title) < 140 and "…" in title
    listing = client.get("/claims/").content.decode()
    item = re.search(r'<h3 class="claim-item__quote".*?</h3>', listing, re.S).group(0)
    assert "…" in item and "Defense Ministry said" not in item


def test_non_ascii_text_is_shown_and_found_everywhere(client, reviewer, editor):
    text = "Министерство обороны сообщило: все пятеро на борту погибли. Ça va, Zürich."
    article = ArticleFactory(title="Вертолёт Ми-8 сбит над Идлибом", slug="mi-8-idlib", text=text)
    claimant = ClaimantFactory(name="Дмитрий Песков", slug="dmitrii-peskov", kind="person")
    claim = ClaimFactory(
        article=article, quote="все пятеро на борту погибли", claimant=claimant, sentence=text
    )
    PublishedVerdictFactory(
        claim=claim, author=reviewer, approved_by=editor, rationale="Подтверждено **дважды**."
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "все пятеро на борту погибли" in page and "<strong>дважды</strong>" in page
    assert "Дмитрий Песков" in page
    assert (
        "Вертолёт Ми-8 сбит над Идлибом" in client.get(article.get_absolute_url()).content.decode()
    )
    assert client.get(claimant.get_absolute_url()).status_code == 200
    found = client.get("/claims/", {"q": "ПОГИБЛИ песков"}).context["page"].object_list
    assert list(found) == [claim]
    feed = client.get("/claimreview.json").content.decode()
    assert "все пятеро на борту погибли" in feed  # readable, not \\u-escaped


def test_article_without_its_original_url_still_has_a_page(client, reviewer, editor):
    article = ArticleFactory(url="", slug="no-url", published_on=None, outlet=None)
    claim = ClaimFactory(article=article, claimant=None)
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Read the original" not in html
    assert f'id="claim-{claim.pk}"' in html
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "the original" not in page
    assert "Stated by" not in page  # no outlet to name


def test_corrections_show_the_rating_the_fact_check_has_now(client, world, editor):
    Correction.objects.create(verdict=world.verdict, note="Rating upgraded.", created_by=editor)
    html = " ".join(client.get("/corrections/").content.decode().split())
    assert 'now rated <span class="badge badge--mostly-true">Mostly true</span>' in html
