from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import OutletFeed
from articles.tasks import poll_feed_now


class Command(BaseCommand):
    help = (
        "Read the outlets' feeds (conditional GET) and import their new entries: the entry "
        "itself when it carries the whole story, else its page by URL. Prints one line per "
        "feed: new, unchanged, or failed with the reason. A failing feed never stops the "
        "others. With CELERY_BROKER_URL set the entries' imports are queued for the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--feed", type=int, action="append", metavar="ID",
            help="Only this feed (active or not); may be given more than once",
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        feeds = OutletFeed.objects.select_related("outlet").order_by("pk")
        if options["feed"]:
            feeds = feeds.filter(pk__in=options["feed"])
            missing = set(options["feed"]) - {feed.pk for feed in feeds}
            if missing:
                raise CommandError(f"There is no feed with id {', '.join(map(str, missing))}.")
        else:
            feeds = feeds.filter(active=True)
        failed = 0
        for feed in feeds:
            line = poll_feed_now(feed=feed)
            if ": failed: " in line:
                failed += 1
                self.stdout.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        if not feeds:
            self.stdout.write("No active feeds. Add one on /review/feeds/ or in the admin.")
