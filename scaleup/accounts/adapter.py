"""allauth hooks: where people land after signing in, which links are followed, and mail."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from scaleup.core.i18n import active_language
from scaleup.core.selectors import site_configuration
from scaleup.core.validators import validate_mail_address

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url: str | None) -> bool:
        """Only this site's own paths: a `next` parameter can never send people elsewhere."""
        return bool(url) and url_has_allowed_host_and_scheme(
            url, allowed_hosts=None, require_https=settings.HTTPS
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:home")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:home")

    def clean_email(self, email: str) -> str:
        """Sign-up and added addresses must be ones mail can be sent to (see core.validators)."""
        validate_mail_address(email)
        return str(super().clean_email(email))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Codes and notices go out in the language of the page the person is using.

        Every allauth mail is a reply to something the person just did on a /pl/ or /en/
        page, so that page's language is the recipient's language. The mails greet with the
        portal's name rather than the request's host name.
        """
        try:
            validate_mail_address(email)
        except ValidationError:
            # The code request form takes any address Django accepts; a mail that cannot be
            # built is not sent, and the page says "code sent" as for an unknown address.
            logger.warning("Not mailing an undeliverable address (%s).", template_prefix)
            return
        language = active_language()
        with translation.override(language):
            configuration = site_configuration()
            context = {
                "portal_name": configuration.portal_name,
                "site_url": settings.SITE_URL,
                **context,
            }
            super().send_mail(template_prefix, email, context)


def user_display(user: Any) -> str:
    """How allauth names the person ("Signed in as ..."): their name, else their address.

    Usernames are generated and mean nothing to people. Set as ACCOUNT_USER_DISPLAY.
    """
    return str(user.get_full_name() or user.email or user.get_username())
