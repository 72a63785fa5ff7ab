import pytest

from claims import services
from claims.models import Claim, Correction, Verdict
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article):
    return ClaimFactory(article=article, status=Claim.Status.CANDIDATE)


def submitted(claim, author):
    verdict = services.verdict_save_draft(claim=claim, by=author, rating="true", rationale="r")
    return services.verdict_submit(verdict=verdict, by=author, version=verdict.version)


def test_full_flow_draft_submit_publish(claim, reviewer, editor):
    EvidenceFactory(claim=claim)
    verdict = submitted(claim, reviewer)
    assert verdict.status == Verdict.Status.SUBMITTED
    # One source for a casualty figure: the editor is asked why before anything is published.
    with pytest.raises(services.PublishAnywayRequired):
        services.verdict_publish(verdict=verdict, by=editor, version=verdict.version)
    result = services.verdict_publish(
        verdict=verdict, by=editor, version=verdict.version, publish_anyway_reason="Sole count."
    )
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.approved_by == editor and verdict.published_at
    assert claim.status == Claim.Status.CONFIRMED
    assert result.warnings == [
        "Published with 1 independent source for a casualty figure; your reason is kept "
        "in the verdict's history."
    ]


def test_two_independent_sources_silence_the_warning(claim, reviewer, editor):
    EvidenceFactory(claim=claim, source=SourceFactory(publisher="TASS"))
    EvidenceFactory(claim=claim, source=SourceFactory(publisher="Reuters"))
    result = services.verdict_publish(verdict=submitted(claim, reviewer), by=editor)
    assert result.warnings == []


def test_editor_cannot_publish_own_verdict(claim, editor):
    EvidenceFactory(claim=claim)
    verdict = submitted(claim, editor)
    with pytest.raises(services.NotAllowed, match="own verdict"):
        services.verdict_publish(verdict=verdict, by=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_reviewer_cannot_publish(claim, reviewer, other_reviewer):
    EvidenceFactory(claim=claim)
    with pytest.raises(services.NotAllowed):
        services.verdict_publish(verdict=submitted(claim, reviewer), by=other_reviewer)


def test_publishing_needs_a_source(claim, reviewer, editor):
    evidence = EvidenceFactory(claim=claim)
    verdict = submitted(claim, reviewer)
    evidence.delete()  # removed after the verdict was submitted
    with pytest.raises(services.ServiceError, match="at least one source"):
        services.verdict_publish(verdict=verdict, by=editor, publish_anyway_reason="r")


def test_stale_version_is_a_conflict_not_a_lost_update(claim, reviewer, other_reviewer):
    draft = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="a")
    services.verdict_save_draft(
        claim=claim, by=other_reviewer, rating="false", rationale="b", verdict=draft, version=1
    )
    with pytest.raises(services.Conflict) as info:
        services.verdict_save_draft(
            claim=claim, by=reviewer, rating="mixed", rationale="c", verdict=draft, version=1
        )
    assert info.value.current.rationale == "b"
    draft.refresh_from_db()
    assert (draft.rating, draft.rationale, draft.version) == ("false", "b", 2)


def test_send_back_needs_a_note_and_returns_to_draft(claim, reviewer, editor):
    EvidenceFactory(claim=claim)
    verdict = submitted(claim, reviewer)
    with pytest.raises(services.ServiceError):
        services.verdict_send_back(verdict=verdict, by=editor, note=" ")
    verdict = services.verdict_send_back(verdict=verdict, by=editor, note="Add a second source")
    assert verdict.status == Verdict.Status.DRAFT
    assert verdict.review_note == "Add a second source"


def test_correction_needs_a_note_and_is_logged(claim, reviewer, editor, other_editor):
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    verdict = services.verdict_publish(verdict=submitted(claim, reviewer), by=editor).verdict
    with pytest.raises(services.ServiceError, match="note"):
        services.verdict_correct(
            verdict=verdict, by=editor, rating="mostly-true", rationale="x", note="",
            version=verdict.version,
        )  # fmt: skip
    change = services.verdict_correct(
        verdict=verdict, by=editor, rating="mostly-true", rationale="new", note="Two not five",
        version=verdict.version,
    )  # fmt: skip
    # Four eyes after publication: the re-rating waits for another editor.
    verdict.refresh_from_db()
    assert verdict.rating == "true" and not Correction.objects.exists()
    services.change_approve(change=change, by=other_editor)
    verdict.refresh_from_db()
    assert verdict.rating == "mostly-true"
    assert Correction.objects.get().note == "Two not five"
    assert verdict.history.filter(rating="true").exists()  # the old version is kept


def test_evidence_reuses_a_source_with_the_same_url(claim, reviewer):
    a = services.evidence_add(
        claim=claim, by=reviewer, url="https://tass.example/1", stance="supports", title="T"
    )
    other = ClaimFactory(article=claim.article, quote="Dmitry Peskov")
    b = services.evidence_add(
        claim=other, by=reviewer, url="https://tass.example/1", stance="context"
    )
    assert a.source_id == b.source_id


def test_manual_claim_by_quote(article, reviewer):
    claim = services.claim_create_manual(
        article=article, by=reviewer, kind="attribution", exact="the Defense Ministry said"
    )
    assert article.text[claim.start : claim.end] == "the Defense Ministry said"
    assert claim.origin == Claim.Origin.MANUAL and claim.created_by == reviewer
    assert claim.suffix.startswith(".")


@pytest.mark.parametrize(
    ("exact", "message"), [("not in the text", "not in the article"), ("Kremlin", "more than once")]
)
def test_manual_claim_refuses_absent_or_ambiguous_quotes(article, reviewer, exact, message):
    with pytest.raises(services.ServiceError, match=message):
        services.claim_create_manual(article=article, by=reviewer, kind="statement", exact=exact)
    assert not Claim.objects.exists()


def test_outsider_cannot_write(claim, outsider):
    with pytest.raises(services.NotAllowed):
        services.claim_confirm(claim=claim, by=outsider)
    with pytest.raises(services.NotAllowed):
        services.verdict_save_draft(claim=claim, by=outsider, rating="true", rationale="")


def test_claim_update_validates_numbers(claim, reviewer):
    with pytest.raises(services.ServiceError, match="maximum"):
        services.claim_update(claim=claim, by=reviewer, count_min=9, count_max=3)
    with pytest.raises(services.ServiceError, match="Parts"):
        services.claim_update(claim=claim, by=reviewer, parts=[{"who": "crew"}])


def test_dismiss_refused_when_published(claim, reviewer):
    from tests.factories import PublishedVerdictFactory

    PublishedVerdictFactory(claim=claim)
    with pytest.raises(services.ServiceError):
        services.claim_dismiss(claim=claim, by=reviewer)


def test_second_working_verdict_is_refused(claim, reviewer):
    VerdictFactory(claim=claim)
    with pytest.raises(services.Conflict):
        services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="")


# ------------------------------------------------------------------------------
# Services the review pages added
# ------------------------------------------------------------------------------
def test_claimant_create_makes_a_unique_slug(reviewer):
    first = services.claimant_create(name="  Dmitry   Peskov ", by=reviewer)
    second = services.claimant_create(name="Dmitry Peskov", by=reviewer)
    assert first.name == "Dmitry Peskov" and first.slug == "dmitry-peskov"
    assert second.slug == "dmitry-peskov-2"


def test_claimant_create_refuses_outsiders_and_empty_names(outsider, reviewer):
    with pytest.raises(services.NotAllowed):
        services.claimant_create(name="X", by=outsider)
    with pytest.raises(services.ServiceError):
        services.claimant_create(name="   ", by=reviewer)


def test_claimant_find_by_name_or_alias():
    from tests.factories import ClaimantFactory

    ap = ClaimantFactory(name="The Associated Press", aliases=["AP", "Associated Press"])
    assert services.claimant_find("the associated press") == ap
    assert services.claimant_find("ap") == ap
    assert services.claimant_find("APA") is None
    assert services.claimant_find("") is None


def test_claim_edit_resolves_names_and_keeps_the_chain_order(claim, reviewer):
    from tests.factories import ClaimantFactory

    peskov = ClaimantFactory(name="Dmitry Peskov")
    ap = ClaimantFactory(name="AP")
    rt = ClaimantFactory(name="RT")
    services.claim_edit(
        claim=claim, by=reviewer, claimant_name="dmitry peskov", via_names=["RT", "ap"],
        kind="attribution",
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.claimant == peskov and claim.kind == "attribution"
    assert [r.claimant for r in claim.relays.order_by("position")] == [rt, ap]


def test_claim_edit_refuses_unknown_names_and_creates_on_request(claim, reviewer):
    from claims.models import Claimant

    with pytest.raises(services.ServiceError, match="No claimant is called 'Alaa Ibrahim'"):
        services.claim_edit(claim=claim, by=reviewer, claimant_name="Alaa Ibrahim")
    services.claim_edit(
        claim=claim, by=reviewer, claimant_name="Alaa Ibrahim", via_names=["alaa ibrahim"],
        create_claimants=True,
    )  # fmt: skip
    assert Claimant.objects.count() == 1  # the same name twice is one claimant


def test_claim_edit_rolls_back_created_claimants_when_refused(claim, reviewer):
    from claims.models import Claimant

    with pytest.raises(services.ServiceError):
        services.claim_edit(
            claim=claim, by=reviewer, claimant_name="New", create_claimants=True,
            count_min=9, count_max=1,
        )  # fmt: skip
    assert not Claimant.objects.exists()


def test_save_and_submit_creates_and_submits(claim, reviewer):
    EvidenceFactory(claim=claim)
    verdict = services.verdict_save_and_submit(
        claim=claim, by=reviewer, rating="true", rationale="r"
    )
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.version == 2


def test_save_and_submit_an_unchanged_draft_only_submits(claim, reviewer):
    EvidenceFactory(claim=claim)
    draft = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="r")
    verdict = services.verdict_save_and_submit(
        claim=claim, by=reviewer, rating="true", rationale="r", verdict=draft, version=1
    )
    assert verdict.status == Verdict.Status.SUBMITTED and verdict.version == 2


def test_save_and_submit_with_a_stale_version_is_a_conflict(claim, reviewer, other_reviewer):
    EvidenceFactory(claim=claim)
    draft = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="a")
    services.verdict_save_draft(
        claim=claim, by=other_reviewer, rating="false", rationale="b", verdict=draft, version=1
    )
    with pytest.raises(services.Conflict):
        services.verdict_save_and_submit(
            claim=claim, by=reviewer, rating="mixed", rationale="c", verdict=draft, version=1
        )
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.DRAFT and draft.rationale == "b"


def test_save_and_submit_refuses_resubmitting_unchanged(claim, reviewer):
    EvidenceFactory(claim=claim)
    verdict = services.verdict_save_and_submit(
        claim=claim, by=reviewer, rating="true", rationale="r"
    )
    with pytest.raises(services.ServiceError, match="already waiting"):
        services.verdict_save_and_submit(
            claim=claim, by=reviewer, rating="true", rationale="r", verdict=verdict,
            version=verdict.version,
        )  # fmt: skip


def test_verdict_of_another_claim_is_refused(claim, reviewer):
    other = VerdictFactory()
    with pytest.raises(services.ServiceError, match="another claim"):
        services.verdict_save_draft(
            claim=claim, by=reviewer, rating="true", rationale="", verdict=other, version=1
        )


def test_saving_a_stale_draft_clears_the_flag(claim, reviewer):
    draft = VerdictFactory(claim=claim, author=reviewer, stale=True)
    draft = services.verdict_save_draft(
        claim=claim, by=reviewer, rating="true", rationale="re-checked", verdict=draft, version=1
    )
    assert draft.stale is False


def test_claim_recheck(claim, reviewer):
    claim.anchor_state = Claim.AnchorState.CHANGED
    claim.save()
    services.claim_recheck(claim=claim, by=reviewer)
    claim.refresh_from_db()
    assert claim.anchor_state == Claim.AnchorState.ANCHORED
    claim.anchor_state = Claim.AnchorState.ORPHANED
    claim.save()
    with pytest.raises(services.ServiceError, match="no longer in the article"):
        services.claim_recheck(claim=claim, by=reviewer)


def test_manual_claim_on_an_existing_claims_exact_span_is_refused(claim, reviewer):
    with pytest.raises(services.ServiceError, match="already a claim"):
        services.claim_create_manual(
            article=claim.article, by=reviewer, kind="casualty", start=claim.start, end=claim.end
        )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.example/a", "no url"])
def test_evidence_refuses_non_web_addresses(claim, reviewer, url):
    with pytest.raises(services.ServiceError, match="not a web address"):
        services.evidence_add(claim=claim, by=reviewer, url=url, stance="supports")


def test_an_editor_who_rewrote_the_draft_cannot_approve_it(claim, reviewer, editor, other_editor):
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    draft = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="a")
    draft = services.verdict_save_draft(
        claim=claim, by=editor, rating="mixed", rationale="b", verdict=draft, version=draft.version
    )
    verdict = services.verdict_submit(verdict=draft, by=reviewer, version=draft.version)
    with pytest.raises(services.NotAllowed, match="wrote part of this verdict"):
        services.verdict_publish(verdict=verdict, by=editor)
    assert services.verdict_publish(verdict=verdict, by=other_editor).verdict.approved_by == (
        other_editor
    )


def test_sending_back_does_not_make_an_editor_a_writer(claim, reviewer, editor):
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    verdict = submitted(claim, reviewer)
    verdict = services.verdict_send_back(verdict=verdict, by=editor, note="Add a source")
    verdict = services.verdict_submit(verdict=verdict, by=reviewer, version=verdict.version)
    assert services.verdict_publish(verdict=verdict, by=editor).verdict.status == "published"


def test_history_names_who_changed_the_claim(claim, reviewer):
    services.claim_confirm(claim=claim, by=reviewer)
    assert claim.history.first().history_user == reviewer


# ------------------------------------------------------------------------------
# Manual claims: which passage
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give either its exact quote, or its start and end offsets"),
        ({"exact": "  "}, "give either its exact quote"),
        ({"start": 5}, "Give both the start and the end"),
        ({"end": 9}, "Give both the start and the end"),
        ({"start": 20, "end": 5}, r"The start \(20\) must come before the end \(5\)"),
        ({"start": 7, "end": 7}, "The passage is empty"),
        ({"start": 5, "end": 10**6}, "outside the article text, which runs from 0 to"),
    ],
)
def test_manual_claim_says_what_is_wrong_with_the_passage(article, reviewer, kwargs, message):
    with pytest.raises(services.ServiceError, match=message):
        services.claim_create_manual(article=article, by=reviewer, kind="statement", **kwargs)
    assert not Claim.objects.exists()


# ------------------------------------------------------------------------------
# Dismissed claims get no verdict
# ------------------------------------------------------------------------------
def test_a_dismissed_claim_cannot_get_a_verdict_until_restored(claim, reviewer):
    services.claim_dismiss(claim=claim, by=reviewer)
    with pytest.raises(services.ServiceError, match=r"was dismissed.*Restore it first"):
        services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="r")
    with pytest.raises(services.ServiceError, match="was dismissed"):
        services.verdict_save_and_submit(claim=claim, by=reviewer, rating="true", rationale="r")
    assert not Verdict.objects.exists()
    services.claim_confirm(claim=claim, by=reviewer)
    verdict = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="r")
    assert verdict.status == Verdict.Status.DRAFT


def test_a_draft_is_frozen_while_its_claim_is_dismissed(claim, reviewer):
    draft = services.verdict_save_draft(claim=claim, by=reviewer, rating="true", rationale="r")
    # Dismissed by a colleague after this reviewer loaded the claim.
    services.claim_dismiss(claim=Claim.objects.get(pk=claim.pk), by=reviewer)
    with pytest.raises(services.ServiceError, match="was dismissed"):
        services.verdict_save_draft(
            claim=claim, by=reviewer, rating="false", rationale="x", verdict=draft, version=1
        )
    with pytest.raises(services.ServiceError, match="was dismissed"):
        services.verdict_submit(verdict=draft, by=reviewer, version=1)
    draft.refresh_from_db()
    assert (draft.status, draft.rating, draft.version) == (Verdict.Status.DRAFT, "true", 1)


def test_publishing_never_restores_a_dismissed_claim(claim, reviewer, editor):
    EvidenceFactory(claim=claim)
    verdict = submitted(claim, reviewer)
    services.claim_dismiss(claim=claim, by=reviewer)
    with pytest.raises(services.ServiceError, match="restore the claim before"):
        services.verdict_publish(verdict=verdict, by=editor, version=verdict.version)
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert claim.status == Claim.Status.DISMISSED
    # The editor can still send it back to its author.
    verdict = services.verdict_send_back(verdict=verdict, by=editor, note="Claim was dismissed.")
    assert verdict.status == Verdict.Status.DRAFT


# ------------------------------------------------------------------------------
# Attaching a source twice
# ------------------------------------------------------------------------------
def test_attaching_a_source_again_updates_it_and_says_so(claim, reviewer, other_reviewer):
    url = "https://tass.example/1"
    first, attached = services.evidence_attach(
        claim=claim, by=reviewer, url=url, stance="supports", note="Called them."
    )
    assert attached is True
    again, attached = services.evidence_attach(
        claim=claim, by=other_reviewer, url=url, stance="contradicts"
    )
    assert attached is False and again.pk == first.pk
    again.refresh_from_db()
    # The stance changed; the first note stays (a blank one does not erase it) and so
    # does who first attached the source.
    assert (again.stance, again.note, again.added_by) == ("contradicts", "Called them.", reviewer)
    assert claim.evidence.count() == 1
    again, _ = services.evidence_attach(
        claim=claim, by=reviewer, url=url, stance="contradicts", note="They retracted."
    )
    again.refresh_from_db()
    assert again.note == "They retracted."
