from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write every article, claim, source, verdict, correction, history row, user, group "
        "and API token to one file (gzip-compressed when PATH ends in .gz). "
        "Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Where to write the backup, e.g. claimtrack.jsonl.gz")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace PATH if it already exists"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if path.exists() and not options["overwrite"]:
            raise CommandError(f"{path} already exists: pass --overwrite to replace it.")
        if not path.parent.is_dir():
            raise CommandError(f"No such folder: {path.parent}")
        partial = path.with_name(path.name + ".partial")
        verbose = options["verbosity"] > 1

        def progress(label: str, rows: int) -> None:
            if verbose:
                self.stderr.write(f"{label}: {rows:,} rows")

        try:
            summary = backup_write(path=partial, compress=path.suffix == ".gz", progress=progress)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        # Only a complete file takes the name: a crash never leaves a truncated backup there.
        partial.replace(path)
        self.stdout.write(f"Wrote {summary.rows:,} rows of {summary.models} tables to {path}.")
