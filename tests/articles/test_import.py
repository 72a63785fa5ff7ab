import datetime as dt
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from articles.models import Article, ArticleLink, ArticleVersion, Outlet
from articles.services import ArticleImportError, article_import
from tests.conftest import SEED_PATH, SEED_TITLE

pytestmark = pytest.mark.django_db


def run_import(*args) -> tuple[str, int]:
    """The command's output and exit status."""
    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except SystemExit as exc:
        return out.getvalue(), exc.code
    return out.getvalue(), 0


def test_importing_the_seed_twice_leaves_one_article():
    out1, status1 = run_import(SEED_PATH, "--outlet", "RT")
    out2, status2 = run_import(SEED_PATH, "--outlet", "RT")
    assert status1 == status2 == 0
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
    assert all(link.url == "#" and not link.inline for link in article.links.all())
    assert "READ MORE" not in article.text and "Read more" not in article.text
    assert "Mi-28N gunship crashes" not in article.text
    assert article.versions.count() == 1


def test_same_url_with_new_text_is_an_update_with_a_new_version(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Bus crash\n\nFive people were injured, police said.")
    run_import(path, "--url", "https://news.example.org/bus")
    path.write_text("Bus crash\n\nSix people were injured, police said.")
    out, status = run_import(path, "--url", "https://news.example.org/bus")
    assert status == 0
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
    bad.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    out, status = run_import(bad)
    assert status == 1
    assert out.strip().splitlines() == [
        f"{bad}: error: the file is binary (a PDF document), not text; "
        "save the article as text or HTML",
        "1 file(s): 0 imported, 0 updated, 0 unchanged, 1 failed",
    ]
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()


def test_folder_is_read_recursively_and_good_files_still_import(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One\n\nTwo soldiers were killed.")
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "b" / "two.md").write_text("# Two\n\nThree people died.")
    (tmp_path / "a" / "empty.txt").write_text("")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden\n\nnot imported")
    out, status = run_import(tmp_path / "a")
    assert status == 1
    assert "empty.txt: error: the file is empty" in out
    assert sorted(Article.objects.values_list("title", flat=True)) == ["One", "Two"]


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Title\n\nBody text.")
    out, status = run_import(path, "--dry-run")
    assert status == 0
    assert "imported: Title" in out and "dry run, nothing written: 1 file(s)" in out
    assert not Article.objects.exists()


def test_url_option_needs_a_single_file(tmp_path):
    (tmp_path / "a.txt").write_text("One\n\nTwo were hurt.")
    (tmp_path / "b.txt").write_text("Two\n\nThree were hurt.")
    with pytest.raises(CommandError, match="single file"):
        call_command("import_articles", str(tmp_path), "--url", "https://ex.org/a")


def test_missing_file_is_an_error_line(tmp_path):
    out, status = run_import(tmp_path / "nope.txt")
    assert "nope.txt: error: no such file" in out
    assert status == 1


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
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert f"demo article: imported: {SEED_TITLE}" in first.getvalue()
    assert f"demo article: unchanged: {SEED_TITLE}" in second.getvalue()
    assert "  editor     / editor     (editor)" in second.getvalue()
    article = Article.objects.get()
    assert (article.title, article.outlet.name) == (SEED_TITLE, "RT")
    assert article.versions.count() == 1
    assert django_user_model.objects.count() == 5
    editor = django_user_model.objects.get(username="editor")
    reviewer = django_user_model.objects.get(username="reviewer")
    admin = django_user_model.objects.get(username="admin")
    assert editor.has_perm("claims.publish_verdict") and editor.check_password("editor")
    assert not reviewer.has_perm("claims.publish_verdict") and reviewer.is_staff
    assert admin.is_superuser and admin.check_password("admin")


def test_load_demo_leaves_changed_passwords_and_other_users_alone(settings, django_user_model):
    settings.DEBUG = True
    boss = django_user_model.objects.create_superuser("editor", "boss@example.org", "s3cret-pw!")
    call_command("load_demo", stdout=StringIO())
    boss.refresh_from_db()
    assert boss.is_superuser and boss.check_password("s3cret-pw!")


def test_load_demo_refuses_known_passwords_without_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo", stdout=StringIO())
    assert not django_user_model.objects.exists()
    assert not Article.objects.exists()


def test_load_demo_without_accounts_works_without_debug(settings, django_user_model):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", "--no-accounts", stdout=out)
    assert Article.objects.get().title == SEED_TITLE
    assert not django_user_model.objects.exists()
    assert "log-ins" not in out.getvalue()


PAGE = Path(__file__).parent / "pages" / "harbour_times.html"


def test_news_page_import_takes_metadata_and_is_unchanged_the_second_time():
    out1, status1 = run_import(PAGE)
    out2, status2 = run_import(PAGE)
    assert (status1, status2) == (0, 0)
    assert ": imported: Ferry capsizes off Lesbos" in out1
    assert ": unchanged: Ferry capsizes off Lesbos" in out2
    article = Article.objects.get()
    assert article.url == "https://www.harbourtimes.example/world/2023/jul/09/ferry-capsizes-lesbos"
    assert (article.author, article.outlet.name) == ("Helena Smith", "The Harbour Times")
    assert article.published_on == dt.date(2023, 7, 9)
    assert article.source_format == "html"
    assert article.text.startswith("Ferry capsizes off Lesbos: 14 dead, dozens missing\n\n")
    assert "cookie" not in article.text
    assert article.source == PAGE.read_text()
    assert article.links.filter(inline=True).get().url == "https://www.ert.gr"


def test_news_page_with_new_text_at_the_same_url_is_an_update(tmp_path):
    run_import(PAGE)
    edited = tmp_path / "ferry.html"
    edited.write_text(PAGE.read_text().replace("At least 14 people", "At least 17 people"))
    out, status = run_import(edited)
    assert status == 0 and ": updated: Ferry capsizes" in out
    article = Article.objects.get()
    assert "At least 17 people" in article.text
    assert article.versions.count() == 2


def test_folder_import_skips_assets_of_saved_pages_and_reads_a_file_once(tmp_path):
    (tmp_path / "ferry.html").write_text(PAGE.read_text())
    assets = tmp_path / "ferry_files"
    assets.mkdir()
    (assets / "frame.html").write_text("<p>An advertising frame</p>")
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    out, status = run_import(tmp_path, tmp_path / "ferry.html")
    assert status == 0
    assert out.count("ferry.html: imported") == 1
    assert "frame.html" not in out
    assert "1 file(s): 1 imported, 0 updated, 0 unchanged, 0 failed (3 other file(s)" in out
    assert Article.objects.count() == 1


def test_a_pdf_named_on_the_command_line_is_an_error_line(tmp_path):
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    out, status = run_import(pdf)
    assert status == 1
    assert f"{pdf}: error: the file is binary (a PDF document), not text" in out
    assert not Article.objects.exists()


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No article files found"):
        call_command("import_articles", str(tmp_path), stdout=StringIO())


def test_every_malformed_file_gets_one_line_and_the_good_ones_still_import(tmp_path):
    files = {
        "empty.txt": b"",
        "binary.txt": b"Title\x00\x01\x02",
        "latin1.txt": "Caf\xe9 fire\n\nTwo were hurt.".encode("latin-1"),
        "big.txt": b"Title\n\n" + b"x" * (2 * 1024 * 1024),
        "headerless.txt": b"---\nNo closing line\n01/08/2016\nBody",
        "good.txt": b"Bus crash\n\nFive were injured.",
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    out, status = run_import(tmp_path)
    assert status == 1
    lines = dict(line.split(": ", 1) for line in out.strip().splitlines()[:-1])
    assert lines == {
        str(tmp_path / "big.txt"): "error: the file is too large (2,097,159 bytes; "
        "the limit is 2,097,152 bytes)",
        str(tmp_path / "binary.txt"): "error: the file is binary, not text",
        str(tmp_path / "empty.txt"): "error: the file is empty",
        str(tmp_path / "good.txt"): "imported: Bus crash",
        str(tmp_path / "headerless.txt"): "error: the header is not closed: expected '---', "
        "the title, then '---'",
        # Latin-1 without a declared character set is detected, not refused.
        str(tmp_path / "latin1.txt"): "imported: Café fire",
    }
    assert out.strip().splitlines()[-1] == "6 file(s): 2 imported, 0 updated, 0 unchanged, 4 failed"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Bus crash", "Café fire"]


def test_an_unexpected_failure_in_one_file_is_reported_and_the_others_import(tmp_path, monkeypatch):
    from claims import ingest

    real = ingest._plan

    def flaky(article, *args, **kwargs):
        if article.title == "Bad":
            raise ValueError("extraction blew up")
        return real(article, *args, **kwargs)

    # Both paths propose claims through it: the batch fails, then each file alone.
    monkeypatch.setattr(ingest, "_plan", flaky)
    (tmp_path / "a.txt").write_text("Bad\n\nFive were injured.")
    (tmp_path / "b.txt").write_text("Good\n\nSix were injured.")
    out, status = run_import(tmp_path)
    assert status == 1
    assert f"{tmp_path / 'a.txt'}: error: unexpected ValueError: extraction blew up" in out
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]


def test_format_option_forces_the_parser(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("# Quake\n\nFive *were* hurt.")
    run_import(path, "--format", "markdown")
    article = Article.objects.get()
    assert (article.title, article.source_format) == ("Quake", "markdown")
    assert article.text == "Quake\n\nFive were hurt."


def test_outlet_option_names_the_outlet_of_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("One\n\nTwo were hurt.")
    (tmp_path / "b.txt").write_text("Two\n\nThree were hurt.")
    run_import(tmp_path, "--outlet", "  Wire   Service ")
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Wire Service"}
    assert Outlet.objects.count() == 1


def test_many_files_show_a_progress_bar_on_a_terminal(tmp_path, monkeypatch, capsys):
    for n in range(20):
        (tmp_path / f"{n:02}.txt").write_text(f"Story {n}\n\n{n} people were hurt.")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out, status = run_import(tmp_path)
    assert status == 0
    assert len(out.strip().splitlines()) == 21
    assert "20/20" in capsys.readouterr().err


def test_a_few_files_or_no_terminal_show_no_progress_bar(tmp_path, capsys):
    for n in range(20):
        (tmp_path / f"{n:02}.txt").write_text(f"Story {n}\n\n{n} people were hurt.")
    run_import(tmp_path)
    assert "20/20" not in capsys.readouterr().err


def test_url_from_a_front_matter_must_be_valid(tmp_path):
    path = tmp_path / "q.md"
    path.write_text("---\ntitle: Quake\nurl: not a url\n---\nFive were hurt.")
    out, status = run_import(path)
    assert status == 1
    assert "error: invalid url 'not a url'" in out
    assert not Article.objects.exists()


def test_an_odd_canonical_link_in_a_web_page_is_dropped_not_fatal():
    page = (
        '<html><head><link rel="canonical" href="https://bad_host.example/a b"></head>'
        "<body><h1>Quake</h1><p>Five were hurt.</p></body></html>"
    )
    result = article_import(raw=page, filename="q.html")
    assert result.status == "imported"
    assert result.article.url == ""


def test_an_import_that_loses_a_race_is_retried_and_finds_the_winner(monkeypatch, seed_bytes):
    from articles import services

    url = "https://www.rt.com/news/354198"
    winner = article_import(raw=seed_bytes, url=url).article
    real = services._import_parsed
    attempts = []

    def racing(parsed, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            # Between our lookup and our insert, another import committed the same url.
            raise IntegrityError("duplicate key value violates articles_article_unique_url")
        return real(parsed, **kwargs)

    monkeypatch.setattr(services, "_import_parsed", racing)
    result = article_import(raw=seed_bytes, url=url)
    assert (result.status, result.article) == ("unchanged", winner)
    assert len(attempts) == 2
    assert Article.objects.count() == 1


def test_an_integrity_error_that_is_not_a_race_is_not_hidden(monkeypatch, seed_bytes):
    from articles import services

    def broken(parsed, **kwargs):
        raise IntegrityError("a real bug")

    monkeypatch.setattr(services, "_import_parsed", broken)
    with pytest.raises(IntegrityError, match="a real bug"):
        article_import(raw=seed_bytes)


def test_the_same_wire_story_at_two_outlets_addresses_is_two_articles(seed_bytes):
    first = article_import(raw=seed_bytes, url="https://wire-a.example/heli", outlet_name="A")
    second = article_import(raw=seed_bytes, url="https://wire-b.example/heli", outlet_name="B")
    assert (first.status, second.status) == ("imported", "imported")
    assert second.article != first.article
    again = article_import(raw=seed_bytes, url="https://wire-b.example/heli")
    assert (again.status, again.article) == ("unchanged", second.article)
    # Without an address of its own, a file with the same text is one of them.
    assert article_import(raw=seed_bytes).status == "unchanged"
    assert Article.objects.count() == 2


def test_a_url_given_later_finds_the_article_imported_without_one(seed_bytes):
    first = article_import(raw=seed_bytes)
    second = article_import(raw=seed_bytes, url="https://www.rt.example/news/heli")
    assert (second.status, second.article) == ("unchanged", first.article)


def many_files(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = tmp_path / f"{n:02}.txt"
        path.write_text(f"Fire {n}\n\n{n + 2} people were hurt, police said.")
        paths.append(path)
    return paths


def test_an_unreadable_file_is_found_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr("articles.batch.BATCH_SIZE", 2)
    monkeypatch.setattr("articles.management.commands.import_articles.BATCH_SIZE", 2)
    paths = many_files(tmp_path, 5)
    locked = paths[3]
    written_before_check = []
    real_open = Path.open

    def open_(self, *args, **kwargs):
        if self == locked:
            written_before_check.append(Article.objects.count())
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    out, status = run_import(tmp_path)
    assert status == 1
    assert written_before_check == [0]  # checked before the first batch was written
    assert f"{locked}: error: cannot read (Permission denied)" in out.splitlines()
    assert out.strip().splitlines()[-1] == "5 file(s): 4 imported, 0 updated, 0 unchanged, 1 failed"
    assert Article.objects.count() == 4 and not Article.objects.filter(title="Fire 3").exists()


def test_a_file_gone_between_the_check_and_its_batch_fails_alone_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr("articles.batch.BATCH_SIZE", 2)
    monkeypatch.setattr("articles.management.commands.import_articles.BATCH_SIZE", 2)
    paths = many_files(tmp_path, 5)
    real_read = Path.read_bytes

    def read_bytes(self):
        if self == paths[2]:
            self.unlink()  # after the check, once the first batch is written
            assert Article.objects.count() == 2
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out, status = run_import(tmp_path)
    assert status == 1
    assert f"{paths[2]}: error: no such file" in out.splitlines()
    assert Article.objects.count() == 4


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path, monkeypatch, settings):
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 100
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_bytes(b"Big\n\n" + b"word " * 40)
    small.write_text("Small\n\nTwo were hurt.")
    read = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read(self))
    out, status = run_import(tmp_path)
    assert status == 1
    assert f"{big}: error: the file is too large (205 bytes; the limit is 100 bytes)" in out
    assert read == [small]
    assert list(Article.objects.values_list("title", flat=True)) == ["Small"]


def test_an_unexpected_failure_reading_a_later_file_is_reported_against_it(tmp_path, monkeypatch):
    """Earlier batches are written by then: the failure is the file's own line, and
    every other file's line and the summary still come."""
    from articles import batch

    monkeypatch.setattr("articles.batch.BATCH_SIZE", 2)
    paths = many_files(tmp_path, 5)
    real = batch.article_prepare

    def prepare(**kwargs):
        if kwargs["filename"] == paths[3].name:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return real(**kwargs)

    monkeypatch.setattr(batch, "article_prepare", prepare)
    out, status = run_import(tmp_path)
    assert status == 1
    assert out.strip().splitlines() == [
        f"{paths[0]}: imported: Fire 0",
        f"{paths[1]}: imported: Fire 1",
        f"{paths[2]}: imported: Fire 2",
        f"{paths[3]}: error: unexpected UnicodeDecodeError: 'utf-8' codec can't decode byte "
        "0xff in position 0: invalid start byte",
        f"{paths[4]}: imported: Fire 4",
        "5 file(s): 4 imported, 0 updated, 0 unchanged, 1 failed",
    ]
    assert Article.objects.count() == 4
