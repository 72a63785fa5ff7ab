import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleLink, ArticleVersion, Outlet
from articles.services import ArticleImportError, article_import
from tests.conftest import SEED_PATH, SEED_TITLE

pytestmark = pytest.mark.django_db


def run_import(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_importing_the_seed_twice_leaves_one_article():
    out1, err1 = run_import(SEED_PATH, "--outlet", "RT")
    out2, err2 = run_import(SEED_PATH, "--outlet", "RT")
    assert err1 is None and err2 is None
    assert f"{SEED_PATH}: imported: {SEED_TITLE}" in out1
    assert f"{SEED_PATH}: unchanged: {SEED_TITLE}" in out2
    assert "1 file(s): 0 imported, 0 updated, 1 unchanged, 0 failed" in out2
    article = Article.objects.get()
    assert article.title == SEED_TITLE
    assert article.published_on == dt.date(2016, 8, 1)
    assert article.outlet.name == "RT"
    assert article.source_format == "seed"
    assert article.source == SEED_PATH.read_text()
    assert list(article.links.values_list("text", flat=True)) == [
        "2 Russian pilots killed as ISIS shoots down chopper near Palmyra – MoD",
        "Mi-28N gunship crashes near Homs, both pilots dead – Russian Defense Ministry",
    ]
    assert "READ MORE" not in article.text
    assert article.versions.count() == 1


def test_same_url_with_new_text_is_an_update_with_a_new_version(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Bus crash\n\nFive people were injured, police said.")
    run_import(path, "--url", "https://news.example.org/bus")
    path.write_text("Bus crash\n\nSix people were injured, police said.")
    out, err = run_import(path, "--url", "https://news.example.org/bus")
    assert err is None
    assert ": updated: Bus crash" in out
    article = Article.objects.get()
    # The headline is the first paragraph of the canonical text.
    assert article.text == "Bus crash\n\nSix people were injured, police said."
    assert [v.text for v in article.versions.order_by("created", "id")] == [
        "Bus crash\n\nFive people were injured, police said.",
        "Bus crash\n\nSix people were injured, police said.",
    ]


def test_malformed_file_prints_one_line_exits_1_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\n\n\xff\xfe broken")
    out, err = run_import(bad)
    assert err is not None and err.returncode == 1
    assert out.strip().splitlines() == [
        f"{bad}: error: the file is not UTF-8 text (invalid byte 0xff at offset 7); "
        "save it as UTF-8 and try again"
    ]
    assert "1 failed" in str(err)
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()


def test_folder_is_read_recursively_and_good_files_still_import(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One\n\nTwo soldiers were killed.")
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "b" / "two.md").write_text("# Two\n\nThree people died.")
    (tmp_path / "a" / "empty.txt").write_text("")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden\n\nnot imported")
    out, err = run_import(tmp_path / "a")
    assert err is not None and err.returncode == 1
    assert "empty.txt: error: the file is empty" in out
    assert sorted(Article.objects.values_list("title", flat=True)) == ["One", "Two"]


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Title\n\nBody text.")
    out, err = run_import(path, "--dry-run")
    assert err is None
    assert "imported: Title" in out and "dry run:" in out
    assert not Article.objects.exists()


def test_url_option_needs_a_single_file(tmp_path):
    with pytest.raises(CommandError, match="single file"):
        call_command("import_articles", str(tmp_path), "--url", "https://ex.org/a")


def test_missing_file_is_an_error_line(tmp_path):
    out, err = run_import(tmp_path / "nope.txt")
    assert "nope.txt: error: no such file" in out
    assert err.returncode == 1


def test_service_error_rolls_back_everything(monkeypatch, seed_bytes):
    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("articles.services._after_text_change", lambda *a, **k: explode())
    with pytest.raises(RuntimeError):
        article_import(raw=seed_bytes, outlet_name="RT")
    assert not Article.objects.exists()
    assert not ArticleLink.objects.exists()
    assert not ArticleVersion.objects.exists()
    assert not Outlet.objects.exists()


def test_invalid_url_is_refused(seed_bytes):
    with pytest.raises(ArticleImportError, match="invalid url"):
        article_import(raw=seed_bytes, url="javascript:alert(1)")
    assert not Article.objects.exists()


def test_same_content_without_url_is_unchanged(seed_bytes):
    first = article_import(raw=seed_bytes)
    second = article_import(raw=seed_bytes)
    assert (first.status, second.status) == ("imported", "unchanged")
    assert second.article == first.article


def test_titles_get_unique_slugs():
    a = article_import(raw="Same title\n\nFirst body.")
    b = article_import(raw="Same title\n\nSecond body.")
    assert a.article.slug == "same-title"
    assert b.article.slug == "same-title-2"


def test_load_demo_is_idempotent(settings, django_user_model):
    settings.DEBUG = True
    call_command("load_demo", stdout=__import__("io").StringIO())
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert Article.objects.get().title == SEED_TITLE
    assert (
        django_user_model.objects.filter(username__in=["reviewer", "editor", "admin"]).count() == 3
    )
    assert django_user_model.objects.get(username="editor").has_perm("claims.publish_verdict")
    assert not django_user_model.objects.get(username="reviewer").has_perm("claims.publish_verdict")


def test_load_demo_refuses_known_passwords_without_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo")
    assert not django_user_model.objects.exists()
    assert not Article.objects.exists()
