"""Importing an article and reviewing its claims: confirm, dismiss, add by hand."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleVersion, Outlet
from claims.models import Claim
from tests.conftest import SEED_TITLE
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

NEW = reverse("review:article-new")


def article_url(article) -> str:
    return reverse("review:article", args=[article.pk])


# ------------------------------------------------------------------------------
# New article
# ------------------------------------------------------------------------------
def test_pasting_the_seed_imports_it_and_opens_its_review_page(as_reviewer, seed_bytes):
    response = as_reviewer.post(
        NEW,
        {"text": seed_bytes.decode(), "outlet": "RT", "url": "https://www.rt.com/news/353904/"},
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == article_url(article)
    assert article.title == SEED_TITLE
    assert article.outlet.name == "RT" and article.url == "https://www.rt.com/news/353904/"
    page = as_reviewer.get(response.url)
    assert "Imported" in page.content.decode()
    assert "Three crew and two officers" in page.content.decode()


def test_uploading_a_file_imports_it(as_reviewer, seed_bytes):
    upload = SimpleUploadedFile("story.txt", seed_bytes, content_type="text/plain")
    response = as_reviewer.post(NEW, {"file": upload, "source_format": "seed"})
    assert response.status_code == 302
    assert Article.objects.get().source_format == "seed"


def test_importing_the_same_article_again_says_unchanged(as_reviewer, seed_article, seed_bytes):
    response = as_reviewer.post(NEW, {"text": seed_bytes.decode()}, follow=True)
    assert "already here, unchanged" in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "web address, paste the article"),
        ({"text": "   "}, "web address, paste the article"),
        ({"text": "---\n\n---\n01/08/2016\nbody"}, "could not be imported"),
        ({"text": "Title\nBody text", "url": "javascript:alert(1)"}, "invalid url"),
        ({"text": "Title\nBody", "source_format": "pdf"}, "Select a valid choice"),
    ],
)
def test_import_errors_rerender_the_form_and_write_nothing(as_reviewer, data, message):
    response = as_reviewer.post(NEW, {**data, "outlet": "A new outlet"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not ArticleVersion.objects.exists()
    assert not Outlet.objects.exists()
    assert not Claim.objects.exists()


def test_text_and_file_together_are_refused(as_reviewer, seed_bytes):
    upload = SimpleUploadedFile("story.txt", seed_bytes)
    response = as_reviewer.post(NEW, {"text": "Title\nBody", "file": upload})
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_binary_upload_is_refused_with_the_importers_message(as_reviewer):
    upload = SimpleUploadedFile("photo.txt", b"\x89PNG\x00\x00\x00binary")
    response = as_reviewer.post(NEW, {"file": upload})
    assert response.status_code == 400
    # The importer's own reason follows this prefix (its wording is the importer's).
    assert "The article could not be imported: " in response.content.decode()
    assert not Article.objects.exists()


def _csrf_client(user):
    """A client that checks CSRF tokens, as browsers are checked, with a token in hand."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = client.get(NEW).cookies["csrftoken"].value
    return client, token


def _nothing_written() -> bool:
    return not (
        Article.objects.exists()
        or ArticleVersion.objects.exists()
        or Outlet.objects.exists()
        or Claim.objects.exists()
    )


def test_a_paste_too_large_to_read_says_so_in_the_page_and_writes_nothing(reviewer, settings):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE Django cannot read the form, not even its CSRF
    token: the reviewer still gets the form, in the site's layout, with the limit."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 40_000
    client, token = _csrf_client(reviewer)
    text = "A title\n\n" + "All five aboard died. " * 4000  # about 88 kB
    for encode in ("multipart", "urlencoded"):
        if encode == "multipart":
            response = client.post(NEW, {"text": text, "outlet": "X", "csrfmiddlewaretoken": token})
        else:
            body = urlencode({"text": text, "outlet": "X", "csrfmiddlewaretoken": token})
            response = client.post(NEW, body, content_type="application/x-www-form-urlencoded")
        page = response.content.decode()
        assert response.status_code == 413, encode
        assert "The article is too large" in page and "(40,000 bytes)" in page
        assert "Nothing was imported." in page
        # The review layout (its menu, the reviewer's name) and the form to try again.
        assert 'aria-current="page">New article</a>' in page and "Log out alice" in page
        assert 'name="csrfmiddlewaretoken"' in page and 'name="text"' in page
    assert _nothing_written()


def test_a_paste_over_the_import_limit_is_a_form_error_naming_the_limit(as_reviewer, settings):
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 2_000
    response = as_reviewer.post(NEW, {"text": "A title\n\n" + "é" * 1_500, "outlet": "X"})
    page = response.content.decode()
    assert response.status_code == 400
    # 3,008 bytes in UTF-8, though only 1,509 characters.
    assert "The article is too large" in page and "(2,000 bytes)" in page
    assert _nothing_written()


def test_an_oversized_upload_is_a_form_error_naming_the_limit(as_reviewer, settings):
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 2_000
    upload = SimpleUploadedFile("long.txt", b"A title\n\n" + b"word " * 1_000)
    response = as_reviewer.post(NEW, {"file": upload})
    assert response.status_code == 400
    assert "The article is too large" in response.content.decode()
    assert _nothing_written()


def test_the_import_form_tells_review_js_the_limit(as_reviewer, settings):
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 2_000
    page = as_reviewer.get(NEW).content.decode()
    assert 'data-max-bytes="2000"' in page
    assert 'id="import-size-error"' in page


def test_the_import_form_still_checks_its_csrf_token(reviewer):
    client, _token = _csrf_client(reviewer)
    response = client.post(NEW, {"text": "A title\n\nBody text."})
    assert response.status_code == 403
    assert _nothing_written()


def test_the_import_form_with_its_csrf_token_imports(reviewer, seed_bytes):
    client, token = _csrf_client(reviewer)
    response = client.post(NEW, {"text": seed_bytes.decode(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Article.objects.get().title == SEED_TITLE


def test_an_oversized_post_from_a_logged_out_browser_goes_to_the_login_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(NEW, {"text": "x" * 5_000})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert _nothing_written()


# ------------------------------------------------------------------------------
# Article review page
# ------------------------------------------------------------------------------
def test_article_page_lists_claims_in_text_order_with_highlights(as_reviewer, article):
    later = ClaimFactory(article=article, quote="Dmitry Peskov", kind="attribution")
    earlier = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    response = as_reviewer.get(article_url(article))
    assert [claim.pk for claim, _ in response.context["items"]] == [earlier.pk, later.pk]
    html = response.content.decode()
    assert 'class="claim claim--casualty claim--candidate"' in html
    assert 'class="claim claim--attribution claim--confirmed"' in html
    assert f'data-start="{earlier.start}" data-claims="{earlier.pk}"' in html


def test_rendered_segments_rebuild_the_article_text(as_reviewer, article):
    """review.js relies on every segment's text starting at its data-start offset."""
    ClaimFactory(article=article)
    ClaimFactory(article=article, quote="Kremlin spokesman Dmitry Peskov")
    ClaimFactory(article=article, quote="Dmitry Peskov", kind="attribution")
    response = as_reviewer.get(article_url(article))
    for paragraph in response.context["text"]:
        for segment in paragraph:
            assert article.text[segment.start : segment.start + len(segment.text)] == segment.text


def test_article_text_is_escaped(as_reviewer):
    article = ArticleFactory(text='<img src=x onerror="alert(1)"> said <b>nobody</b>.')
    ClaimFactory(article=article, quote="<b>nobody</b>")
    html = as_reviewer.get(article_url(article)).content.decode()
    assert "<img src=x" not in html and "<b>nobody</b>" not in html
    assert "&lt;b&gt;nobody&lt;/b&gt;" in html


def test_dismissed_claims_are_listed_apart_and_not_highlighted(as_reviewer, article):
    dismissed = ClaimFactory(article=article, status=Claim.Status.DISMISSED)
    response = as_reviewer.get(article_url(article))
    assert response.context["items"] == []
    assert [c.pk for c, _ in response.context["dismissed"]] == [dismissed.pk]
    assert "<mark" not in response.content.decode().split('id="article-text"')[1].split("</div>")[0]


@pytest.mark.parametrize("n", [1, 25])
def test_article_page_query_count_does_not_grow(
    client, reviewer, other_reviewer, django_assert_num_queries, n
):
    words = [f"word{i}" for i in range(n)]
    article = ArticleFactory(text="Lead. " + " ".join(words) + ".")
    for i, word in enumerate(words):
        claim = ClaimFactory(
            article=article,
            quote=word,
            claimant=ClaimantFactory(),
            assigned_to=other_reviewer,
            status=[Claim.Status.CANDIDATE, Claim.Status.CONFIRMED, Claim.Status.DISMISSED][i % 3],
        )
        VerdictFactory(claim=claim, author=reviewer)
        if i % 2:
            PublishedVerdictFactory(claim=claim, author=reviewer)
    client.force_login(reviewer)
    # 1 session, 2 user, 3 groups and publish permission (the Approvals link),
    # 4 article with outlet and event, 5 claims with claimant and assignee,
    # 6 their verdicts (prefetch), 7 the header's bell: the unread notifications count.
    with django_assert_num_queries(7):
        response = client.get(article_url(article))
    assert len(response.context["items"]) + len(response.context["dismissed"]) == n


def test_manual_claim_error_is_announced_at_the_top_and_the_form_is_the_target(
    as_reviewer, article
):
    response = as_reviewer.post(add_url(article), {"kind": "statement", "exact": "Kremlin"})
    html = response.content.decode()
    assert "The claim was not added." in html
    assert 'href="#add-claim"' in html
    assert f'action="{add_url(article)}#add-claim"' in html


def test_keyboard_and_selection_hints_appear_only_with_javascript(as_reviewer, article):
    ClaimFactory(article=article)
    html = as_reviewer.get(article_url(article)).content.decode()
    assert '<span class="hint__keys" data-needs-js hidden>' in html
    assert "<kbd>c</kbd> confirm" in html


# ------------------------------------------------------------------------------
# Confirm and dismiss
# ------------------------------------------------------------------------------
def test_reviewer_confirms_a_candidate(as_reviewer, candidate):
    response = as_reviewer.post(reverse("review:claim-confirm", args=[candidate.pk]))
    assert response.status_code == 302
    assert response.url == article_url(candidate.article) + f"#item-{candidate.pk}"
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CONFIRMED and candidate.reviewed


def test_other_reviewer_dismisses_a_candidate(client, other_reviewer, candidate):
    client.force_login(other_reviewer)
    client.post(reverse("review:claim-dismiss", args=[candidate.pk]))
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.DISMISSED


def test_editor_confirms_a_candidate(as_editor, candidate):
    as_editor.post(reverse("review:claim-confirm", args=[candidate.pk]))
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CONFIRMED


def test_dismissing_a_published_claim_is_refused_with_a_message(as_reviewer, candidate):
    PublishedVerdictFactory(claim=candidate)
    response = as_reviewer.post(reverse("review:claim-dismiss", args=[candidate.pk]), follow=True)
    assert response.status_code == 200
    assert "withdraw the verdict first" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CANDIDATE


# ------------------------------------------------------------------------------
# Manual claims
# ------------------------------------------------------------------------------
def add_url(article) -> str:
    return reverse("review:claim-add", args=[article.pk])


def test_manual_claim_by_selection_offsets(as_reviewer, reviewer, article):
    start = article.text.index("the Defense Ministry said")
    end = start + len("the Defense Ministry said")
    response = as_reviewer.post(
        add_url(article),
        {"kind": "attribution", "start": start, "end": end, "exact": "the Defense Ministry said"},
    )
    claim = Claim.objects.get()
    assert response.url == article_url(article) + f"#item-{claim.pk}"
    assert (claim.start, claim.end, claim.kind) == (start, end, "attribution")
    assert claim.status == Claim.Status.CONFIRMED and claim.created_by == reviewer


def test_manual_claim_offsets_are_code_points_not_utf16_units(as_reviewer):
    """An emoji is one Python character but two JavaScript ones: offsets are Python's."""
    article = ArticleFactory(text="🚁 down. Three crew and two officers died.")
    start = article.text.index("Three")
    response = as_reviewer.post(
        add_url(article),
        {
            "kind": "casualty",
            "start": start,
            "end": start + 27,
            "exact": "Three crew and two officers",
        },
    )
    assert response.status_code == 302
    assert Claim.objects.get().exact == "Three crew and two officers"


def test_manual_claim_by_quote_without_javascript(as_reviewer, article):
    response = as_reviewer.post(
        add_url(article), {"kind": "statement", "exact": "shot down by ground fire"}
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert article.text[claim.start : claim.end] == "shot down by ground fire"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "statement", "exact": "not in this article"}, "not in the article text"),
        ({"kind": "statement", "exact": "Kremlin"}, "more than once"),
        ({"kind": "statement", "exact": ""}, "Select a passage"),
        ({"kind": "statement", "start": 0, "end": 9, "exact": "wrong"}, "does not match"),
        ({"kind": "statement", "start": 5, "end": 99999}, "outside the article"),
        ({"kind": "statement", "start": 20, "end": 5}, "The start (20) must come before the end"),
        ({"kind": "statement", "start": 7, "end": 7}, "The passage is empty"),
        ({"kind": "rumour", "exact": "Dmitry Peskov"}, "Select a valid choice"),
    ],
)
def test_bad_manual_claims_are_form_errors(as_reviewer, article, data, message):
    response = as_reviewer.post(add_url(article), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_the_same_passage_twice_is_refused(as_reviewer, article):
    ClaimFactory(article=article, quote="Dmitry Peskov", status=Claim.Status.CANDIDATE)
    response = as_reviewer.post(add_url(article), {"kind": "attribution", "exact": "Dmitry Peskov"})
    assert response.status_code == 400
    assert "already a claim on exactly this passage" in response.content.decode()
    assert Claim.objects.count() == 1


def test_article_list_counts_claims_per_article(client, reviewer, django_assert_num_queries):
    busy, quiet = ArticleFactory(), ArticleFactory()
    ClaimFactory(article=busy, status=Claim.Status.CANDIDATE)
    ClaimFactory(article=busy, quote="Dmitry Peskov")
    client.force_login(reviewer)
    # session, user, groups and publish permission (the Approvals link), paginator
    # count, the page of articles with outlets, claim counts for the page's articles,
    # failing feeds (banner), the header's bell: the unread notifications count.
    with django_assert_num_queries(8):
        response = client.get(reverse("review:articles"))
    counts = {a.pk: (a.candidates, a.confirmed) for a in response.context["page"].object_list}
    assert counts == {busy.pk: (1, 1), quiet.pk: (0, 0)}


# ------------------------------------------------------------------------------
# Import by URL
# ------------------------------------------------------------------------------
def test_giving_only_an_address_fetches_and_imports_the_page(as_reviewer, page_server, reviewer):
    from tests.pageserver import story_page

    url = page_server.add("/2024/03/05/ferry.html", story_page())
    response = as_reviewer.post(NEW, {"url": url})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == article_url(article)
    assert article.url == url and article.title == "Ferry capsizes off Lesbos, 12 missing"
    assert article.history.get().history_user == reviewer
    again = as_reviewer.post(NEW, {"url": url}, follow=True)
    assert "already here, unchanged" in again.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "the cloud metadata service"),
        ("http://127.0.0.1:9/", "this machine (loopback)"),
        ("not an address", "is not a web address"),
    ],
)
def test_an_address_that_cannot_be_fetched_rerenders_the_form(as_reviewer, settings, url, message):
    settings.CLAIMTRACK_FETCH_ALLOW = []
    response = as_reviewer.post(NEW, {"url": url, "outlet": "A new outlet"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The article could not be imported: the page could not be fetched" in page
    assert message in page
    assert not Article.objects.exists() and not Outlet.objects.exists()


def test_anonymous_cannot_import_by_url(client, page_server):
    url = page_server.add("/ferry", b"<h1>Ferry</h1><p>Text.</p>")
    response = client.post(NEW, {"url": url})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert page_server.requests == [] and not Article.objects.exists()
