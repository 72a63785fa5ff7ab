import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.services import ArticleImportError, article_import

# Files in folders that are clearly not articles are skipped, not reported as errors.
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}
PROGRESS_THRESHOLD = 20


class Command(BaseCommand):
    help = (
        "Import article files (seed format, Markdown with front matter, HTML or plain text). "
        "Folders are read recursively. Prints one line per file and exits 1 if any failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or folders")
        parser.add_argument("--outlet", default="", help="Outlet name for every article")
        parser.add_argument("--url", default="", help="Canonical url (a single file only)")
        parser.add_argument(
            "--format", default="", choices=["", "seed", "markdown", "html", "text"],
            help="Force a format instead of detecting it",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and check everything, write nothing"
        )

    def handle(self, *args, **options) -> None:
        files = list(self._collect(options["paths"]))
        if options["url"] and len(files) != 1:
            raise CommandError("--url can only be used with a single file.")
        counts = {"imported": 0, "unchanged": 0, "updated": 0, "error": 0}
        show_progress = len(files) >= PROGRESS_THRESHOLD and sys.stderr.isatty()
        bar = tqdm(total=len(files), unit="file", disable=not show_progress, file=sys.stderr)
        for path in files:
            line, outcome = self._import_one(path, options)
            counts[outcome] += 1
            if show_progress:
                bar.write(line, file=self.stdout._out)
            else:
                self.stdout.write(line)
            bar.update(1)
        bar.close()
        prefix = "dry run: " if options["dry_run"] else ""
        summary = (
            f"{prefix}{len(files)} file(s): {counts['imported']} imported, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} failed"
        )
        if counts["error"]:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    def _collect(self, paths: list[str]):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                    if child.is_file() and not hidden and child.name not in SKIPPED_NAMES:
                        yield child
            else:
                yield path

    def _import_one(self, path: Path, options: dict) -> tuple[str, str]:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return f"{path}: error: no such file", "error"
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
        return f"{path}: {result.status}: {result.article.title}", result.status
