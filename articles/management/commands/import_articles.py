import base64
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from celery.result import ResultSet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.batch import BATCH_SIZE, ImportItem, article_import_batch
from articles.jobs import background
from articles.parsing import FORMATS, too_large
from articles.services import ArticleImportError, ImportResult, article_import_url
from articles.tasks import import_file, import_url

# Inside folders only these are read; a page saved "complete" comes with a folder
# of images, scripts and style sheets that are not articles. A file named on the
# command line is always read.
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ""}
PROGRESS_THRESHOLD = 20


class Command(BaseCommand):
    help = (
        "Import article files (seed format, Markdown with front matter, HTML or plain text) "
        "or web pages by address (http:// or https://). Folders are read recursively. "
        "Prints one line per file or page, then a summary; exits 1 if any failed. Every "
        "file is checked to be readable before anything is written; files are then "
        "imported in batches of 200, one transaction each; a file the importer refuses "
        "(unreadable, malformed, too large) fails alone and writes nothing. Pages are "
        "imported one at a time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="Files, folders or web addresses"
        )
        parser.add_argument("--outlet", default="", help="Outlet name for every article")
        parser.add_argument("--url", default="", help="Canonical url (a single file only)")
        parser.add_argument(
            "--format", default="", choices=["", *FORMATS],
            help="Force a format instead of detecting it",
        )  # fmt: skip
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and check everything, write nothing"
        )
        parser.add_argument(
            "--no-wait", action="store_true",
            help="With a broker (CELERY_BROKER_URL): queue the work and return at once",
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        addresses = [p for p in options["paths"] if _is_address(p)]
        files, skipped = self._collect([p for p in options["paths"] if not _is_address(p)])
        if options["url"] and (addresses or len(files) != 1):
            raise CommandError(
                "--url can only be used with a single file (a page's own address is its url)."
            )
        if not files and not addresses:
            raise CommandError("No article files found (.txt, .md, .html) in the given paths.")
        items: list[Path | str] = [*files, *addresses]
        if background() and not options["dry_run"]:
            self._queue(files, addresses, skipped, options)
            return
        counts = {"imported": 0, "unchanged": 0, "updated": 0, "error": 0}
        show_progress = len(items) >= PROGRESS_THRESHOLD and sys.stderr.isatty()
        bar = tqdm(
            total=len(items),
            unit="file",
            disable=not show_progress,
            file=sys.stderr,
            # Some terminals report no size (0 x 0); tqdm would then draw nothing.
            ncols=shutil.get_terminal_size().columns,
            nrows=shutil.get_terminal_size().lines,
        )
        # Every file is checked before the first batch is written; each batch's files
        # are then read, and imported, in turn.
        unreadable = {path: reason for path in files if (reason := _unreadable(path))}
        with bar:
            for start in range(0, len(files), BATCH_SIZE):
                chunk = files[start : start + BATCH_SIZE]
                lines = self._import_files(chunk, unreadable, options)
                self._report(lines, counts, bar)
            for address in addresses:
                self._report([self._import_address(address, options)], counts, bar)
        self._summary(files, addresses, skipped, counts, options)

    def _report(self, lines: list[tuple[str, str]], counts: dict, bar: tqdm) -> None:
        """Print each file's or page's line and count its outcome."""
        for line, outcome in lines:
            counts[outcome] += 1
            with bar.external_write_mode(file=sys.stderr):
                self.stdout.write(self.style.ERROR(line) if outcome == "error" else line)
            bar.update(1)

    def _summary(
        self, files: list[Path], addresses: list[str], skipped: int, counts: dict, options: dict
    ) -> None:
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        summary = (
            f"{prefix}{_items(files, addresses)}: {counts['imported']} imported, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} failed"
        )
        if skipped:
            summary += f" ({skipped} other file(s) in the folders skipped)"
        if counts["error"]:
            self.stdout.write(self.style.ERROR(summary))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(summary))

    # --- with a broker: queue every file and page, then follow the workers -----------
    def _queue(self, files: list[Path], addresses: list[str], skipped: int, options: dict) -> None:
        """One job per file or page; report each as a worker finishes it."""
        names: dict[str, str] = {}  # job id -> the file or address, for its line
        results = {}
        counts = {"imported": 0, "unchanged": 0, "updated": 0, "error": 0}
        for path in files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                counts["error"] += 1
                self.stdout.write(self.style.ERROR(f"{path}: error: cannot read ({exc})"))
                continue
            job = import_file.apply_async(
                kwargs={
                    "content_b64": base64.b64encode(raw).decode("ascii"),
                    "filename": path.name,
                    "source_format": options["format"],
                    "outlet_name": options["outlet"],
                    "url": options["url"],
                }
            )
            names[job.id], results[job.id] = str(path), job
        for address in addresses:
            job = import_url.apply_async(
                kwargs={
                    "url": address,
                    "outlet_name": options["outlet"],
                    "source_format": options["format"],
                }
            )
            names[job.id], results[job.id] = address, job
        self.stdout.write(f"{_items(files, addresses)} queued for the workers.")
        if options["no_wait"]:
            return
        total = len(files) + len(addresses)
        bar = tqdm(
            total=total, initial=counts["error"], unit="file", file=sys.stderr,
            disable=not sys.stderr.isatty(), ncols=shutil.get_terminal_size().columns,
        )  # fmt: skip
        reported = {"at": time.monotonic()}

        def finished(job_id: str, outcome: object) -> None:
            if not isinstance(outcome, dict):  # the job raised: Celery hands the exception
                outcome = {"status": "error", "error": f"unexpected {outcome!r}"}
            status = outcome["status"]
            counts[status] += 1
            line = (
                f"{names[job_id]}: error: {outcome['error']}"
                if status == "error"
                else f"{names[job_id]}: {status}: {outcome['title']}"
            )
            with bar.external_write_mode(file=sys.stderr):
                self.stdout.write(self.style.ERROR(line) if status == "error" else line)
            bar.update(1)
            if not sys.stderr.isatty() and time.monotonic() - reported["at"] > 10:
                # No bar in a log file: say how far the workers are now and then.
                self.stderr.write(f"{sum(counts.values())} of {total} done")
                reported["at"] = time.monotonic()

        with bar:
            if import_file.app.conf.task_always_eager:  # they ran as they were queued
                for job_id, job in results.items():
                    finished(job_id, job.result)
            else:
                ResultSet(list(results.values())).join_native(
                    callback=finished, propagate=False, interval=0.2
                )
        self._summary(files, addresses, skipped, counts, options)

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

    def _import_address(self, url: str, options: dict) -> tuple[str, str]:
        try:
            result = article_import_url(
                url=url,
                source_format=options["format"],
                outlet_name=options["outlet"],
                dry_run=options["dry_run"],
            )
        except ArticleImportError as exc:
            return f"{url}: error: {exc}", "error"
        except Exception as exc:
            if options["traceback"]:
                raise
            return f"{url}: error: unexpected {type(exc).__name__}: {exc}", "error"
        return f"{url}: {result.status}: {result.article.title}{_notes(result)}", result.status

    def _import_files(
        self, paths: list[Path], unreadable: dict[Path, str], options: dict
    ) -> list[tuple[str, str]]:
        """Import files as one batch (articles.batch): each file's line and outcome, in
        order. A file that cannot be read (found so by the first check, or now) or
        that the importer refuses fails alone; the others are imported."""
        read: dict[Path, bytes] = {}
        failed: dict[Path, str] = {}
        for path in paths:
            if path in unreadable:
                failed[path] = unreadable[path]
                continue
            try:
                read[path] = path.read_bytes()
            except OSError as exc:  # gone or changed since the check
                failed[path] = _read_error(exc)
        items = [
            ImportItem(
                raw=raw,
                filename=path.name,
                source_format=options["format"],
                outlet_name=options["outlet"],
                url=options["url"],
            )
            for path, raw in read.items()
        ]
        results = dict(
            zip(read, article_import_batch(items=items, dry_run=options["dry_run"]), strict=True)
        )
        lines = []
        for path in paths:
            result = results.get(path)
            if path in failed:
                lines.append((f"{path}: error: {failed[path]}", "error"))
            elif isinstance(result, ArticleImportError):
                lines.append((f"{path}: error: {result}", "error"))
            elif isinstance(result, Exception):
                # One odd file must not stop a folder of good ones; --traceback shows why.
                if options["traceback"]:
                    raise result
                lines.append(
                    (f"{path}: error: unexpected {type(result).__name__}: {result}", "error")
                )
            else:
                line = f"{path}: {result.status}: {result.article.title}{_notes(result)}"
                lines.append((line, result.status))
        return lines


def _unreadable(path: Path) -> str:
    """Why the file cannot be imported without reading it ("no such file", "the
    file is too large …"), or "" when it can be read: a cheap check of every file
    before anything is written."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        return _read_error(exc)
    limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
    if size > limit:  # as the importer says it, without reading the file whole first
        return too_large(size, limit)
    return ""


def _read_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot read ({exc.strerror})"


def _notes(result: ImportResult) -> str:
    """What the reviewer should know, after the title: " (warning: …)"."""
    return "".join(f" (warning: {warning})" for warning in result.warnings)


def _is_address(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def _items(files: list[Path], addresses: list[str]) -> str:
    """ "3 file(s)", "1 page(s)" or "3 file(s) and 1 page(s)" for the summary."""
    parts = [f"{len(files)} file(s)"] if files or not addresses else []
    if addresses:
        parts.append(f"{len(addresses)} page(s)")
    return " and ".join(parts)


def _has_saved_page(folder: Path) -> bool:
    """True for "page_files" when "page.html" (or .htm) sits beside it."""
    stem = folder.name.removesuffix("_files")
    return any((folder.parent / f"{stem}{suffix}").exists() for suffix in (".html", ".htm"))
