from django.core.management.base import BaseCommand, CommandParser

from claims.events import articles_group


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

    def handle(self, *args, **options) -> None:
        result = articles_group(include_confirmed=options["all"])
        self.stdout.write(
            f"{result.articles} article(s) looked at, {result.moved} put in another event; "
            f"matches and flags recomputed for {result.events} event(s)."
        )
