"""The review pages under four eyes after publication: what a reviewer changes on a
published fact-check waits, marked "pending editor approval", and editors approve
or reject it on the approvals page, where each change shows as a diff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Correction, Evidence, PendingChange, Verdict
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

APPROVALS = reverse("review:approvals")


@pytest.fixture
def published(reviewer, editor):
    claim = ClaimFactory(claimant=ClaimantFactory(name="Defense Ministry"))
    EvidenceFactory(claim=claim, source=SourceFactory(title="Ministry statement"))
    EvidenceFactory(claim=claim, source=SourceFactory(title="Wire report"))
    return PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)


def claim_page(claim) -> str:
    return reverse("review:claim", args=[claim.pk])


def edit_form(claim, **changes) -> dict:
    data = {
        "kind": claim.kind,
        "claimant": claim.claimant.name if claim.claimant else "",
        "via": "",
        "count_min": claim.count_min or "",
        "count_max": claim.count_max or "",
        "category": claim.category,
        "parts": "3 crew\n2 officers",
    }
    data.update(changes)
    return data


def test_reviewer_claim_edit_is_held_and_marked_pending(client, reviewer, published):
    ClaimantFactory(name="Kremlin press office")
    client.force_login(reviewer)
    response = client.post(
        reverse("review:claim-edit", args=[published.claim_id]),
        edit_form(published.claim, claimant="Kremlin press office", count_min=4, count_max=4),
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "waiting for an editor&#x27;s approval" in html
        or "waiting for an editor's approval" in html
    )
    assert "Pending editor approval" in html
    assert "<del>Defense Ministry</del> → <ins>Kremlin press office</ins>" in html
    assert "Changes pending editor approval" in html
    published.claim.refresh_from_db()
    assert published.claim.claimant.name == "Defense Ministry"
    public = client.get(published.claim.get_absolute_url()).content.decode()
    assert "Kremlin press office" not in public


def test_editor_approves_a_held_change_with_its_public_note(client, reviewer, editor, published):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4, count_max=4)
    client.force_login(editor)
    listing = client.get(APPROVALS).content.decode()
    assert f'id="change-{change.pk}"' in listing
    assert "<del>5</del> → <ins>4</ins>" in listing
    # The public note is proposed, and editable.
    assert "Claim corrected: minimum 5 → 4; maximum 5 → 4." in listing
    response = client.post(
        reverse("review:change-approve", args=[change.pk]),
        {"note": "The ministry revised the toll to four.", "next": APPROVALS},
        follow=True,
    )
    assert "Approved and published" in response.content.decode()
    published.claim.refresh_from_db()
    assert published.claim.count_min == 4
    assert Correction.objects.get().note == "The ministry revised the toll to four."
    public = client.get(published.claim.get_absolute_url()).content.decode()
    assert "The ministry revised the toll to four." in public


def test_approving_needs_a_public_note(client, reviewer, editor, published):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    client.force_login(editor)
    response = client.post(
        reverse("review:change-approve", args=[change.pk]), {"note": ""}, follow=True
    )
    assert "Write the public correction note" in response.content.decode()
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING


def test_the_author_of_a_change_cannot_approve_it_on_the_page(client, editor, published):
    change = services.claim_update(claim=published.claim, by=editor, count_min=4)
    client.force_login(editor)
    listing = client.get(APPROVALS).content.decode()
    assert "You proposed this change: another editor must approve it." in listing
    response = client.post(
        reverse("review:change-approve", args=[change.pk]), {"note": "n"}, follow=True
    )
    assert "another editor must approve it" in response.content.decode()
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING


def test_reviewer_cannot_approve_or_open_approvals(client, reviewer, other_reviewer, published):
    change = services.claim_update(claim=published.claim, by=other_reviewer, count_min=4)
    client.force_login(reviewer)
    assert client.get(APPROVALS).status_code == 403
    response = client.post(reverse("review:change-approve", args=[change.pk]), {"note": "n"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING


def test_anonymous_cannot_approve(client, reviewer, published):
    change = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    response = client.post(reverse("review:change-approve", args=[change.pk]), {"note": "n"})
    assert response.status_code == 302 and "/login" in response.url
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING


def test_editor_rejects_with_a_reason_and_the_author_can_take_back(
    client, reviewer, editor, published
):
    first = services.claim_update(claim=published.claim, by=reviewer, count_min=4)
    second = services.claim_update(claim=published.claim, by=reviewer, count_min=3)
    client.force_login(editor)
    client.post(reverse("review:change-reject", args=[first.pk]), {"note": "Still five."})
    first.refresh_from_db()
    assert (first.status, first.decision_note) == ("rejected", "Still five.")
    client.force_login(reviewer)
    page = client.get(claim_page(published.claim)).content.decode()
    assert "Take it back" in page
    client.post(reverse("review:change-reject", args=[second.pk]), {"note": ""})
    second.refresh_from_db()
    assert second.status == PendingChange.Status.REJECTED
    published.claim.refresh_from_db()
    assert published.claim.count_min == 5


def test_new_source_on_a_published_claim_is_held(client, reviewer, published):
    client.force_login(reviewer)
    response = client.post(
        reverse("review:evidence-add", args=[published.claim_id]),
        {"url": "https://phish.example.net/", "title": "Fake source", "publisher": "",
         "kind": "news", "stance": "supports", "note": ""},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "Source changes pending editor approval" in html
    assert published.claim.evidence.count() == 2
    assert "Fake source" not in client.get(published.claim.get_absolute_url()).content.decode()


def test_removing_sources_of_a_published_claim(client, reviewer, published):
    first, second = published.claim.evidence.all()
    client.force_login(reviewer)
    client.post(reverse("review:evidence-remove", args=[first.pk]))
    assert PendingChange.objects.get().kind == PendingChange.Kind.EVIDENCE_REMOVE
    response = client.post(reverse("review:evidence-remove", args=[second.pk]), follow=True)
    assert "last source of a published verdict" in response.content.decode()
    assert published.claim.evidence.count() == 2


def test_removing_a_source_of_an_unpublished_claim_is_immediate(client, reviewer):
    evidence = EvidenceFactory()
    client.force_login(reviewer)
    response = client.post(reverse("review:evidence-remove", args=[evidence.pk]), follow=True)
    assert "Source removed" in response.content.decode()
    assert not Evidence.objects.exists()


def test_outsider_cannot_remove_a_source(client, outsider):
    evidence = EvidenceFactory()
    client.force_login(outsider)
    assert client.post(reverse("review:evidence-remove", args=[evidence.pk])).status_code == 403
    assert Evidence.objects.exists()


def test_a_proposed_correction_shows_on_the_claim_page_and_blocks_a_second(
    client, editor, other_editor, published
):
    client.force_login(editor)
    response = client.post(
        reverse("review:verdict-correct", args=[published.pk]),
        {"rating": "false", "rationale": "Rewritten.", "note": "Re-rated.",
         "version": published.version},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "Correction proposed. Another editor must approve it" in html
    assert "Correction pending editor approval" in html
    assert "<del>True</del> → <ins>False</ins>" in html
    assert "Propose correction" not in html  # one waits at a time
    published.refresh_from_db()
    assert published.rating == Verdict.Rating.TRUE
    client.force_login(other_editor)
    listing = client.get(APPROVALS).content.decode()
    assert "Proposed public note:</strong> Re-rated." in listing


def test_editor_fixes_a_typo_in_a_correction_note(client, editor, published):
    correction = Correction.objects.create(verdict=published, note="Teh toll.", created_by=editor)
    client.force_login(editor)
    client.post(reverse("review:correction-note-fix", args=[correction.pk]), {"note": "The toll."})
    correction.refresh_from_db()
    assert correction.note == "The toll."
    assert "The toll." in client.get(published.claim.get_absolute_url()).content.decode()


def test_reviewer_cannot_fix_a_correction_note(client, reviewer, editor, published):
    correction = Correction.objects.create(verdict=published, note="Teh toll.", created_by=editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("review:correction-note-fix", args=[correction.pk]), {"note": "Mine."}
    )
    assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.note == "Teh toll."


def test_approvals_query_count_does_not_grow_with_changes(
    client, reviewer, editor, django_assert_num_queries
):
    def make(n: int) -> None:
        for _ in range(n):
            verdict = PublishedVerdictFactory(claim=ClaimFactory())
            EvidenceFactory(claim=verdict.claim)
            claimant = ClaimantFactory()
            services.claim_update(claim=verdict.claim, by=reviewer, claimant=claimant)
            services.evidence_attach(
                claim=verdict.claim,
                by=reviewer,
                url=f"https://x.example.org/{verdict.pk}",
                stance="supports",
            )
        submitted = VerdictFactory(author=reviewer, status=Verdict.Status.SUBMITTED)
        EvidenceFactory(claim=submitted.claim)

    client.force_login(editor)
    # session, user, groups and publish permission, submitted verdicts, their evidence,
    # the history of their wording, the held changes with their claims, articles and
    # authors, the claimants they name, the sources they name, the header's bell.
    make(1)
    with django_assert_num_queries(10):
        client.get(APPROVALS)
    make(5)
    with django_assert_num_queries(10):
        response = client.get(APPROVALS)
    assert len(response.context["changes"]) == 12
