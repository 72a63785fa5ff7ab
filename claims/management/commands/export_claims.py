import json
from textwrap import indent

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Article
from claims.export import csv_lines
from claims.selectors import claim_as_dict, claims_for_export


class Command(BaseCommand):
    help = (
        "Print every claim with all its fields: JSON in the API's shape, for backups and "
        "scripts, or CSV with the API export's columns, for spreadsheets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="Only the claims of this article id")
        parser.add_argument("--format", default="json", choices=["json", "csv"])

    def handle(self, *args, **options) -> None:
        article_id = options["article"]
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article with id {article_id}.")
        # Written claim by claim, so a newsroom's whole archive never sits in memory.
        claims = claims_for_export(article_id=article_id).iterator(chunk_size=500)
        if options["format"] == "csv":
            for line in csv_lines(claims):
                self.stdout.write(line, ending="")
            return
        separator = "[\n"
        for claim in claims:
            row = json.dumps(claim_as_dict(claim), ensure_ascii=False, indent=2)
            self.stdout.write(separator + indent(row, "  "), ending="")
            separator = ",\n"
        self.stdout.write("[]" if separator == "[\n" else "\n]")
