"""The queue's claim rows, written in Python: escaped as the templates escape, and
the same badges as the template macro the other review pages use."""

import itertools

import pytest
from django.template import engines
from django.urls import reverse

from claims.models import Verdict
from claims.review.presentation import verdict_badge
from claims.selectors import VerdictBadge
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, UserFactory

QUEUE = reverse("review:queue")


@pytest.mark.parametrize(
    "verdict",
    [
        None,
        *(
            VerdictBadge(rating, status, stale)
            for rating, status, stale in itertools.product(
                Verdict.Rating.values, Verdict.Status.values, [False, True]
            )
        ),
    ],
)
def test_queue_badges_are_the_verdict_badge_macro(verdict):
    macro = engines["jinja2"].env.get_template("review/_verdict_badge.html").module.verdict_badge
    assert verdict_badge(verdict) == str(macro(verdict))


@pytest.mark.django_db
def test_queue_rows_escape_hostile_text_as_the_templates_do(client, reviewer):
    hostile = "<b>\"Ann\" & 'Bob'</b>"
    text = f"Officials said {hostile} twice."
    article = ArticleFactory(text=text)
    claimant = ClaimantFactory(name=hostile)
    ClaimFactory(article=article, quote=hostile, claimant=claimant, assigned_to=reviewer)
    UserFactory(username="o'neil&<co>", role="Reviewer")
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    escaped = "&lt;b&gt;&quot;Ann&quot; &amp; &#x27;Bob&#x27;&lt;/b&gt;"
    assert hostile not in page
    assert f'aria-hidden="true"></span>{escaped}</a>' in page  # the quote
    assert f'">{escaped}</a>' in page  # the claimant's link
    assert f"Assign “{escaped}” to" in page
    assert ">o&#x27;neil&amp;&lt;co&gt;</option>" in page
