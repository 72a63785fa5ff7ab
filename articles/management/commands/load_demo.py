from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from articles.services import article_import

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_ARTICLE = DEMO_DIR / "rt-russian-helicopter-aleppo.txt"
DEMO_OUTLET = "RT"

# username, password, group, superuser
DEMO_ACCOUNTS = [
    ("reviewer", "reviewer", "Reviewer", False),
    ("reviewer2", "reviewer2", "Reviewer", False),
    ("editor", "editor", "Editor", False),
    ("editor2", "editor2", "Editor", False),
    ("admin", "admin", None, True),
]


class Command(BaseCommand):
    help = (
        "Load the demo article and the demo accounts (development only: their passwords "
        "are public). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Only the demo article (allowed with DEBUG off: no known passwords).",
        )

    def handle(self, *args, **options) -> None:
        accounts = not options["no_accounts"]
        if accounts and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with known passwords while DEBUG is off. "
                "Create real accounts with 'manage.py createsuperuser', or load the article "
                "alone with 'load_demo --no-accounts'."
            )
        with transaction.atomic():
            result = article_import(
                raw=DEMO_ARTICLE.read_bytes(),
                filename=DEMO_ARTICLE.name,
                outlet_name=DEMO_OUTLET,
            )
            self.stdout.write(f"demo article: {result.status}: {result.article.title}")
            if accounts:
                self._accounts()
        if accounts:
            self.stdout.write("Demo log-ins (username / password):")
            for username, password, group, superuser in DEMO_ACCOUNTS:
                role = "superuser" if superuser else group.lower()
                self.stdout.write(f"  {username:<10} / {password:<10} ({role})")

    def _accounts(self) -> None:
        User = get_user_model()
        for username, password, group, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            if created:
                # Staff, so the Django admin shows each role what its permissions allow.
                user.is_staff = True
                user.is_superuser = superuser
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
