import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_reviewer_can_work_on_claims_but_not_publish_or_delete():
    perms = codenames("Reviewer")
    assert {"add_claim", "change_claim", "add_evidence", "add_verdict", "change_verdict"} <= perms
    assert {"add_source", "add_article", "view_correction"} <= perms
    assert "publish_verdict" not in perms
    assert not {"delete_claim", "delete_article", "delete_verdict", "add_correction"} & perms


def test_editor_has_everything_a_reviewer_has_plus_publishing_and_corrections():
    editor, reviewer = codenames("Editor"), codenames("Reviewer")
    assert reviewer < editor
    assert {"publish_verdict", "add_correction", "delete_claim"} <= editor
    # Nothing published is silently removed: not even editors delete verdicts or corrections.
    assert not {"delete_verdict", "delete_correction"} & editor


def test_roles_grant_real_permissions(reviewer, editor):
    assert reviewer.has_perm("claims.change_claim")
    assert not reviewer.has_perm("claims.publish_verdict")
    assert editor.has_perm("claims.publish_verdict")
