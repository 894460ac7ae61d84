"""`scaleup create-api-token EMAIL --name NAME [--write]`: a token for a script, printed
once; read only unless `--write` is given, as on the tokens page.

For setting up a server's own jobs (a nightly report) without a browser; people make their
tokens on their account's API tokens page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scaleup.api import services


class Command(BaseCommand):
    help = "Make an API token for the account with this e-mail address and print its key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument("--days", type=int, default=90, help="How long it is valid.")
        parser.add_argument(
            "--write",
            action="store_true",
            help="The token may also change records (without it, it may only read).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {options['email']}.")
        try:
            _token, key = services.create_token(
                user=user,
                name=options["name"],
                valid_for_days=options["days"],
                read_only=not options["write"],
                actor=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)
