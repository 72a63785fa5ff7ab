"""Editors: approval list, four-eyes publishing, send back, corrections, withdrawal."""

import pytest
from django.urls import reverse

from claims.models import Correction, PendingChange, Verdict
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

APPROVALS = reverse("review:approvals")


@pytest.fixture
def submitted(candidate, reviewer):
    EvidenceFactory(claim=candidate, source=SourceFactory(publisher="TASS"))
    return VerdictFactory(
        claim=candidate, author=reviewer, status=Verdict.Status.SUBMITTED, version=2
    )


def publish(client, verdict, **extra):
    data = {"version": verdict.version, "next": APPROVALS, **extra}
    return client.post(reverse("review:verdict-publish", args=[verdict.pk]), data, follow=True)


def test_submitted_verdicts_wait_in_the_approval_list(as_editor, submitted):
    response = as_editor.get(APPROVALS)
    assert [row["verdict"] for row in response.context["rows"]] == [submitted]
    html = response.content.decode()
    # One source for a casualty figure: the card counts them and asks before publishing.
    assert "<strong>1 source</strong>, 1 independent" in html
    assert "Publish anyway" in html and "Send back" in html
    assert "Fewer than two independent sources" in html
    assert "Approve and publish" not in html


def test_drafts_are_not_in_the_approval_list(as_editor, candidate, reviewer):
    VerdictFactory(claim=candidate, author=reviewer)
    assert as_editor.get(APPROVALS).context["rows"] == []


def test_one_source_casualty_verdict_is_published_only_with_a_reason(as_editor, editor, submitted):
    # Posted without a reason (a stale page, a script): nothing is published, the page asks.
    response = publish(as_editor, submitted)
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.SUBMITTED
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages[0][0] == "warning"
    assert "Only 1 independent source" in messages[0][1] and "say why" in messages[0][1]
    assert "Publish anyway" in response.content.decode()

    response = publish(as_editor, submitted, publish_anyway_reason="Only the ministry counts.")
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.PUBLISHED and submitted.approved_by == editor
    assert submitted.publish_reason == "Only the ministry counts."
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert any(level == "success" for level, _ in messages)
    assert ("warning", "Published with 1 independent source for a casualty figure; your "
            "reason is kept in the verdict's history.") in messages  # fmt: skip
    # The other editors read the reason on the claim page and in its history.
    html = as_editor.get(reverse("review:claim", args=[submitted.claim_id])).content.decode()
    assert "The editor's reason: Only the ministry counts." in html
    assert "published anyway, with fewer than two sources: Only the ministry counts." in html


def test_no_warning_with_two_independent_sources(as_editor, submitted):
    EvidenceFactory(claim=submitted.claim, source=SourceFactory(publisher="Reuters"))
    response = publish(as_editor, submitted)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_editor_never_sees_approve_on_own_verdict_and_the_server_refuses(client, editor, candidate):
    EvidenceFactory(claim=candidate)
    own = VerdictFactory(claim=candidate, author=editor, status=Verdict.Status.SUBMITTED)
    client.force_login(editor)
    listing = client.get(APPROVALS).content.decode()
    assert "Approve and publish" not in listing
    assert "another editor must approve" in listing
    claim_page = client.get(reverse("review:claim", args=[candidate.pk])).content.decode()
    assert "Approve and publish" not in claim_page
    response = publish(client, own)
    assert "cannot approve your own verdict" in response.content.decode()
    own.refresh_from_db()
    assert own.status == Verdict.Status.SUBMITTED


def test_another_editor_approves_from_the_claim_page(client, other_editor, editor, candidate):
    EvidenceFactory(claim=candidate)
    EvidenceFactory(claim=candidate)
    verdict = VerdictFactory(claim=candidate, author=editor, status=Verdict.Status.SUBMITTED)
    client.force_login(other_editor)
    html = client.get(reverse("review:claim", args=[candidate.pk])).content.decode()
    assert "Approve and publish" in html
    publish(client, verdict, next=reverse("review:claim", args=[candidate.pk]))
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.approved_by == other_editor


def test_publishing_without_a_source_is_refused(as_editor, candidate, reviewer):
    verdict = VerdictFactory(claim=candidate, author=reviewer, status=Verdict.Status.SUBMITTED)
    response = publish(as_editor, verdict)
    assert "at least one source" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_publishing_a_changed_verdict_is_refused(as_editor, submitted):
    response = publish(as_editor, submitted, version=1)
    assert "Someone else changed this verdict" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.SUBMITTED


def test_reviewer_sees_no_approve_button(as_reviewer, submitted):
    html = as_reviewer.get(reverse("review:claim", args=[submitted.claim_id])).content.decode()
    assert "Approve and publish" not in html


def test_send_back_with_a_note(as_editor, submitted):
    response = as_editor.post(
        reverse("review:verdict-send-back", args=[submitted.pk]),
        {"version": 2, "note": "Find a second source", "next": APPROVALS},
    )
    assert response.url == APPROVALS
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.DRAFT
    assert submitted.review_note == "Find a second source"


def test_send_back_without_a_note_is_refused(as_editor, submitted):
    response = as_editor.post(
        reverse("review:verdict-send-back", args=[submitted.pk]),
        {"version": 2, "note": ""},
        follow=True,
    )
    assert "Say what needs to change" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.SUBMITTED


def test_approvals_query_count_does_not_grow(client, editor, reviewer, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            claim = ClaimFactory()
            EvidenceFactory(claim=claim)
            VerdictFactory(claim=claim, author=reviewer, status=Verdict.Status.SUBMITTED)

    client.force_login(editor)
    # session, user, groups and publish permission (user_is_editor),
    # submitted verdicts with claim, article, outlet and author, their evidence
    # with sources (prefetch), the history of their wording (who may approve them),
    # the changes to published fact-checks (none).
    make(1)
    # + the header's bell: the unread notifications count.
    with django_assert_num_queries(8):
        client.get(APPROVALS)
    make(9)
    with django_assert_num_queries(8):
        response = client.get(APPROVALS)
    assert len(response.context["rows"]) == 10


# ------------------------------------------------------------------------------
# Corrections and withdrawal
# ------------------------------------------------------------------------------
@pytest.fixture
def published(candidate, reviewer, editor):
    EvidenceFactory(claim=candidate)
    return PublishedVerdictFactory(claim=candidate, author=reviewer, approved_by=editor)


def correct(client, verdict, **data):
    payload = {"rating": "mostly-true", "rationale": "Five, per TASS.", "note": "", **data}
    payload.setdefault("version", verdict.version)
    return client.post(reverse("review:verdict-correct", args=[verdict.pk]), payload)


def test_correction_needs_a_note(as_editor, published):
    response = correct(as_editor, published)
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    published.refresh_from_db()
    assert published.rating == "true"


def test_correction_is_logged_and_the_old_version_kept(client, editor, other_editor, published):
    client.force_login(editor)
    response = correct(client, published, note="The count was four, not five.")
    assert response.status_code == 302
    # Four eyes after publication: it waits for another editor.
    published.refresh_from_db()
    assert published.rating == "true" and not Correction.objects.exists()
    change = PendingChange.objects.get()
    client.force_login(other_editor)
    client.post(
        reverse("review:change-approve", args=[change.pk]),
        {"note": "The count was four, not five."},
    )
    published.refresh_from_db()
    assert published.rating == "mostly-true"
    assert Correction.objects.get().note == "The count was four, not five."
    assert published.history.filter(rating="true").exists()
    html = client.get(reverse("review:claim", args=[published.claim_id])).content.decode()
    assert "The count was four, not five." in html


def test_correction_of_a_changed_verdict_is_a_conflict(as_editor, published):
    response = correct(as_editor, published, note="n", version=published.version + 5)
    assert response.status_code == 409
    assert not Correction.objects.exists()


def test_reviewer_cannot_correct(as_reviewer, published):
    response = correct(as_reviewer, published, note="n")
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_editor_withdraws_with_a_public_note(as_editor, published):
    as_editor.post(
        reverse("review:verdict-withdraw", args=[published.pk]),
        {"version": published.version, "note": "Source retracted"},
    )
    published.refresh_from_db()
    assert published.status == Verdict.Status.WITHDRAWN
    assert Correction.objects.get().note == "Withdrawn: Source retracted"


def test_reviewer_cannot_withdraw(as_reviewer, published):
    response = as_reviewer.post(
        reverse("review:verdict-withdraw", args=[published.pk]),
        {"version": published.version, "note": "x"},
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.status == Verdict.Status.PUBLISHED
    assert not Correction.objects.exists()


def test_a_stale_verdict_that_still_holds_is_republished_with_a_note(as_editor, published):
    """The article's wording changed; the editor checks and keeps the verdict as it is."""
    published.stale = True
    published.save()
    html = as_editor.get(reverse("review:claim", args=[published.claim_id])).content.decode()
    assert "If the verdict still holds" in html
    response = correct(
        as_editor,
        published,
        rating=published.rating,
        rationale=published.rationale,
        note="The article now says five aboard; the verdict stands.",
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.stale is False and published.rating == "true"
    assert Correction.objects.get().note.startswith("The article now says")


def test_an_unchanged_correction_of_a_current_verdict_is_refused(as_editor, published):
    response = correct(
        as_editor, published, rating=published.rating, rationale=published.rationale, note="n"
    )
    assert response.status_code == 400
    assert "Nothing changed" in response.content.decode()
    assert not Correction.objects.exists()


def test_no_new_draft_on_a_claim_with_a_published_verdict(as_reviewer, published):
    response = as_reviewer.post(
        reverse("review:verdict-save", args=[published.claim_id]),
        {"rating": "false", "rationale": "a second opinion", "action": "save"},
    )
    assert response.status_code == 400
    assert "an editor corrects that one" in response.content.decode()
    assert list(Verdict.objects.all()) == [published]


def test_a_claim_with_a_published_verdict_offers_no_dismiss(as_reviewer, published):
    claim_page = as_reviewer.get(reverse("review:claim", args=[published.claim_id]))
    assert reverse("review:claim-dismiss", args=[published.claim_id]) not in (
        claim_page.content.decode()
    )
    article_page = as_reviewer.get(reverse("review:article", args=[published.claim.article_id]))
    assert reverse("review:claim-dismiss", args=[published.claim_id]) not in (
        article_page.content.decode()
    )


def test_approval_list_links_the_sources_and_quotes_the_sentence(as_editor, submitted):
    submitted.claim.sentence = "Three crew and two officers died, according to a Kremlin statement."
    submitted.claim.save()
    html = as_editor.get(APPROVALS).content.decode()
    source = submitted.claim.evidence.get().source
    assert f'href="{source.url}"' in html
    assert "according to a Kremlin statement." in html


def test_editor_is_told_that_editing_a_submitted_verdict_makes_them_a_co_writer(
    as_editor, submitted
):
    html = as_editor.get(reverse("review:claim", args=[submitted.claim_id])).content.decode()
    assert "Waiting for an editor's approval" in html
    assert "makes you a co-writer" in html


def test_author_is_told_saving_takes_a_submitted_verdict_back_to_draft(as_reviewer, submitted):
    html = as_reviewer.get(reverse("review:claim", args=[submitted.claim_id])).content.decode()
    assert "Saving changes takes it back to draft" in html


def test_an_editor_who_changed_the_wording_sees_no_approve_button_and_is_refused(
    client, editor, reviewer, candidate
):
    EvidenceFactory(claim=candidate)
    verdict = VerdictFactory(claim=candidate, author=reviewer, rationale="first")
    # The editor rewrites the draft, then the reviewer submits it.
    client.force_login(editor)
    client.post(
        reverse("review:verdict-save", args=[candidate.pk]),
        {"rating": "false", "rationale": "the editor's words", "verdict": verdict.pk,
         "version": 1, "action": "save"},
    )  # fmt: skip
    client.force_login(reviewer)
    client.post(
        reverse("review:verdict-save", args=[candidate.pk]),
        {"rating": "false", "rationale": "the editor's words", "verdict": verdict.pk,
         "version": 2, "action": "submit"},
    )  # fmt: skip
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    client.force_login(editor)
    listing = client.get(APPROVALS).content.decode()
    assert "Approve and publish" not in listing
    assert "You changed this verdict's wording" in listing
    claim_page = client.get(reverse("review:claim", args=[candidate.pk])).content.decode()
    assert "Approve and publish" not in claim_page
    assert "You wrote part of this verdict" in claim_page
    response = publish(client, verdict)
    assert "another editor must approve it" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_an_editor_who_only_sent_it_back_may_approve_the_resubmission(
    client, editor, reviewer, submitted
):
    client.force_login(editor)
    client.post(
        reverse("review:verdict-send-back", args=[submitted.pk]),
        {"version": submitted.version, "note": "Say which ministry"},
    )
    client.force_login(reviewer)
    client.post(
        reverse("review:verdict-save", args=[submitted.claim_id]),
        {"rating": "true", "rationale": "The Defense Ministry said so.", "verdict": submitted.pk,
         "version": submitted.version + 1, "action": "submit"},
    )  # fmt: skip
    client.force_login(editor)
    assert "Publish anyway" in client.get(APPROVALS).content.decode()
    submitted.refresh_from_db()
    publish(client, submitted, publish_anyway_reason="Single official count.")
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.PUBLISHED


def test_a_verdict_whose_claim_was_dismissed_is_not_published(as_editor, submitted, candidate):
    candidate.status = "dismissed"
    candidate.save()
    html = as_editor.get(APPROVALS).content.decode()
    assert "The claim was dismissed after this verdict was submitted" in html
    assert reverse("review:verdict-publish", args=[submitted.pk]) not in html
    response = publish(as_editor, submitted)
    assert "restore the claim before its verdict can be published" in response.content.decode()
    submitted.refresh_from_db()
    candidate.refresh_from_db()
    assert submitted.status == Verdict.Status.SUBMITTED
    assert candidate.status == "dismissed"
