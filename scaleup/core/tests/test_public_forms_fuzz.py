"""Property tests for every public form: any input gives a page, never a server error, and a
submission is saved completely or not at all.

Each example runs in a savepoint that is rolled back, so one accepted submission (an
invitation used, an e-mail registered) does not change what the next example meets. Row
counts are compared before and after: they either stay as they were, or change by exactly
what one complete submission of that form saves (pinned in `COMPLETE`, and checked with a
valid submission by `test_a_valid_submission_saves_exactly`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.conf import LazySettings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from scaleup.core.models import AuditEntry
from scaleup.meetings.models import Registration
from scaleup.privacy.models import ConsentRecord
from scaleup.stakeholders import invitations
from scaleup.stakeholders.models import (
    Application,
    Invitation,
    Membership,
    Organisation,
    Person,
)
from scaleup.testing.urls import url
from scaleup.testing.world import World

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- what a submission may change -----------------------------------------------------------


def _counted() -> dict[str, type[models.Model]]:
    return {
        "Application": Application,
        "Organisation": Organisation,
        "Person": Person,
        "Membership": Membership,
        "Registration": Registration,
        "User": get_user_model(),
        "EmailAddress": EmailAddress,
        "Invitation": Invitation,
        "ConsentRecord": ConsentRecord,
        "AuditEntry": AuditEntry,
    }


def _counts() -> dict[str, int]:
    return {name: model._default_manager.count() for name, model in _counted().items()}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in before if after[name] != before[name]}


# Row-count changes of one complete submission, per form (several where an option adds rows).
NOTHING: dict[str, int] = {}
COMPLETE: dict[str, list[dict[str, int]]] = {
    "join": [{"Application": 1, "AuditEntry": 1}],
    "registration": [
        {"Registration": 1, "AuditEntry": 1},
        {"Registration": 1, "AuditEntry": 2, "ConsentRecord": 1},  # with the photo consent
    ],
    "cancel": [{"AuditEntry": 1}],
    "login": [NOTHING],
    "request_code": [NOTHING],
    "signup": [{"User": 1, "EmailAddress": 1}],
    "invitation_code": [NOTHING],
    "invitation": [
        # person created, membership created, contact added, invitation accepted (+ consent)
        {"User": 1, "EmailAddress": 1, "Person": 1, "Membership": 1, "AuditEntry": 4},
        {
            "User": 1,
            "EmailAddress": 1,
            "Person": 1,
            "Membership": 1,
            "ConsentRecord": 1,
            "AuditEntry": 5,
        },
    ],
}


class _RollbackError(Exception):
    pass


@contextmanager
def _rolled_back() -> Iterator[None]:
    with suppress(_RollbackError), transaction.atomic():
        yield
        raise _RollbackError


# --- arbitrary input ------------------------------------------------------------------------

_NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x1b[31m",
        "\r\n",
        "\u202e",
        "\ufeff",
        "\U0001f600",
        "Zażółć gęślą jaźń",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "%s%n",
        "ewa@example.org",
        "EWA@EXAMPLE.ORG",
        "ewa@localhost",
        "a@b",
        "@",
        "sme",
        "on",
        "true",
        "-1",
        "99999999999999999999",
        "ABCD-2345",
    ]
)
# 10k+ characters without generating them one by one.
_LONG = st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(2_600, 6_000)
)
TEXT = st.one_of(
    st.text(max_size=60), _NASTY, _LONG, st.text(st.characters(max_codepoint=0x1F), max_size=20)
)
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3))


@st.composite
def submissions(draw: st.DrawFn, valid: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A valid submission with a few fields dropped, replaced or spoilt, or arbitrary fields.

    Returns the data and whether to send it url-encoded (else as multipart, like a browser
    that posts a file input).
    """
    base = dict(valid) if draw(st.booleans()) else {}
    names = sorted(valid)
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=3)) if names else []:
        change = draw(st.sampled_from(["drop", "replace", "append"]))
        if change == "drop":
            base.pop(name, None)
        elif change == "replace":
            base[name] = draw(VALUE)
        else:  # a valid value with something after it: "ewa@example.org\x00"
            base[name] = str(valid[name]) + draw(TEXT)
    extra = draw(st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), VALUE, max_size=2))
    return {**extra, **base}, draw(st.booleans())


@dataclass
class Form:
    """One public form: where it posts, a valid submission, and which change is complete."""

    name: str
    path: Callable[[], str]
    valid: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    before: Callable[[Client], None] | None = None


def _post(
    client: Client, path: str, data: dict[str, Any], urlencoded: bool, headers: dict[str, str]
) -> Any:
    if urlencoded:
        return client.post(
            path,
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    return client.post(path, data, headers=headers)


def _submit_and_check(form: Form, data: dict[str, Any], urlencoded: bool) -> Any:
    with _rolled_back():
        client = Client(raise_request_exception=False)
        if form.before:
            form.before(client)
        before = _counts()
        response = _post(client, form.path(), data, urlencoded, form.headers)
        change = _delta(before, _counts())
    if currently_in_test_context():  # (statistics: --hypothesis-show-statistics)
        event(f"{response.status_code} {'saved' if change else 'nothing saved'}")
    assert response.status_code < 500, (form.name, data, response.content[:2000])
    assert change == NOTHING or change in COMPLETE[form.name], (form.name, change, data)
    return response


# --- the forms ------------------------------------------------------------------------------


@pytest.fixture
def forms(world: World, settings: LazySettings) -> dict[str, Form]:
    """Every public form, over the two-region world; no rate limit gets in the way."""
    settings.RATE_LIMITS = {}
    settings.ACCOUNT_RATE_LIMITS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    region = world.lubelskie
    member = region.member
    member.set_password("Warsztaty-Lublin-2025")
    member.save()
    invitation = invitations.invite_person(
        group=region.group,
        email="nowa.osoba@example.org",
        first_name="Nowa",
        last_name="Osoba",
        organisation_name="Nowa Organizacja",  # not yet a member: accepting adds it
        organisation_kind="ngo",
        language="pl",
        actor=region.facilitator,
    )
    registration = {
        "full_name": "Ewa Testowa",
        "email": "ewa.testowa@example.org",
        "organisation_name": "Bitwise Lublin",
        "organisation_kind": "sme",
        "consent": "on",
        "image_consent": "on",
    }
    meeting = region.meeting.get_absolute_url
    found = [
        Form(
            "join",
            lambda: url("stakeholders:join"),
            {
                "group": str(region.group.pk),
                "organisation_name": "Nowa Firma sp. z o.o.",
                "organisation_kind": "sme",
                "city": "Lublin",
                "website": "https://nowa.example.org",
                "contact_first_name": "Jan",
                "contact_last_name": "Nowak",
                "contact_email": "jan.nowak@example.org",
                "contact_position": "Prezes",
                "motivation": "Eksport.",
                "consent": "on",
            },
        ),
        Form("registration", meeting, registration),
        Form("registration", meeting, registration, headers={"HX-Request": "true"}),
        Form("cancel", lambda: url("meetings:registration", token=region.registration.token), {}),
        Form(
            "login",
            lambda: url("account_login"),
            {"login": member.email, "password": "Warsztaty-Lublin-2025", "remember": "on"},
        ),
        Form("request_code", lambda: url("account_request_login_code"), {"email": member.email}),
        Form("signup", lambda: url("account_signup"), {"email": "nowe.konto@example.org"}),
        Form(
            "invitation_code",
            lambda: url("stakeholders:invitation_code"),
            {"code": invitations.format_code(invitation.code)},
        ),
        Form(
            "invitation",
            lambda: url("stakeholders:invitation", token=invitation.token),
            {"first_name": "Nowa", "last_name": "Osoba", "list_publicly": "on"},
        ),
    ]
    return {f"{form.name}{'-htmx' if form.headers else ''}": form for form in found}


FORM_NAMES = [
    "join",
    "registration",
    "registration-htmx",
    "cancel",
    "login",
    "request_code",
    "signup",
    "invitation_code",
    "invitation",
]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_a_valid_submission_saves_exactly(forms: dict[str, Form], name: str) -> None:
    """The complete change each fuzz test allows is what a valid submission really makes."""
    form = forms[name]
    with _rolled_back():
        client = Client()
        before = _counts()
        response = _post(client, form.path(), form.valid, False, form.headers)
        change = _delta(before, _counts())
    # Accepted: redirected onwards (htmx swaps the confirmation in with a 200).
    assert response.status_code == (200 if form.headers else 302), response.content[:2000]
    assert change == COMPLETE[form.name][-1], change


@pytest.mark.parametrize("name", FORM_NAMES)
@FUZZ
@given(data=st.data())
def test_any_input_is_answered_and_saved_whole_or_not_at_all(
    forms: dict[str, Form], name: str, data: st.DataObject
) -> None:
    form = forms[name]
    submission, urlencoded = data.draw(submissions(form.valid), label="submission")
    _submit_and_check(form, submission, urlencoded)


@FUZZ
@given(token=st.uuids(), data=st.dictionaries(st.sampled_from(["confirm", "cancel", "x"]), TEXT))
def test_cancelling_an_unknown_registration_is_not_found(
    forms: dict[str, Form], token: uuid.UUID, data: dict[str, str]
) -> None:
    form = Form("cancel", lambda: url("meetings:registration", token=token), {})
    response = _submit_and_check(form, data, False)
    assert response.status_code == 404


# --- found by these tests -------------------------------------------------------------------

UNDELIVERABLE = [
    "ewa@example.org\u202a",  # an invisible bidi mark: Django's validator accepts it
    "ewa@exam\u200bple.org",
    '"\x1b[31m"@example.org',
]


@pytest.mark.parametrize("address", UNDELIVERABLE)
def test_an_undeliverable_address_is_refused(address: str) -> None:
    from django.core.exceptions import ValidationError

    from scaleup.core.validators import validate_mail_address

    with pytest.raises(ValidationError):
        validate_mail_address(address)


@pytest.mark.parametrize(
    "address", ["ewa@example.org", "zażółć@przykład.pl", "a+b@sub.example.org"]
)
def test_a_deliverable_address_passes(address: str) -> None:
    from scaleup.core.validators import validate_mail_address

    validate_mail_address(address)


@pytest.mark.parametrize("name", ["join", "registration", "request_code", "signup"])
def test_an_undeliverable_address_is_a_form_error_not_a_server_error(
    forms: dict[str, Form], name: str
) -> None:
    """Sending the code to "…@example.org\\u202a" used to fail inside the mail library (500)."""
    form = forms[name]
    field = next(key for key in form.valid if "email" in key)
    response = _submit_and_check(form, {**form.valid, field: UNDELIVERABLE[0]}, False)
    if name == "request_code":
        assert response.status_code == 302  # as for any unknown address; nothing is mailed
    else:
        assert response.status_code == 200
        assert response.context["form"].has_error(field, "invalid")
