"""Accounts for tests: a user with a verified address, as sign-in by code leaves them."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model


def make_user(
    email: str, *, first_name: str = "", last_name: str = "", superuser: bool = False
) -> Any:
    user_model = get_user_model()
    username = email.split("@")[0][:140]
    if superuser:
        user = user_model.objects.create_superuser(username=username, email=email)
    else:
        user = user_model.objects.create_user(username=username, email=email)
    user.first_name, user.last_name = first_name, last_name
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
