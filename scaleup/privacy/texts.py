"""What people are told and what they agree to: consent texts and the art. 13 clause.

A consent record stores the version of the text the person saw, so a changed text gets a
new version (the date it takes effect) and earlier records keep pointing at the old one.
The information clause is assembled from `FORM_CLAUSES` (what one form collects, why, and
whether it is required) and the settings (controller, DPO contact, retention periods).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from scaleup.privacy.models import ConsentPurpose

Text = StrOrPromise


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: Text


CONSENT_TEXTS: dict[str, ConsentText] = {
    ConsentPurpose.PUBLIC_LISTING: ConsentText(
        version="2026-11-26",
        text=_(
            "I agree that my name, job title and organisation are shown on the public pages "
            "of the regional stakeholder group. I can withdraw this consent at any time on the "
            "'My data' page; withdrawal does not affect the lawfulness of earlier publication."
        ),
    ),
    ConsentPurpose.PHOTOS: ConsentText(
        version="2026-11-26",
        text=_(
            "I agree that photos in which I can be recognised, taken at this meeting, are "
            "published on this portal and in the project's reports and social media "
            "(optional). I can withdraw this consent at any time; withdrawal does not affect "
            "the lawfulness of earlier publication."
        ),
    ),
}


@dataclass(frozen=True)
class FormClause:
    """The part of the information clause that depends on the form it is shown on."""

    title: Text
    data: Text
    purposes: tuple[Text, ...]
    required: Text
    #: Keys of settings.RETENTION_DAYS that apply to this form's data.
    retention: tuple[str, ...] = field(default_factory=tuple)
    #: A period that no setting expresses (kept while the organisation is a member).
    retention_note: Text = ""
    consents: tuple[str, ...] = field(default_factory=tuple)


MEMBER_RETENTION = _(
    "contact persons of member organisations: while the organisation is a member, and then "
    "for the period the programme requires project documents to be kept"
)


FORM_CLAUSES: dict[str, FormClause] = {
    "application": FormClause(
        title=_("Applications to join a stakeholder group"),
        data=_("your name, e-mail address, job title and the reasons you give for joining"),
        purposes=(
            _(
                "to consider your organisation's application to join the regional "
                "stakeholder group and to tell you the decision"
            ),
            _("if the application is accepted, to keep you as your organisation's contact"),
        ),
        required=_(
            "Giving the data marked as required is necessary to consider the application; "
            "without it we cannot handle it."
        ),
        retention=("applications",),
        retention_note=MEMBER_RETENTION,
    ),
    "registration": FormClause(
        title=_("Registrations for meetings"),
        data=_("your name, e-mail address and organisation"),
        purposes=(
            _(
                "to organise the meeting: to confirm your registration, to run the waiting "
                "list and to record attendance"
            ),
            _("to report participation to the programme bodies (attendance lists)"),
        ),
        required=_(
            "Giving the data marked as required is necessary to register; consent to photos "
            "is optional and registering does not depend on it."
        ),
        retention=("registrations",),
        consents=(ConsentPurpose.PHOTOS,),
    ),
    "membership": FormClause(
        title=_("Members of a stakeholder group"),
        data=_("your name, e-mail address, job title and organisation"),
        purposes=(
            _(
                "to run the stakeholder group: to invite you to meetings, to share members' "
                "documents and to consult draft recommendations"
            ),
            _("to report the group's composition to the programme bodies"),
        ),
        required=_(
            "Giving the data marked as required is necessary to take part in the group; "
            "being listed publicly by name is optional and needs your consent."
        ),
        retention=("invitations",),
        retention_note=MEMBER_RETENTION,
        consents=(ConsentPurpose.PUBLIC_LISTING,),
    ),
    "workshop": FormClause(
        title=_("Live workshops"),
        data=_(
            "the statements you post and your votes, and, if you are signed in, your account; "
            "joining without an account gives you an anonymous seat kept in a cookie"
        ),
        purposes=(
            _("to run the workshop: to show statements to vote on and the group's opinion map"),
            _("to draw up the group's recommendations from the workshop's results"),
        ),
        required=_(
            "Only the join code is needed; you do not have to give your name or e-mail "
            "address to take part."
        ),
        retention=(),
        retention_note=_(
            "statements and votes: kept as the workshop's results, without your identity once "
            "you erase your data, for as long as the programme requires the project's "
            "documents to be kept"
        ),
    ),
    "account": FormClause(
        title=_("Accounts on this portal"),
        data=_("your e-mail address, your name if you give it, and when you signed in"),
        purposes=(
            _("to give you a secure account for taking part in the group's work"),
            _("to protect the portal against misuse (sign-in codes and rate limits)"),
        ),
        required=_("An e-mail address is necessary to create an account and to sign in."),
        retention=("inactive_accounts",),
    ),
}

#: What each retention rule of settings.RETENTION_DAYS keeps, and for how long.
RETENTION_TEXTS: dict[str, Text] = {
    "registrations": _("meeting registrations: %(period)s after the meeting"),
    "applications": _("rejected applications to join: %(period)s after the decision"),
    "invitations": _("invitations not accepted: %(period)s after they expired or were withdrawn"),
    "inactive_accounts": _("accounts with no role in a group: %(period)s after the last sign-in"),
}


def duration(days: int) -> str:
    """A retention period in whole years when it is one, otherwise in days."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def retention_periods(keys: tuple[str, ...] | None = None) -> list[str]:
    """The given rules of settings.RETENTION_DAYS (or all of them), in words."""
    days: dict[str, int] = settings.RETENTION_DAYS
    return [
        str(text) % {"period": duration(days[key])}
        for key, text in RETENTION_TEXTS.items()
        if key in days and (keys is None or key in keys)
    ]


def clause(form: str) -> FormClause:
    try:
        return FORM_CLAUSES[form]
    except KeyError:
        raise ValueError(f"No information clause for {form!r}; add it to FORM_CLAUSES") from None
