from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the REST API token of USER, creating it the first time. "
        'Scripts send it as "Authorization: Token <key>".'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Replace the user's token with a new one (the old one stops working)",
        )

    def handle(self, *args, **options) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive; activate them first.")
        if options["reset"]:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
