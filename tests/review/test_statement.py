"""The claim as checked (statement), and an attribution with the claims inside it."""

import json
import re

import extruct
import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, Correction, PendingChange
from tests.factories import ClaimantFactory, ClaimFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db

PESKOV = "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead."


def edit(client, claim, **data):
    payload = {"kind": claim.kind, "claimant": "", "via": "", "parts": ""}
    payload.update(data)
    return client.post(reverse("review:claim-edit", args=[claim.pk]), payload)


def test_a_reviewer_edits_the_statement_and_the_history_keeps_it(as_reviewer, reviewer, candidate):
    response = edit(as_reviewer, candidate, statement="  Five people died,\n the ministry said. ")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.statement == "Five people died, the ministry said."
    assert candidate.history.first().history_user == reviewer
    page = as_reviewer.get(reverse("review:claim", args=[candidate.pk]))
    assert "statement edited" in [c for e in page.context["history"] for c in e["changes"]]
    assert "Five people died, the ministry said." in page.content.decode()
    # Not published: no correction.
    assert not Correction.objects.exists()


def test_an_empty_statement_is_refused_and_changes_nothing(as_reviewer, candidate):
    candidate.statement = "Five people died."
    candidate.save()
    response = edit(as_reviewer, candidate, statement="   ")
    assert response.status_code == 400
    assert "The statement cannot be empty" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.statement == "Five people died."


def test_changing_a_published_claims_statement_is_a_public_correction(
    as_reviewer, client, candidate, reviewer, editor
):
    candidate.statement = "Five people died."
    candidate.status = Claim.Status.CONFIRMED  # published claims are confirmed ones
    candidate.save()
    verdict = PublishedVerdictFactory(claim=candidate, author=reviewer, approved_by=editor)
    url = candidate.get_absolute_url()
    before = Client().get(url)
    assert before.status_code == 200
    etag = before.headers.get("ETag")
    edit(as_reviewer, candidate, statement="Three crew and two officers died, the Kremlin said.")
    # Four eyes after publication: held until an editor approves; the public page keeps
    # the published wording meanwhile.
    (change,) = PendingChange.objects.pending().filter(claim=candidate)
    assert change.proposed["statement"] == "Three crew and two officers died, the Kremlin said."
    public = Client()  # an anonymous reader, apart from the reviewer's session
    held = public.get(url)
    assert held.headers.get("ETag") == etag
    assert "the Kremlin said." not in held.content.decode()
    assert not Correction.objects.filter(verdict=verdict).exists()
    services.change_approve(change=change, by=editor)
    (correction,) = Correction.objects.filter(verdict=verdict)
    assert "Three crew and two officers died, the Kremlin said." in correction.note
    assert "Five people died." in correction.note
    # The public claim page shows the new statement at once (its fingerprint changed).
    client.logout()
    after = client.get(url)
    assert after.headers.get("ETag") != etag
    html = after.content.decode()
    assert "Three crew and two officers died, the Kremlin said." in html
    corrections = client.get(reverse("claims:corrections")).content.decode()
    assert "Three crew and two officers died, the Kremlin said." in corrections


def test_the_api_writes_the_statement(candidate, reviewer):
    from tests.api.conftest import token_client

    api = token_client(reviewer)
    url = f"/api/v1/claims/{candidate.pk}/"
    response = api.patch(url, {"statement": "Five died, the Kremlin said."}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["statement"] == "Five died, the Kremlin said."
    empty = api.patch(url, {"statement": "  "}, format="json")
    assert empty.status_code == 400
    candidate.refresh_from_db()
    assert candidate.statement == "Five died, the Kremlin said."


def test_a_manual_claim_starts_from_its_sentence(as_reviewer, article):
    as_reviewer.post(
        reverse("review:claim-add", args=[article.pk]),
        {"kind": "statement", "exact": "Dmitry Peskov"},
    )
    claim = Claim.objects.get()
    assert claim.statement and "Dmitry Peskov" in claim.statement


@pytest.fixture
def unit(article):
    """'the Defense Ministry said' holding a casualty figure and a hedge, all candidates."""
    ministry = ClaimantFactory(name="Defense Ministry")
    said = ClaimFactory(
        article=article,
        kind=Claim.Kind.ATTRIBUTION,
        quote="Dmitry Peskov",
        claimant=ministry,
        status=Claim.Status.CANDIDATE,
        statement=PESKOV,
    )
    figure = ClaimFactory(
        article=article, attribution=said, claimant=ministry, status=Claim.Status.CANDIDATE
    )
    return said, figure


def test_the_review_page_shows_an_attribution_and_its_figures_as_one_unit(as_reviewer, unit):
    said, figure = unit
    html = as_reviewer.get(reverse("review:claim", args=[said.pk])).content.decode()
    assert "Defense Ministry: 5 killed (3 crew, 2 officers)" in html
    assert "Confirm both" in html
    # The figure's page shows the same unit, pointing back at what was said.
    html = as_reviewer.get(reverse("review:claim", args=[figure.pk])).content.decode()
    assert "Defense Ministry: 5 killed (3 crew, 2 officers)" in html


def test_confirm_both_confirms_the_attribution_and_what_it_holds(as_reviewer, unit):
    said, figure = unit
    response = as_reviewer.post(reverse("review:claim-confirm-unit", args=[said.pk]), follow=True)
    assert "Confirmed 2 claims" in response.content.decode()
    said.refresh_from_db()
    figure.refresh_from_db()
    assert said.status == figure.status == Claim.Status.CONFIRMED


def test_confirm_both_on_a_figure_is_refused(as_reviewer, unit):
    _, figure = unit
    response = as_reviewer.post(reverse("review:claim-confirm-unit", args=[figure.pk]), follow=True)
    assert "Only an attribution holds other claims" in response.content.decode()
    figure.refresh_from_db()
    assert figure.status == Claim.Status.CANDIDATE


def test_the_api_names_both_sides_of_the_unit(unit, reviewer):
    from tests.api.conftest import token_client

    said, figure = unit
    api = token_client(reviewer)
    assert api.get(f"/api/v1/claims/{said.pk}/").json()["contains"] == [figure.pk]
    assert api.get(f"/api/v1/claims/{figure.pk}/").json()["attribution"] == said.pk


def test_the_public_sees_only_published_sides_of_the_unit(client, unit, reviewer, editor):
    said, figure = unit
    for claim in unit:
        services.claim_confirm(claim=claim, by=reviewer)
    PublishedVerdictFactory(claim=figure, author=reviewer, approved_by=editor)
    assert client.get(f"/api/v1/claims/{figure.pk}/").json()["attribution"] is None
    PublishedVerdictFactory(
        claim=said, author=reviewer, approved_by=editor, rating="correctly-attributed"
    )
    assert client.get(f"/api/v1/claims/{figure.pk}/").json()["attribution"] == said.pk
    assert client.get(f"/api/v1/claims/{said.pk}/").json()["contains"] == [figure.pk]


def test_a_published_attribution_has_its_statement_as_heading_and_claimreviewed(
    client, unit, reviewer, editor
):
    said, _ = unit
    services.claim_confirm(claim=said, by=reviewer)
    PublishedVerdictFactory(
        claim=said, author=reviewer, approved_by=editor, rating="correctly-attributed"
    )
    response = client.get(said.get_absolute_url())
    html = response.content.decode()
    heading = re.search(r'<h1 id="claim-title"[^>]*>(.*?)</h1>', html, re.S).group(1)
    assert heading.strip() == PESKOV
    data = extruct.extract(
        html, base_url="http://testserver/", syntaxes=["json-ld", "opengraph"], uniform=True
    )
    (review,) = [i for i in data["json-ld"] if i.get("@type") == "ClaimReview"]
    assert review["claimReviewed"] == PESKOV
    assert PESKOV in data["opengraph"][0]["og:title"]
    # The quoted span stays the anchor, highlighted in context.
    assert '<mark class="claim-mark' in html and ">Dmitry Peskov</mark>" in html
    feed = client.get("/feeds/verdicts/").content.decode()
    assert PESKOV in feed
    assert json.dumps(PESKOV)[1:-1] in client.get("/claimreview.json").content.decode()


def test_a_figure_credited_to_the_outlet_reads_reported_by(client, article, reviewer, editor):
    outlet = ClaimantFactory(name=article.outlet.name, kind="media")
    claim = ClaimFactory(article=article, claimant=outlet)
    PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Reported by" in html and "naming no other source" in html


def test_search_finds_a_claim_by_words_of_its_statement(client, unit, reviewer, editor):
    said, _ = unit
    services.claim_confirm(claim=said, by=reviewer)
    PublishedVerdictFactory(
        claim=said, author=reviewer, approved_by=editor, rating="correctly-attributed"
    )
    html = client.get(reverse("claims:search"), {"q": "confirmed board"}).content.decode()
    assert said.get_absolute_url() in html
