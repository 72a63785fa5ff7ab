"""The event pages (reviewers and public), and events on the claim page and the queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Event
from claims.models import Claim, ClaimFlag, ClaimMatch, Verdict
from tests.events.factories import ClaimFlagFactory, ClaimMatchFactory, EventFactory, named
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def event_url(event: Event) -> str:
    return reverse("review:event", args=[event.pk])


def build_event(n: int, *, flags: bool = True) -> tuple[Event, list[Claim]]:
    """An event of ``n`` articles from ``n`` outlets, each with a casualty figure and an
    attribution; each figure matched with the first and flagged against it, the first
    flagged once against all of them."""
    event = EventFactory()
    claims = []
    for i in range(n):
        article = ArticleFactory(event=event, outlet=OutletFactory(name=f"Outlet {i}"))
        claims.append(ClaimFactory(article=article))
        ClaimFactory(article=article, kind=Claim.Kind.ATTRIBUTION, quote="Defense Ministry said")
    for other in claims[1:]:
        ClaimMatchFactory(claim_a=claims[0], claim_b=other)
        if flags:
            ClaimFlagFactory(claim=other, other=claims[0])
    if flags and n > 1:
        ClaimFlagFactory(claim=claims[0], other=claims[1], others=named(*claims[1:]))
    return event, claims


# ------------------------------------------------------------------------------
# The reviewers' event page
# ------------------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_log_in(client):
    event, _ = build_event(2)
    response = client.get(event_url(event))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logged_in_non_reviewers_are_refused(client, outsider):
    event, _ = build_event(2)
    client.force_login(outsider)
    assert client.get(event_url(event)).status_code == 403
    assert client.get(reverse("review:events")).status_code == 403


@pytest.mark.parametrize("who", ["reviewer", "other_reviewer", "editor"])
def test_reviewers_and_editors_see_articles_matches_flags_and_the_chart(request, client, who):
    event, _ = build_event(3)
    client.force_login(request.getfixturevalue(who))
    response = client.get(event_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outlet 0" in html and "Outlet 2" in html
    assert len(response.context["matches"]) == 2 and len(response.context["flags"]) == 3
    assert '<svg class="figures-chart__svg"' in html
    assert '<title id="figures-killed-title">Killed: figures reported over time' in html
    assert '<desc id="figures-killed-desc">' in html
    assert "no public page until a claim is published" in html
    listed = client.get(reverse("review:events"))
    assert listed.status_code == 200 and event.title in listed.content.decode()


@pytest.mark.parametrize("n", [1, 6])
def test_event_page_query_count_does_not_grow_with_articles(
    client, reviewer, django_assert_num_queries, n
):
    event, _ = build_event(n)
    EventFactory(title="A nearby event")  # a place to move articles to
    client.force_login(reviewer)
    # 1 session, 2 user, 3 groups and publish permission (user_is_reviewer, the
    # Approvals link), 4 the event, 5 its articles with outlets, 6 their claims with
    # claimants, 7 the claims' verdicts, 8 matches, 9 flags, 10 nearby events to move
    # articles to, 11 the header bell's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(event_url(event))
    assert len(response.context["rows"]) == n


def test_article_text_and_titles_are_escaped(client, reviewer):
    event = EventFactory(title="<script>alert(1)</script>")
    article = ArticleFactory(event=event, title="<b>bold</b> title")
    ClaimFactory(article=article)
    client.force_login(reviewer)
    html = client.get(event_url(event)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_reviewer_confirms_an_article_in_its_event(client, reviewer):
    event, claims = build_event(2)
    article = claims[1].article
    client.force_login(reviewer)
    url = reverse("review:event-article-confirm", args=[event.pk, article.pk])
    response = client.post(url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.event_confirmed and article.event == event


def test_reviewer_moves_an_article_to_another_event(client, reviewer):
    event, claims = build_event(3)
    target, _ = build_event(1)
    article = claims[2].article
    client.force_login(reviewer)
    url = reverse("review:event-article-move", args=[event.pk, article.pk])
    response = client.post(url, {"event": target.pk})
    assert response.status_code == 302 and response["Location"].startswith(event_url(target))
    article.refresh_from_db()
    assert article.event == target and article.event_confirmed


def test_moving_to_no_event_is_an_error_message_not_a_crash(client, reviewer):
    event, claims = build_event(2)
    client.force_login(reviewer)
    url = reverse("review:event-article-move", args=[event.pk, claims[1].article.pk])
    response = client.post(url, {"event": "999999"}, follow=True)
    assert response.status_code == 200
    assert "Choose the event" in response.content.decode()
    claims[1].article.refresh_from_db()
    assert claims[1].article.event == event


def test_reviewer_splits_an_article_into_its_own_event(client, reviewer):
    event, claims = build_event(2)
    article = claims[1].article
    client.force_login(reviewer)
    response = client.post(reverse("review:event-article-split", args=[event.pk, article.pk]))
    article.refresh_from_db()
    assert article.event != event and article.event_confirmed
    assert response["Location"] == event_url(article.event)
    assert article.event.title == article.title


def test_an_article_of_another_event_is_a_404(client, reviewer):
    event, _ = build_event(1)
    _, other_claims = build_event(1)
    client.force_login(reviewer)
    url = reverse("review:event-article-confirm", args=[event.pk, other_claims[0].article.pk])
    assert client.post(url).status_code == 404


def test_event_actions_need_post_and_a_reviewer(client, outsider):
    event, claims = build_event(2)
    url = reverse("review:event-article-split", args=[event.pk, claims[1].article.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    claims[1].article.refresh_from_db()
    assert claims[1].article.event == event


def test_event_actions_are_csrf_protected(reviewer):
    event, claims = build_event(2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = reverse("review:event-article-split", args=[event.pk, claims[1].article.pk])
    assert client.post(url).status_code == 403
    claims[1].article.refresh_from_db()
    assert claims[1].article.event == event


def test_reviewer_edits_the_event_and_bad_input_comes_back_with_errors(client, reviewer):
    event, _ = build_event(1)
    client.force_login(reviewer)
    url = reverse("review:event-edit", args=[event.pk])
    response = client.post(url, {"title": "", "date": "not a date"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"title", "date"}
    response = client.post(
        url,
        {
            "title": "Mi-8 shot down over Idlib",
            "date": "2016-08-01",
            "place": "Idlib",
            "summary": "Five died.",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, str(event.date), event.place, event.summary) == (
        "Mi-8 shot down over Idlib", "2016-08-01", "Idlib", "Five died.",
    )  # fmt: skip


# ------------------------------------------------------------------------------
# Matches on the claim page
# ------------------------------------------------------------------------------
def test_claim_page_shows_also_reported_by_and_its_flags(client, reviewer):
    event, claims = build_event(2)
    client.force_login(reviewer)
    response = client.get(reverse("review:claim", args=[claims[0].pk]))
    html = response.content.decode()
    assert [row["other"].pk for row in response.context["also"]] == [claims[1].pk]
    assert "Also reported by" in html and "Outlet 1" in html
    assert [flag.other_ids for flag in response.context["flags"]] == [[claims[1].pk]]
    assert f'href="{reverse("review:claim", args=[claims[1].pk])}"' in html
    assert f'href="{event_url(event)}"' in html


def test_reviewer_confirms_then_breaks_a_match(client, reviewer):
    build_event(2)
    match = ClaimMatch.objects.get()
    client.force_login(reviewer)
    response = client.post(reverse("review:match-confirm", args=[match.pk]))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.CONFIRMED and match.decided_by == reviewer
    client.post(reverse("review:match-break", args=[match.pk]))
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.BROKEN


def test_match_actions_refuse_outsiders_and_get(client, outsider, reviewer):
    build_event(2)
    match = ClaimMatch.objects.get()
    client.force_login(outsider)
    assert client.post(reverse("review:match-break", args=[match.pk])).status_code == 403
    client.force_login(reviewer)
    assert client.get(reverse("review:match-break", args=[match.pk])).status_code == 405
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.PROPOSED


def test_a_published_verdict_on_a_match_can_start_the_form(client, reviewer, editor):
    _, claims = build_event(2, flags=False)  # the two figures agree
    PublishedVerdictFactory(
        claim=claims[1], rating=Verdict.Rating.MOSTLY_TRUE, rationale="Five, says the ministry."
    )
    client.force_login(reviewer)
    page = reverse("review:claim", args=[claims[0].pk])
    offered = client.get(page).content.decode()
    assert f"?start_from={claims[1].pk}#verdict" in offered
    response = client.get(page, {"start_from": claims[1].pk})
    form = response.context["verdict_form"]
    assert form.initial["rating"] == "mostly-true"
    assert form.initial["rationale"] == "Five, says the ministry."
    assert "Started from the verdict published on" in response.content.decode()
    # Nothing is saved until the reviewer saves.
    assert not Verdict.objects.filter(claim=claims[0]).exists()


def test_a_verdict_on_a_figure_that_contradicts_this_one_is_no_starting_point(client, reviewer):
    _, claims = build_event(2)  # the two figures are flagged against each other
    PublishedVerdictFactory(claim=claims[1], rating=Verdict.Rating.TRUE)
    client.force_login(reviewer)
    page = reverse("review:claim", args=[claims[0].pk])
    assert "?start_from=" not in client.get(page).content.decode()
    response = client.get(page, {"start_from": claims[1].pk})
    assert response.context["started_from"] is None
    assert "rating" not in response.context["verdict_form"].initial


def test_start_from_keeps_the_working_verdicts_version(client, reviewer):
    _, claims = build_event(2, flags=False)
    PublishedVerdictFactory(claim=claims[1], rating=Verdict.Rating.FALSE)
    draft = VerdictFactory(claim=claims[0], author=reviewer)
    client.force_login(reviewer)
    page = reverse("review:claim", args=[claims[0].pk])
    response = client.get(page, {"start_from": claims[1].pk})
    form = response.context["verdict_form"]
    assert form.initial["rating"] == "false"
    assert (form.initial["verdict"], form.initial["version"]) == (draft.pk, draft.version)


@pytest.mark.parametrize("start_from", ["not-a-number", "0", "999999"])
def test_start_from_an_unmatched_claim_is_ignored(client, reviewer, start_from):
    _, claims = build_event(2)
    unrelated = PublishedVerdictFactory()
    client.force_login(reviewer)
    page = reverse("review:claim", args=[claims[0].pk])
    for value in (start_from, str(unrelated.claim_id)):
        response = client.get(page, {"start_from": value})
        assert response.status_code == 200
        assert response.context["started_from"] is None
        assert "rating" not in response.context["verdict_form"].initial


def test_a_broken_match_offers_no_starting_point(client, reviewer):
    _, claims = build_event(2)
    ClaimMatch.objects.update(status=ClaimMatch.Status.BROKEN)
    PublishedVerdictFactory(claim=claims[1])
    client.force_login(reviewer)
    page = reverse("review:claim", args=[claims[0].pk])
    response = client.get(page, {"start_from": claims[1].pk})
    assert response.context["started_from"] is None


# ------------------------------------------------------------------------------
# The queue
# ------------------------------------------------------------------------------
def test_queue_badges_flagged_claims_and_filters_them(client, reviewer):
    _, claims = build_event(3)
    quiet = ClaimFactory(quote="Dmitry Peskov")
    client.force_login(reviewer)
    response = client.get(reverse("review:queue"))
    flagged = {c.pk: c.flag_count for c, _ in response.context["rows"]}
    # One flag per claim and kind, however many reports disagree with it.
    assert flagged[claims[0].pk] == 1 and flagged[claims[1].pk] == 1 and flagged[quiet.pk] == 0
    assert "1 flag" in response.content.decode() and "2 flags" not in response.content.decode()
    assert response.context["flagged_count"] == 3
    only = client.get(reverse("review:queue"), {"flagged": "on"})
    assert {c.pk for c, _ in only.context["rows"]} == {c.pk for c in claims}


# ------------------------------------------------------------------------------
# The public event page
# ------------------------------------------------------------------------------
def publish(claim: Claim) -> Verdict:
    return PublishedVerdictFactory(claim=claim)


def test_the_public_event_page_is_a_404_until_something_is_published(client):
    event, claims = build_event(2)
    VerdictFactory(claim=claims[0])  # a draft is not enough
    assert client.get(event.get_absolute_url()).status_code == 404
    publish(claims[0])
    assert client.get(event.get_absolute_url()).status_code == 200


def test_the_public_sees_only_published_claims_and_flags_between_them(client):
    event, claims = build_event(3)
    claims[1].article.title = "Unpublished article title"
    claims[1].article.save()
    publish(claims[0])
    publish(claims[2])
    # The first claim's flag names the unpublished second claim too: hidden.
    ClaimFlag.objects.filter(claim=claims[0]).update(message="HIDDEN-FLAG")
    ClaimFlag.objects.filter(claim=claims[2]).update(message="PUBLIC-FLAG")
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert "PUBLIC-FLAG" in html and "HIDDEN-FLAG" not in html
    assert "Unpublished article title" not in html
    assert [r["article"] for r in response.context["reports"]] == [
        claims[0].article,
        claims[2].article,
    ]
    assert [(m.claim_a, m.claim_b) for m in response.context["matches"]] == [(claims[0], claims[2])]
    assert '<svg class="figures-chart__svg"' in html and "<desc" in html


def test_drafts_never_reach_the_public_event_page(client, reviewer):
    event, claims = build_event(2)
    publish(claims[0])
    VerdictFactory(claim=claims[1], rationale="DRAFT-RATIONALE-secret", author=reviewer)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "DRAFT-RATIONALE-secret" not in html


@pytest.mark.parametrize("n", [1, 6])
def test_public_event_page_query_count_does_not_grow(client, django_assert_num_queries, n):
    event, claims = build_event(n)
    for claim in claims:
        publish(claim)
    # 1 the event with "anything published?" and its fingerprint, 2 the articles with
    # outlets, 3 their published claims with claimants, 4 the published verdicts,
    # 5 matches between published claims, 6 flags between published claims.
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert len(response.context["reports"]) == n
    # Then it is served from the cache: only the fingerprint is read.
    with django_assert_num_queries(1):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_publishing_another_claim_changes_the_public_page(client):
    event, claims = build_event(2)
    publish(claims[0])
    first = client.get(event.get_absolute_url())
    publish(claims[1])
    second = client.get(event.get_absolute_url())
    assert first["ETag"] != second["ETag"]
    assert len(second.context["reports"]) == 2


def test_the_public_claim_page_links_to_its_event(client):
    event, claims = build_event(2)
    publish(claims[0])
    html = client.get(claims[0].get_absolute_url()).content.decode()
    assert f'href="{event.get_absolute_url()}"' in html


def test_signed_in_non_reviewers_see_the_public_page_like_anyone(client, outsider):
    event, claims = build_event(2)
    publish(claims[0])
    client.force_login(outsider)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200 and len(response.context["reports"]) == 1


def test_the_public_event_page_words_its_kicker_by_the_number_of_reports(client):
    event, claims = build_event(2)
    publish(claims[0])
    html = client.get(event.get_absolute_url()).content.decode()
    assert "One story, one report so far" in html
    assert "several outlets</p>" not in html
    publish(claims[1])
    html = client.get(event.get_absolute_url()).content.decode()
    assert "One story, 2 reports" in html
