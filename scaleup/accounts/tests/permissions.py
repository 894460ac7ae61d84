"""Permission-matrix rows for 'My account' and every allauth URL.

World users sign in by code and have no password, which decides where the password pages
send them. LOGIN means a 302 to `account_login` itself; allauth's other redirects (to the
request-code page, to 'My account', to the set-password page) are REDIRECT.
"""

from __future__ import annotations

from scaleup.access.tests.matrix import LOGIN, REDIRECT, Expected, Row, everyone, signed_in


def anonymous_only(outcome: int | str) -> Expected:
    """Entrance pages: shown to visitors; signed-in people are sent on to 'My account'."""
    return {**everyone(REDIRECT), "anonymous": outcome}


ROWS = [
    Row("accounts:home", get=signed_in(200), post=signed_in(405)),
    Row(
        "accounts:profile",
        get=signed_in(200),
        post=signed_in(REDIRECT),
        data=lambda w: {"first_name": "Maria", "last_name": "Wiśniewska"},
    ),
    Row(
        "account_login",
        get=anonymous_only(200),
        post=anonymous_only(200),
        notes="an empty POST comes back with form errors",
    ),
    Row("account_logout", get={**everyone(200), "anonymous": REDIRECT}, post=everyone(REDIRECT)),
    Row("account_inactive", get=everyone(200), post=everyone(405)),
    Row("account_signup", get=anonymous_only(200), post=anonymous_only(200)),
    Row(
        "account_request_login_code",
        get=anonymous_only(200),
        post=anonymous_only(200),
        notes="an empty POST comes back with form errors",
    ),
    Row(
        "account_confirm_login_code",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        notes="without a pending code, visitors go to the request-code page",
    ),
    Row(
        "account_reauthenticate",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
        notes="no password: reauthentication goes by code",
    ),
    Row("account_request_reauthentication_code", get=signed_in(200)),
    Row(
        "account_confirm_reauthentication_code",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
        notes="without a pending code: back to requesting one",
    ),
    Row(
        "account_email",
        get=signed_in(200),
        post=signed_in(REDIRECT),
        notes="a POST without an action changes nothing and returns to the page",
    ),
    Row(
        "account_email_verification_sent",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
        notes="without a pending verification: visitors to sign-in, others to their e-mails",
    ),
    Row(
        "account_change_password",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
        notes="no password yet: sent to the set-password page",
    ),
    Row("account_set_password", get=signed_in(200), post=signed_in(200)),
    Row("account_reset_password", get=everyone(200), post=everyone(200)),
    Row(
        "account_confirm_password_reset_code",
        get=everyone(LOGIN),
        post=everyone(LOGIN),
        notes="without a pending reset code",
    ),
    Row(
        "account_complete_password_reset",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        notes="without a confirmed reset code: back to the reset page",
    ),
    Row("account_password_reset_completed", get=everyone(200), post=everyone(405)),
]
