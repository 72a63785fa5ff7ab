"""The claim review page: context, claim details, sources, verdict drafts, conflicts."""

import pytest
from django.urls import reverse

from claims.models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Correction,
    Evidence,
    Source,
    Verdict,
)
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def page(claim) -> str:
    return reverse("review:claim", args=[claim.pk])


def verdict_url(claim) -> str:
    return reverse("review:verdict-save", args=[claim.pk])


# ------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------
def test_claim_is_highlighted_in_its_article(as_reviewer, candidate):
    other = ClaimFactory(article=candidate.article, quote="Dmitry Peskov")
    html = as_reviewer.get(page(candidate)).content.decode()
    assert f'id="claim-{candidate.pk}"' in html
    focus = html.split("is-focus")[1].split("</mark>")[0]
    assert "Three crew and two officers" in focus
    assert "data-focus-scroll" in html
    assert f'data-claims="{other.pk}"' in html  # other claims stay visible, faint
    assert candidate.sentence in html


def test_claim_page_escapes_quote_sentence_and_note(as_reviewer, article):
    claim = ClaimFactory(article=article, sentence="<script>alert('s')</script>")
    EvidenceFactory(claim=claim, note="<script>alert('n')</script>")
    html = as_reviewer.get(page(claim)).content.decode()
    assert "<script>alert(" not in html


def test_orphaned_claim_shows_a_banner_and_no_highlight(as_reviewer, article):
    claim = ClaimFactory(article=article, anchor_state=Claim.AnchorState.ORPHANED)
    response = as_reviewer.get(page(claim))
    assert "Orphaned claim" in response.content.decode()
    assert response.context["text"] is None


def test_changed_claim_shows_the_stale_banner_and_can_be_rechecked(as_reviewer, article, reviewer):
    claim = ClaimFactory(article=article, anchor_state=Claim.AnchorState.CHANGED)
    VerdictFactory(claim=claim, author=reviewer, stale=True)
    html = as_reviewer.get(page(claim)).content.decode()
    assert "Needs re-review" in html
    as_reviewer.post(reverse("review:claim-recheck", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.anchor_state == Claim.AnchorState.ANCHORED


def test_stale_verdict_alone_shows_the_banner(as_reviewer, candidate, reviewer):
    PublishedVerdictFactory(claim=candidate, author=reviewer, stale=True)
    assert "Needs re-review" in as_reviewer.get(page(candidate)).content.decode()


def test_history_shows_who_changed_what(as_reviewer, reviewer, candidate):
    as_reviewer.post(
        reverse("review:claim-edit", args=[candidate.pk]),
        {"kind": "casualty", "count_min": 5, "count_max": 6, "parts": "3 crew\n2 officers"},
    )
    as_reviewer.post(verdict_url(candidate), {"rating": "true", "rationale": "r", "action": "save"})
    response = as_reviewer.get(page(candidate))
    history = response.context["history"]
    assert history[0]["what"] == "Verdict" and history[0]["who"] == reviewer
    changes = [c for entry in history for c in entry["changes"]]
    assert "count max: 5 → 6" in changes
    assert "status: Candidate → Confirmed" in changes
    assert "alice" in response.content.decode()


def test_history_names_people_and_claimants_not_ids(as_reviewer, other_reviewer, candidate):
    ClaimantFactory(name="Dmitry Peskov")
    as_reviewer.post(
        reverse("review:claim-edit", args=[candidate.pk]),
        {"kind": "attribution", "claimant": "Dmitry Peskov", "count_min": 5, "count_max": 5,
         "category": "killed", "parts": "3 crew\n2 officers"},
    )  # fmt: skip
    as_reviewer.post(
        reverse("review:claim-assign", args=[candidate.pk]), {"assignee": other_reviewer.pk}
    )
    as_reviewer.post(verdict_url(candidate), {"rating": "true", "rationale": "r", "action": "save"})
    verdict = Verdict.objects.get()
    EvidenceFactory(claim=candidate)  # a verdict is submitted with its sources
    as_reviewer.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": "r", "verdict": verdict.pk, "version": 1,
         "action": "submit"},
    )  # fmt: skip
    history = as_reviewer.get(page(candidate)).context["history"]
    changes = [c for entry in history for c in entry["changes"]]
    assert "claimant: — → Dmitry Peskov" in changes
    assert "assigned to: — → bob" in changes
    assert "kind: Casualty figure → Attribution" in changes
    assert "status: Draft → Submitted for approval" in changes
    assert any(c.startswith("submitted at: — → ") for c in changes)


@pytest.mark.parametrize("n", [1, 6])
def test_claim_page_query_count_does_not_grow(
    client, reviewer, editor, candidate, django_assert_num_queries, n
):
    named = []
    for i in range(n):
        EvidenceFactory(claim=candidate)
        ClaimRelay.objects.create(claim=candidate, claimant=ClaimantFactory(), position=i)
        withdrawn = VerdictFactory(claim=candidate, author=reviewer, status="withdrawn")
        Correction.objects.create(verdict=withdrawn, note=f"Withdrawn {i}", created_by=editor)
        candidate.count_max = 5 + i
        candidate.save()  # one more history record
        elsewhere = ClaimFactory()
        PublishedVerdictFactory(claim=elsewhere)
        low, high = sorted([candidate, elsewhere], key=lambda c: c.pk)
        ClaimMatch.objects.create(claim_a=low, claim_b=high, score=90)
        named.append({"id": elsewhere.pk, "exact": elsewhere.exact, "source": "Outlet"})
    # One flag per kind, naming every claim that disagrees (and linking them all).
    ClaimFlag.objects.create(
        claim=candidate,
        kind=ClaimFlag.Kind.CROSS_ARTICLE,
        message="differs",
        other_id=named[0]["id"],
        others=named,
    )
    VerdictFactory(claim=candidate, author=reviewer)
    ClaimFactory.create_batch(n, article=candidate.article, quote="Dmitry Peskov")
    client.force_login(editor)
    # 1 session, 2 user, 3 groups and publish permission (user_is_editor), 4 the
    # claim with article, outlet, event, claimant, assignee and creator, 5 verdicts
    # with author and approver, 6 their corrections, 7 the article's other claims
    # (for faint highlights), 8 evidence with source and adder, 9 the relay chain
    # with claimants, 10-12 history of the claim, its evidence and its verdicts,
    # 13 reviewers for the assign menu, 14 its matches in other articles, 15 their
    # published verdicts, 16 its flags with the claims they name.
    # (When the history shows a changed claimant, person or source, one more query
    # per kind of object names them all: at most three, whatever the history's length.)
    # + the header's bell: the unread notifications count.
    with django_assert_num_queries(17):
        response = client.get(page(candidate))
    assert len(response.context["evidence"]) == n
    assert len(response.context["also"]) == n and len(response.context["flags"]) == 1
    html = response.content.decode()
    assert all(f'<a href="/review/claims/{other["id"]}/">' in html for other in named)


# ------------------------------------------------------------------------------
# Claim details
# ------------------------------------------------------------------------------
def edit(client, claim, **data):
    payload = {"kind": claim.kind, "claimant": "", "via": "", "parts": ""}
    payload.update(data)
    return client.post(reverse("review:claim-edit", args=[claim.pk]), payload)


def test_edit_kind_numbers_and_parts(as_reviewer, candidate):
    response = edit(
        as_reviewer,
        candidate,
        count_min=5,
        count_max=5,
        category="killed",
        parts="3 crew\n2 officers",
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.count_min, candidate.count_max, candidate.category) == (5, 5, "killed")
    assert candidate.parts == [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]
    assert candidate.status == Claim.Status.CONFIRMED


def test_edit_finds_claimants_by_name_or_alias_and_keeps_the_relay_chain(as_reviewer, candidate):
    peskov = ClaimantFactory(name="Dmitry Peskov", aliases=["Peskov"])
    ap = ClaimantFactory(name="The Associated Press", aliases=["AP"])
    response = edit(as_reviewer, candidate, kind="attribution", claimant="peskov", via="ap")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.claimant == peskov and candidate.kind == "attribution"
    assert [r.claimant for r in ClaimRelay.objects.filter(claim=candidate)] == [ap]


def test_edit_refuses_unknown_claimants_unless_asked_to_create(as_reviewer, candidate):
    response = edit(as_reviewer, candidate, claimant="Alaa Ibrahim", via="RT")
    assert response.status_code == 400
    assert "No claimant is called" in response.content.decode()
    assert not Claimant.objects.exists()
    response = edit(
        as_reviewer, candidate, claimant="Alaa Ibrahim", via="RT", create_claimants="on"
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.claimant.name == "Alaa Ibrahim"
    assert candidate.via.get().name == "RT"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"count_min": 9, "count_max": 3}, "cannot be below"),
        ({"parts": "crew of three"}, "start with a number"),
        ({"count_min": -1}, "greater than or equal to 0"),
        ({"kind": "rumour"}, "Select a valid choice"),
    ],
)
def test_bad_claim_edits_rerender_with_errors(as_reviewer, candidate, data, message):
    response = edit(as_reviewer, candidate, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.CANDIDATE and candidate.count_min == 5


def test_a_refused_edit_creates_no_claimant(as_reviewer, candidate):
    edit(as_reviewer, candidate, claimant="New Person", create_claimants="on", kind="bogus")
    assert not Claimant.objects.exists()


def test_claimant_autocomplete(as_reviewer):
    ClaimantFactory(name="Dmitry Peskov", role="Kremlin spokesman")
    ClaimantFactory(name="Russian Defense Ministry")
    data = as_reviewer.get(reverse("review:claimant-autocomplete"), {"q": "pesk"}).json()
    assert data == {
        "results": [{"name": "Dmitry Peskov", "role": "Kremlin spokesman", "kind": "Organization"}]
    }
    assert as_reviewer.get(reverse("review:claimant-autocomplete")).json() == {"results": []}


# ------------------------------------------------------------------------------
# Sources
# ------------------------------------------------------------------------------
def attach(client, claim, **data):
    payload = {"url": "https://tass.example/1", "title": "TASS", "publisher": "TASS",
               "kind": "news", "stance": "supports", "note": "checked"}  # fmt: skip
    payload.update(data)
    return client.post(reverse("review:evidence-add", args=[claim.pk]), payload)


def test_attach_a_source(as_reviewer, reviewer, candidate):
    response = attach(as_reviewer, candidate)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.claim == candidate and evidence.added_by == reviewer
    assert evidence.source.publisher == "TASS" and evidence.note == "checked"
    html = as_reviewer.get(page(candidate)).content.decode()
    assert 'href="https://tass.example/1"' in html and "checked" in html


def test_a_source_with_the_same_url_is_reused(as_reviewer, candidate):
    existing = SourceFactory(url="https://tass.example/1", title="Original title")
    response = attach(as_reviewer, candidate, title="Another title")
    assert Source.objects.get() == existing
    assert Evidence.objects.get().source == existing
    # The reviewer is told their title was not used.
    page_html = as_reviewer.get(response.url).content.decode()
    assert "“Original title”, already on file with this address" in page_html


def test_every_claim_page_form_returns_to_its_own_section(as_reviewer, candidate):
    """After an error the re-rendered page opens at the form that needs fixing."""
    html = as_reviewer.get(page(candidate)).content.decode()
    assert f'action="{verdict_url(candidate)}#verdict"' in html
    assert f'action="{reverse("review:evidence-add", args=[candidate.pk])}#evidence"' in html
    assert f'action="{reverse("review:claim-edit", args=[candidate.pk])}#claim-details"' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", ""])
def test_bad_source_urls_are_form_errors(as_reviewer, candidate, url):
    response = attach(as_reviewer, candidate, url=url)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_two_source_hint_for_casualty_claims(as_reviewer, candidate):
    attach(as_reviewer, candidate)
    html = as_reviewer.get(page(candidate)).content.decode()
    assert "1 independent source supports or contradicts this figure" in html


# ------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------
def test_save_a_new_draft_then_edit_it(as_reviewer, reviewer, candidate):
    response = as_reviewer.post(
        verdict_url(candidate), {"rating": "true", "rationale": "Five dead.", "action": "save"}
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.status, verdict.author, verdict.version) == ("draft", reviewer, 1)
    as_reviewer.post(
        verdict_url(candidate),
        {"rating": "mostly-true", "rationale": "Five.", "verdict": verdict.pk, "version": 1,
         "action": "save"},
    )  # fmt: skip
    verdict.refresh_from_db()
    assert (verdict.rating, verdict.rationale, verdict.version) == ("mostly-true", "Five.", 2)


def test_submit_saves_and_submits_in_one_step(as_reviewer, candidate):
    EvidenceFactory(claim=candidate)
    as_reviewer.post(verdict_url(candidate), {"rating": "true", "rationale": "a", "action": "save"})
    verdict = Verdict.objects.get()
    response = as_reviewer.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "b", "verdict": verdict.pk, "version": 1,
         "action": "submit"},
    )  # fmt: skip
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rating, verdict.rationale) == ("submitted", "false", "b")
    assert verdict.submitted_at is not None


def test_preview_renders_markdown_safely_and_saves_nothing(as_reviewer, candidate):
    response = as_reviewer.post(
        verdict_url(candidate),
        {"rating": "true", "rationale": "**Five** <script>alert(1)</script>", "action": "preview"},
    )
    assert response.status_code == 200
    preview = str(response.context["preview"])
    assert "<strong>Five</strong>" in preview and "<script>" not in preview
    assert "<script>alert(1)" not in response.content.decode()
    assert not Verdict.objects.exists()


def test_live_preview_endpoint_returns_sanitized_html(as_reviewer):
    response = as_reviewer.post(
        reverse("review:preview"), {"rationale": "[x](javascript:alert(1)) *ok*"}
    )
    assert response.status_code == 200
    assert b"<em>ok</em>" in response.content and b'href="javascript' not in response.content


def test_missing_rating_is_a_form_error(as_reviewer, candidate):
    response = as_reviewer.post(verdict_url(candidate), {"rationale": "x", "action": "save"})
    assert response.status_code == 400
    assert not Verdict.objects.exists()


def test_a_verdict_of_another_claim_cannot_be_edited_through_this_one(as_reviewer, candidate):
    other = VerdictFactory()
    response = as_reviewer.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "x", "verdict": other.pk, "version": 1, "action": "save"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.rating == "true"


def test_lost_update_is_refused_with_the_other_reviewers_changes(
    client, reviewer, other_reviewer, candidate
):
    draft = VerdictFactory(claim=candidate, author=reviewer, rationale="first")
    # Both reviewers open the page at version 1; bob saves first.
    client.force_login(other_reviewer)
    client.post(
        verdict_url(candidate),
        {"rating": "false", "rationale": "Bob's **rationale**", "verdict": draft.pk,
         "version": 1, "action": "save"},
    )  # fmt: skip
    client.force_login(reviewer)
    response = client.post(
        verdict_url(candidate),
        {"rating": "mixed", "rationale": "Alice's text", "verdict": draft.pk, "version": 1,
         "action": "save"},
    )  # fmt: skip
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this verdict" in html
    assert "<strong>bob</strong> saved version 2" in html
    assert "Bob's <strong>rationale</strong>" in html  # theirs, rendered
    assert "Alice&#x27;s text</textarea>" in html  # mine, kept
    assert response.context["verdict_form"]["version"].value() == "2"
    draft.refresh_from_db()
    assert (draft.rating, draft.rationale, draft.version) == ("false", "Bob's **rationale**", 2)
    # Saving again, now knowingly on top of version 2, goes through.
    client.post(
        verdict_url(candidate),
        {"rating": "mixed", "rationale": "Alice's text", "verdict": draft.pk, "version": 2,
         "action": "save"},
    )  # fmt: skip
    draft.refresh_from_db()
    assert (draft.rating, draft.version) == ("mixed", 3)


def test_two_reviewers_starting_a_verdict_at_once_conflict(
    client, reviewer, other_reviewer, candidate
):
    client.force_login(other_reviewer)
    client.post(verdict_url(candidate), {"rating": "false", "rationale": "bob", "action": "save"})
    client.force_login(reviewer)
    response = client.post(
        verdict_url(candidate), {"rating": "true", "rationale": "alice", "action": "save"}
    )
    assert response.status_code == 409
    assert "already has a verdict in progress" in response.content.decode()
    assert Verdict.objects.get().rationale == "bob"


def test_sent_back_note_is_shown_to_the_reviewer(as_reviewer, reviewer, candidate):
    VerdictFactory(claim=candidate, author=reviewer, review_note="Add a second source")
    assert "Add a second source" in as_reviewer.get(page(candidate)).content.decode()


def test_published_verdict_has_no_draft_form_and_no_correction_form_for_reviewers(
    as_reviewer, candidate
):
    PublishedVerdictFactory(claim=candidate)
    response = as_reviewer.get(page(candidate))
    assert response.context["verdict_form"] is None
    assert response.context["correction_form"] is None
    html = response.content.decode()
    assert "Only editors can correct" in html
    assert candidate.get_absolute_url() in html


# ------------------------------------------------------------------------------
# Dismissed claims
# ------------------------------------------------------------------------------
def test_a_dismissed_claim_offers_restore_instead_of_the_verdict_form(as_reviewer, candidate):
    candidate.status = Claim.Status.DISMISSED
    candidate.save()
    html = as_reviewer.get(page(candidate)).content.decode()
    assert "This claim was dismissed, so it cannot get a verdict." in html
    assert reverse("review:claim-confirm", args=[candidate.pk]) in html
    assert 'id="verdict-form"' not in html


def test_a_verdict_posted_on_a_dismissed_claim_is_refused_with_the_reason(as_reviewer, candidate):
    candidate.status = Claim.Status.DISMISSED
    candidate.save()
    for action in ("save", "submit"):
        response = as_reviewer.post(
            verdict_url(candidate), {"rating": "false", "rationale": "No.", "action": action}
        )
        assert response.status_code == 400
        assert "Restore it first if it is worth checking after all." in response.content.decode()
    assert not Verdict.objects.exists()
    candidate.refresh_from_db()
    assert candidate.status == Claim.Status.DISMISSED


def test_a_draft_on_a_dismissed_claim_stays_visible_but_not_editable(
    as_reviewer, reviewer, candidate
):
    VerdictFactory(claim=candidate, author=reviewer, rationale="Five **died**.")
    candidate.status = Claim.Status.DISMISSED
    candidate.save()
    html = as_reviewer.get(page(candidate)).content.decode()
    assert "its draft verdict is kept as it was" in html
    assert "Five <strong>died</strong>." in html
    assert 'id="verdict-form"' not in html


# ------------------------------------------------------------------------------
# A source attached twice
# ------------------------------------------------------------------------------
def test_attaching_the_same_source_again_says_updated_not_added(as_reviewer, candidate):
    as_reviewer.get(attach(as_reviewer, candidate).url)  # reads the first message
    response = attach(as_reviewer, candidate, stance="contradicts", note="")
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.stance == "contradicts" and evidence.note == "checked"
    html = as_reviewer.get(response.url).content.decode()
    assert "Source updated: “TASS” was already attached to this claim" in html
    assert "its stance is now “contradicts”" in html
    assert "Source added" not in html


def test_attaching_a_new_source_says_added(as_reviewer, candidate):
    response = attach(as_reviewer, candidate)
    assert "Source added: “TASS”." in as_reviewer.get(response.url).content.decode()


# ------------------------------------------------------------------------------
# Quotes that bring their own quotation marks
# ------------------------------------------------------------------------------
QUOTED = '"We were on board," he said'


@pytest.fixture
def quoted_claim(db):
    from tests.factories import ArticleFactory

    article = ArticleFactory(text=f"Title\n\n{QUOTED}. Nobody else was.")
    return ClaimFactory(article=article, quote=QUOTED, kind=Claim.Kind.ATTRIBUTION)


def test_a_quote_with_its_own_marks_gets_no_second_pair(as_editor, reviewer, quoted_claim):
    EvidenceFactory(claim=quoted_claim)
    VerdictFactory(claim=quoted_claim, author=reviewer, status=Verdict.Status.SUBMITTED)
    pages = [
        page(quoted_claim),
        reverse("review:article", args=[quoted_claim.article_id]),
        reverse("review:approvals"),
        reverse("review:queue"),
    ]
    for url in pages:
        html = as_editor.get(url).content.decode()
        assert "“&quot;" not in html and '“"' not in html, url
    claim_html = as_editor.get(page(quoted_claim)).content.decode()
    assert "&quot;We were on board,&quot; he said</h1>" in claim_html


def test_messages_quote_a_quoted_claim_once(as_reviewer, quoted_claim):
    quoted_claim.status = Claim.Status.CANDIDATE
    quoted_claim.save()
    response = as_reviewer.post(
        reverse("review:claim-confirm", args=[quoted_claim.pk]), follow=True
    )
    assert "Confirmed: “We were on board, he said”." in response.content.decode()
