"""What a new user meets: demo log-ins on the log-in page, the public home's empty
state, the queue grouped by article, one date format, consistent labels."""

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def test_login_page_lists_the_demo_accounts_in_development(client, settings):
    settings.DEBUG = True
    UserFactory(username="reviewer", role="Reviewer")
    UserFactory(username="editor", role="Editor")
    html = client.get(LOGIN).content.decode()
    assert "Demo log-ins" in html
    assert "<code>reviewer</code>" in html and "<code>editor</code>" in html
    # Only accounts that exist: load_demo was not asked for the others.
    assert "<code>reviewer2</code>" not in html


def test_login_page_never_lists_demo_accounts_in_production(client, settings):
    settings.DEBUG = False
    UserFactory(username="reviewer", role="Reviewer")
    html = client.get(LOGIN).content.decode()
    assert "Demo log-ins" not in html and "<code>reviewer</code>" not in html


def test_empty_public_home_says_how_a_fact_check_gets_published(client):
    html = client.get(reverse("claims:home")).content.decode()
    assert "No fact-checks have been published yet." in html
    assert "an editor other than its writer has approved it" in html
    assert f'href="{LOGIN}?next=/review/"' in html


def test_queue_shows_each_article_once_with_its_claims_under_it(as_reviewer):
    first = ArticleFactory(title="Helicopter down over Idlib", published_on=dt.date(2016, 8, 1))
    second = ArticleFactory(title="Ferry sinks off Sulawesi", published_on=dt.date(2016, 7, 1))
    claims = [
        ClaimFactory(article=first, quote="Three crew"),
        ClaimFactory(article=first, quote="two officers"),
        ClaimFactory(article=second, quote="Three crew"),
    ]
    response = as_reviewer.get(reverse("review:queue"))
    html = response.content.decode()
    assert html.count("Helicopter down over Idlib") == 1
    assert html.count("Ferry sinks off Sulawesi") == 1
    groups = response.context["groups"]
    assert [(article.pk, [c.pk for c, _ in rows]) for article, rows in groups] == [
        (first.pk, [claims[0].pk, claims[1].pk]),
        (second.pk, [claims[2].pk]),
    ]
    assert "1 Aug 2016" in html and "Aug. 1, 2016" not in html


def test_one_date_format_on_review_pages(as_reviewer):
    article = ArticleFactory(published_on=dt.date(2016, 8, 1))
    claim = ClaimFactory(article=article, status=Claim.Status.CANDIDATE)
    for url in (
        reverse("review:article", args=[article.pk]),
        reverse("review:articles"),
        reverse("review:claim", args=[claim.pk]),
    ):
        html = as_reviewer.get(url).content.decode()
        assert "Aug. 1, 2016" not in html and "1 August 2016" not in html, url


def test_day_filters():
    template = engines["jinja2"].env.from_string("{{ d|day }}|{{ t|day_time }}|{{ none|day }}")
    moment = dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC)
    html = template.render({"d": dt.date(2016, 8, 1), "t": moment, "none": None})
    assert html == "1 Aug 2016|6 Dec 2026, 14:05|"


def test_review_form_labels_have_no_trailing_colon(as_reviewer, article):
    html = as_reviewer.get(reverse("review:article", args=[article.pk])).content.decode()
    assert '<label for="id_kind">Kind</label>' in html
    assert ":</label>" not in html


def test_add_a_claim_sits_at_the_top_of_the_claims_panel(as_reviewer, article):
    ClaimFactory(article=article)
    html = as_reviewer.get(reverse("review:article", args=[article.pk])).content.decode()
    assert html.index('id="add-claim"') < html.index('id="claim-list"')
