import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.parsing import FORMATS
from articles.services import ArticleImportError, article_import, skipped_message

# Inside folders only these are read; a page saved "complete" comes with a folder
# of images, scripts and style sheets that are not articles. A file named on the
# command line is always read.
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ""}
PROGRESS_THRESHOLD = 20


class Command(BaseCommand):
    help = (
        "Import article files (seed format, Markdown with front matter, HTML or plain text). "
        "Folders are read recursively. Prints one line per file, then a summary; "
        "exits 1 if any file failed. Each file is imported in its own transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders")
        parser.add_argument("--outlet", default="", help="Outlet name for every article")
        parser.add_argument("--url", default="", help="Canonical url (a single file only)")
        parser.add_argument(
            "--format", default="", choices=["", *FORMATS],
            help="Force a format instead of detecting it",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and check everything, write nothing"
        )

    def handle(self, *args, **options) -> None:
        files, skipped = self._collect(options["paths"])
        if not files:
            raise CommandError("No article files found (.txt, .md, .html) in the given paths.")
        if options["url"] and len(files) != 1:
            raise CommandError("--url can only be used with a single file.")
        counts = {"imported": 0, "unchanged": 0, "updated": 0, "error": 0}
        show_progress = len(files) >= PROGRESS_THRESHOLD and sys.stderr.isatty()
        bar = tqdm(
            total=len(files),
            unit="file",
            disable=not show_progress,
            file=sys.stderr,
            # Some terminals report no size (0 x 0); tqdm would then draw nothing.
            ncols=shutil.get_terminal_size().columns,
            nrows=shutil.get_terminal_size().lines,
        )
        with bar:
            for path in files:
                line, outcome = self._import_one(path, options)
                counts[outcome] += 1
                if outcome == "error":
                    line = self.style.ERROR(line)
                with bar.external_write_mode(file=sys.stderr):
                    self.stdout.write(line)
                bar.update(1)
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        summary = (
            f"{prefix}{len(files)} file(s): {counts['imported']} imported, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} failed"
        )
        if skipped:
            summary += f" ({skipped} other file(s) in the folders skipped)"
        if counts["error"]:
            self.stdout.write(self.style.ERROR(summary))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(summary))

    def _collect(self, paths: list[str]) -> tuple[list[Path], int]:
        files: dict[Path, Path] = {}  # resolved path -> as given: a file named twice is read once
        skipped = 0
        for name in paths:
            path = Path(name)
            if not path.is_dir():
                files.setdefault(path.resolve(), path)
                continue
            for child, wanted in self._walk(path):
                if wanted:
                    files.setdefault(child.resolve(), child)
                else:
                    skipped += 1
        return list(files.values()), skipped

    def _walk(self, folder: Path) -> Iterator[tuple[Path, bool]]:
        """Every visible file in the folder, and whether it is an article to import."""
        for child in sorted(folder.rglob("*")):
            parts = child.relative_to(folder).parts
            if not child.is_file() or any(part.startswith(".") for part in parts):
                continue
            # "Save page as… complete" puts the page's images and frames in "<page>_files".
            assets = any(
                part.endswith("_files") and _has_saved_page(folder.joinpath(*parts[: i + 1]))
                for i, part in enumerate(parts[:-1])
            )
            yield child, not assets and child.suffix.lower() in ARTICLE_SUFFIXES

    def _import_one(self, path: Path, options: dict) -> tuple[str, str]:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return f"{path}: error: no such file", "error"
        except IsADirectoryError:
            return f"{path}: error: is a folder", "error"
        except OSError as exc:
            return f"{path}: error: cannot read ({exc.strerror})", "error"
        try:
            result = article_import(
                raw=raw,
                filename=path.name,
                source_format=options["format"],
                outlet_name=options["outlet"],
                url=options["url"],
                dry_run=options["dry_run"],
            )
        except ArticleImportError as exc:
            return f"{path}: error: {exc}", "error"
        except Exception as exc:
            # One odd file must not stop a folder of good ones; --traceback shows why.
            if options["traceback"]:
                raise
            return f"{path}: error: unexpected {type(exc).__name__}: {exc}", "error"
        line = f"{path}: {result.status}: {result.article.title}"
        if result.skipped:
            line += f" ({skipped_message(result.skipped)})"
        return line, result.status


def _has_saved_page(folder: Path) -> bool:
    """True for "page_files" when "page.html" (or .htm) sits beside it."""
    stem = folder.name.removesuffix("_files")
    return any((folder.parent / f"{stem}{suffix}").exists() for suffix in (".html", ".htm"))
