"""Publication dates: given on import, missing from a seed file, set by a reviewer."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.parsing import ParseError, parse_article
from articles.services import article_import, article_set_date
from claims.permissions import NotAllowed, ServiceError
from tests.api.conftest import token_client
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

UNDATED_SEED = """---
Helicopter downed near Idlib
---

Three crew and two officers died, the ministry said.
"""


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


PASTE = "Helicopter downed near Idlib\n\nThree crew and two officers died, the ministry said.\n"


def test_a_seed_file_with_an_empty_date_line_is_undated_with_a_warning():
    parsed = parse_article(UNDATED_SEED, source_format="seed")
    assert parsed.published_on is None
    assert parsed.text.endswith("Three crew and two officers died, the ministry said.")
    assert parsed.warnings == ["the date line is empty: imported without a publication date"]


def test_a_seed_file_with_a_wrong_date_line_is_still_refused():
    with pytest.raises(ParseError, match="expected the date as DD/MM/YYYY"):
        parse_article("---\nTitle\n---\nyesterday\nBody.\n", source_format="seed")


def test_the_import_command_imports_an_undated_seed_file_and_says_so(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(UNDATED_SEED)
    out = StringIO()
    call_command("import_articles", str(path), "--format", "seed", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(
        ": imported: Helicopter downed near Idlib"
        " (warning: the date line is empty: imported without a publication date)"
    )
    assert Article.objects.get().published_on is None


def test_a_date_given_on_import_wins_over_the_file():
    result = article_import(raw=UNDATED_SEED, published_on=dt.date(2016, 8, 1))
    assert result.article.published_on == dt.date(2016, 8, 1)
    assert result.warnings == []


def test_pasting_an_article_with_a_date_keeps_it(as_reviewer):
    response = as_reviewer.post(
        reverse("review:article-new"), {"text": PASTE, "published_on": "2016-08-01"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.published_on == dt.date(2016, 8, 1)


def test_pasting_an_undated_article_imports_it_with_a_warning(as_reviewer):
    response = as_reviewer.post(reverse("review:article-new"), {"text": PASTE}, follow=True)
    page = response.content.decode()
    assert Article.objects.get().published_on is None
    assert "No publication date found: the article is undated; set it on this page." in page
    assert "Set the publication date" in page


def test_a_bad_date_on_the_form_rerenders_it_and_imports_nothing(as_reviewer):
    response = as_reviewer.post(
        reverse("review:article-new"), {"text": PASTE, "published_on": "2016-13-45"}
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not Article.objects.exists()


def test_the_api_import_takes_a_date_and_reports_warnings(reviewer):
    client = token_client(reviewer)
    dated = client.post(
        "/api/v1/articles/import/",
        {"text": UNDATED_SEED, "published_on": "2016-08-01"},
        format="json",
    )
    assert dated.status_code == 201, dated.json()
    assert dated.json()["article"]["published_on"] == "2016-08-01"
    assert dated.json()["warnings"] == []
    other = PASTE.replace("Idlib", "Aleppo")
    undated = client.post("/api/v1/articles/import/", {"text": other}, format="json")
    assert undated.status_code == 201
    assert undated.json()["article"]["published_on"] is None
    assert undated.json()["warnings"] == []  # nothing odd in the file: it has no date
    empty_line = client.post(
        "/api/v1/articles/import/",
        {"text": UNDATED_SEED.replace("Idlib", "Homs")},
        format="json",
    )
    assert empty_line.json()["warnings"] == [
        "the date line is empty: imported without a publication date"
    ]
    bad = client.post(
        "/api/v1/articles/import/",
        {"text": PASTE + "x", "published_on": "01/08/2016"},
        format="json",
    )
    assert bad.status_code == 400


def test_a_reviewer_sets_and_corrects_the_date_with_history(as_reviewer, reviewer):
    article = ArticleFactory(published_on=None)
    url = reverse("review:article-date", args=[article.pk])
    response = as_reviewer.post(url, {"published_on": "2016-08-01"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_on == dt.date(2016, 8, 1)
    as_reviewer.post(url, {"published_on": "2016-08-02"})
    article.refresh_from_db()
    assert article.published_on == dt.date(2016, 8, 2)
    last = article.history.first()
    assert last.history_user == reviewer and last.published_on == dt.date(2016, 8, 2)
    assert article.history.count() >= 3


def test_a_bad_date_on_the_article_page_changes_nothing(as_reviewer):
    article = ArticleFactory(published_on=dt.date(2016, 8, 1))
    response = as_reviewer.post(
        reverse("review:article-date", args=[article.pk]), {"published_on": "someday"}
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    article.refresh_from_db()
    assert article.published_on == dt.date(2016, 8, 1)


def test_a_future_date_is_refused(reviewer):
    article = ArticleFactory(published_on=None)
    with pytest.raises(ServiceError, match="future"):
        article_set_date(
            article=article, by=reviewer, published_on=dt.date.today() + dt.timedelta(days=30)
        )


def test_only_reviewers_set_dates(outsider):
    article = ArticleFactory(published_on=None)
    with pytest.raises(NotAllowed):
        article_set_date(article=article, by=outsider, published_on=dt.date(2016, 8, 1))
