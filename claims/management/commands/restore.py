from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup import BackupError, restore_read


class Command(BaseCommand):
    help = (
        "Load a file written by `manage.py backup` into this database, in one transaction. "
        "Run `manage.py migrate` first. The database must be empty unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete everything already in the database and replace it with the backup",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        verbose = options["verbosity"] > 1

        def progress(label: str, rows: int) -> None:
            if verbose:
                self.stderr.write(f"{label}: {rows:,} rows")

        try:
            summary = restore_read(path=path, force=options["force"], progress=progress)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(f"Restored {summary.rows:,} rows of {summary.models} tables from {path}.")
