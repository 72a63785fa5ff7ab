import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article
from claims.selectors import claim_as_dict, claims_for_export


class Command(BaseCommand):
    help = "Print every claim with all its fields, for backups and scripts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="Only the claims of this article id")
        parser.add_argument("--format", default="json", choices=["json"])

    def handle(self, *args, **options) -> None:
        article_id = options["article"]
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article with id {article_id}.")
        rows = [claim_as_dict(c) for c in claims_for_export(article_id=article_id).iterator(500)]
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
