import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from articles.jobs import background
from articles.tasks import enqueue, regroup_events
from claims.events.services import articles_group


class Command(BaseCommand):
    help = (
        "Propose an event again for every article a reviewer has not confirmed, then "
        "recompute the matches and flags of the events touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also recompute the events of confirmed articles (their event never changes).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Only articles published in the last N days (default: every article).",
        )

    def handle(self, *args, **options) -> None:
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        since = timezone.localdate() - dt.timedelta(days=days) if days is not None else None
        if background():
            enqueue(
                regroup_events,
                include_confirmed=options["all"],
                since=since.isoformat() if since else None,
            )
            self.stdout.write("Regrouping queued for the workers.")
            return
        result = articles_group(include_confirmed=options["all"], since=since)
        self.stdout.write(
            f"{result.articles} article(s) looked at, {result.moved} put in another event; "
            f"matches and flags recomputed for {result.events} event(s)."
        )
