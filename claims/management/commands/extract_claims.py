from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.jobs import background
from articles.models import Article
from articles.tasks import article_process_queue
from claims.ingest import article_claims_refresh


class Command(BaseCommand):
    help = (
        "Propose candidate claims for articles. Idempotent: claims reviewers touched are "
        "never changed, and dismissed candidates are not proposed again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--article", type=int, help="One article id")
        which.add_argument("--all", action="store_true", help="Every article")

    def handle(self, *args, **options) -> None:
        if options["article"] is not None:
            articles = Article.objects.filter(pk=options["article"])
            if not articles.exists():
                raise CommandError(f"There is no article with id {options['article']}.")
        else:
            articles = Article.objects.order_by("pk")
        if background():
            # With a broker: one job per article for the workers, shown as queued.
            ids = list(articles.values_list("pk", flat=True))
            for start in range(0, len(ids), 1000):
                article_process_queue(article_ids=ids[start : start + 1000])
            self.stdout.write(self.style.SUCCESS(f"{len(ids)} article(s) queued for the workers"))
            return
        totals = {"proposed": 0, "kept": 0, "refreshed": 0, "removed": 0}
        for article in articles.iterator(chunk_size=200):
            result = article_claims_refresh(article=article, previous_text=None)
            for key in totals:
                totals[key] += getattr(result, key)
            self.stdout.write(
                f"{article.pk}: {result.proposed} proposed, {result.kept} already there "
                f"({result.refreshed} updated), {result.removed} outdated removed — "
                f"{article.title}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['proposed']} proposed, {totals['kept']} already there "
                f"({totals['refreshed']} updated), {totals['removed']} outdated removed"
            )
        )
