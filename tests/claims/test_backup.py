"""Backups that restore: `manage.py backup` then `manage.py restore` gives back every
row, and the public pages, feeds and ClaimReview data byte for byte, on SQLite and
PostgreSQL, and from a SQLite desk into whatever database the suite runs on (on
PostgreSQL: SQLite to PostgreSQL)."""

from __future__ import annotations

import base64
import difflib
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from articles.models import Article, Outlet
from articles.services import article_import
from claims.backup import backed_up_models
from claims.models import Claim, Correction, Verdict
from tests.conftest import SEED_PATH
from tests.factories import EvidenceFactory, PublishedVerdictFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def build_desk() -> None:
    """A realistic small desk: generated articles and claims (half published), the seed
    story imported as reviewers import it (with its history), published verdicts with
    sources and a correction, users, groups, permissions, an API token, the admin's log."""
    call_command("generate_data", articles=12, claims_per_article=6, seed=7, verbosity=0)
    seed = article_import(
        raw=SEED_PATH.read_bytes(), filename=SEED_PATH.name, outlet_name="RT"
    ).article
    User = get_user_model()
    editor = UserFactory(username="backup-editor", role="Editor")
    reviewer = UserFactory(username="backup-reviewer", role="Reviewer")
    reviewer.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    Token.objects.create(user=reviewer)
    seed_claims = Claim.objects.filter(article=seed, verdicts__isnull=True).order_by("pk")[:2]
    for claim in seed_claims:
        claim.status = Claim.Status.CONFIRMED
        claim.save()
        verdict = PublishedVerdictFactory(claim=claim, author=reviewer, approved_by=editor)
        EvidenceFactory(claim=claim, added_by=reviewer)
    Correction.objects.create(
        verdict=verdict, note="The ministry later named the fifth victim.", created_by=editor
    )
    admin = User.objects.create_superuser("backup-admin", "a@example.org", "pw-123-backup")
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=Outlet.objects.all()[:2], action_flag=ADDITION
    )


API_LISTS = ("/api/v1/claims/", "/api/v1/articles/")


def public_snapshot() -> dict[str, str]:
    """What anonymous readers and machines get, base64 so bytes compare exactly."""
    cache.clear()
    client = Client()
    paths = ["/", "/claims/", "/corrections/", "/feeds/verdicts/", "/sitemap.xml",
             "/claimreview.json", "/api/v1/claimreview/", *API_LISTS]  # fmt: skip
    published = Verdict.objects.filter(status="published").select_related("claim")
    paths += [v.claim.get_absolute_url() for v in published.order_by("pk")[:8]]
    paths += [a.get_absolute_url() for a in Article.objects.order_by("pk")[:4]]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = base64.b64encode(response.content).decode()
    cache.clear()
    return pages


def assert_same_pages(
    actual: dict[str, str], expected: dict[str, str], *, as_json: tuple[str, ...] = ()
) -> None:
    """Byte for byte (``as_json`` pages: the same JSON); a difference is shown as a diff."""
    assert actual.keys() == expected.keys()
    for path in expected:
        if path in as_json:
            assert json.loads(base64.b64decode(actual[path])) == json.loads(
                base64.b64decode(expected[path])
            ), path
        elif actual[path] != expected[path]:
            before = base64.b64decode(expected[path]).decode().replace(",", ",\n").splitlines()
            after = base64.b64decode(actual[path]).decode().replace(",", ",\n").splitlines()
            diff = "\n".join(list(difflib.unified_diff(before, after, lineterm=""))[:40])
            pytest.fail(f"{path} differs after the restore:\n{diff}")


def row_counts() -> dict[str, int]:
    counts = {}
    for model in backed_up_models():
        counts[model._meta.label] = model._base_manager.count()
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                counts[through._meta.label] = through._base_manager.count()
    return counts


def test_backup_then_restore_gives_back_every_row_and_every_public_byte(tmp_path):
    build_desk()
    counts, pages = row_counts(), public_snapshot()
    assert counts["claims.Claim"] >= 72 and counts["claims.HistoricalClaim"] > 0
    assert counts["claims.Correction"] == 1 and counts["authtoken.Token"] == 1
    path = tmp_path / "desk.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    with gzip.open(path, "rt") as stream:
        header = json.loads(stream.readline())
    assert header["format"] == "claimtrack-backup" and header["counts"]["claims.claim"] >= 72

    call_command("restore", str(path), "--force", verbosity=0)

    assert row_counts() == counts
    assert_same_pages(public_snapshot(), pages)
    # New rows get new ids after the restored ones (PostgreSQL's sequences were moved on).
    highest = Outlet.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert Outlet.objects.create(name="After the restore", slug="after").pk > highest
    # Permissions and tokens survived with their links.
    reviewer = get_user_model().objects.get(username="backup-reviewer")
    assert reviewer.has_perm("admin.view_logentry") and reviewer.groups.exists()
    assert (
        Client()
        .get("/api/v1/claims/", headers={"authorization": f"Token {reviewer.auth_token.key}"})
        .status_code
        == 200
    )
    assert (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Outlet)).count() == 2
    )


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(tmp_path):
    build_desk()
    path = tmp_path / "desk.jsonl"
    call_command("backup", str(path), verbosity=0)
    Outlet.objects.create(name="Written since", slug="written-since")
    counts = row_counts()
    with pytest.raises(CommandError, match=r"not empty.*--force.*Nothing was changed"):
        call_command("restore", str(path), verbosity=0)
    assert row_counts() == counts


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}\n')
    with pytest.raises(CommandError, match="not a Claimtrack backup"):
        call_command("restore", str(path), verbosity=0)
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.jsonl.gz"), verbosity=0)


def test_backup_never_overwrites_by_accident(tmp_path):
    path = tmp_path / "desk.jsonl.gz"
    path.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path), verbosity=0)
    assert path.read_text() == "keep me"


def test_a_sqlite_desk_restores_into_this_database(tmp_path):
    """The desk is built, snapshotted and backed up by another process on a SQLite
    file; it is restored here (on PostgreSQL when the suite runs there)."""
    pages_file, backup = tmp_path / "pages.json", tmp_path / "desk.jsonl.gz"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'desk.sqlite3'}",
    )
    script = (
        "import json; from tests.claims.test_backup import build_desk, public_snapshot, "
        "row_counts; from django.core.management import call_command; build_desk(); "
        "snapshot = {'pages': public_snapshot(), 'counts': row_counts()}; "
        f"json.dump(snapshot, open({str(pages_file)!r}, 'w')); "
        f"call_command('backup', {str(backup)!r}, verbosity=0)"
    )
    for args in (["migrate", "--noinput", "-v0"], ["shell", "-c", script]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
    expected = json.loads(pages_file.read_text())

    call_command("restore", str(backup), "--force", verbosity=0)

    assert row_counts() == expected["counts"]
    # The API's lists hold casualty parts, which PostgreSQL's jsonb stores with its own
    # key order ({"who", "count"}): the same data, so compared as JSON when the engines
    # differ. The public pages and the ClaimReview feeds compare byte for byte.
    engines_differ = connection.vendor != "sqlite"
    assert_same_pages(
        public_snapshot(), expected["pages"], as_json=API_LISTS if engines_differ else ()
    )
