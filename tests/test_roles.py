import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

EVERY_MODEL = [
    "outlet", "article", "articlelink", "articleversion", "event", "claimant", "claim",
    "claimrelay", "source", "evidence", "verdict", "correction", "claimmatch", "claimflag",
]  # fmt: skip
REVIEWER = {f"view_{model}" for model in EVERY_MODEL} | {
    "add_outlet", "change_outlet",
    "add_article", "change_article",
    "add_articlelink", "change_articlelink", "delete_articlelink",
    "add_event", "change_event",
    "add_claimant", "change_claimant",
    "add_claim", "change_claim",
    "add_claimrelay", "change_claimrelay", "delete_claimrelay",
    "add_source", "change_source",
    "add_evidence", "change_evidence", "delete_evidence",
    "add_verdict", "change_verdict",
    "change_claimmatch",
}  # fmt: skip
EDITOR = REVIEWER | {
    "publish_verdict",
    "add_correction", "change_correction",
    "delete_article", "delete_claim", "delete_claimant", "delete_source", "delete_event",
}  # fmt: skip


def codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_reviewer_has_exactly_the_permissions_of_review_work():
    assert codenames("Reviewer") == REVIEWER


def test_editor_has_exactly_a_reviewers_permissions_plus_publishing_corrections_and_deleting():
    assert codenames("Editor") == EDITOR


def test_nobody_but_a_superuser_deletes_verdicts_corrections_versions_or_flags():
    # Nothing published is silently removed, and history is kept.
    never = {
        "delete_verdict", "delete_correction", "delete_articleversion", "change_articleversion",
        "add_articleversion", "delete_claimflag", "add_claimflag", "change_claimflag",
        "add_claimmatch", "delete_claimmatch",
    }  # fmt: skip
    assert not never & (codenames("Reviewer") | codenames("Editor"))


def test_reviewers_cannot_publish_or_correct():
    perms = codenames("Reviewer")
    assert "publish_verdict" not in perms
    assert not {"add_correction", "change_correction", "delete_claim", "delete_article"} & perms


def test_roles_grant_real_permissions(reviewer, editor):
    assert reviewer.has_perm("claims.change_claim")
    assert reviewer.has_perm("articles.change_event")
    assert not reviewer.has_perm("claims.publish_verdict")
    assert editor.has_perm("claims.publish_verdict")
    assert editor.has_perm("claims.add_correction")
