"""Forms of the facilitator workspace.

Choices of groups, partners and meetings are narrowed to what the user may act on, so a
record of another region cannot even be submitted: it is an invalid choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scaleup.core.i18n import CONTENT_LANGUAGES
from scaleup.core.validators import validate_mail_address
from scaleup.dialogue.models import STATEMENT_MAX_LENGTH, Conversation, Statement
from scaleup.meetings.models import Meeting, Registration
from scaleup.news.models import Post
from scaleup.projects.models import Partner
from scaleup.stakeholders.forms import organisation_kind_field
from scaleup.stakeholders.models import Application, Organisation, StakeholderGroup
from scaleup.stakeholders.services import validate_document_upload
from scaleup.workspace import selectors

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class GroupChoiceField(forms.ModelChoiceField[StakeholderGroup]):
    def label_from_instance(self, obj: StakeholderGroup) -> str:
        return f"{obj.name} ({obj.partner.short_name})"


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{timezone.localtime(obj.starts_at):%Y-%m-%d} {obj.title}"


# --- applications ------------------------------------------------------------------------


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Application.Status.choices],
    )
    group = GroupChoiceField(
        label=_("Group"),
        required=False,
        queryset=StakeholderGroup.objects.none(),
        to_field_name="slug",
        empty_label=_("all groups"),
    )

    def __init__(self, *args: Any, groups: QuerySet[StakeholderGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupChoiceField)
        group_field.queryset = groups


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the applicant (optional, included in the e-mail)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- members ---------------------------------------------------------------------------------


class MembershipEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254, validators=[validate_mail_address])
    organisation = forms.ModelChoiceField(
        label=_("Organisation the person speaks for"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— a new organisation, named below —"),
    )
    organisation_name = forms.CharField(
        label=_("Name of the new organisation"), max_length=200, required=False
    )
    organisation_kind = organisation_kind_field()
    language = forms.ChoiceField(
        label=_("Language of the invitation e-mail"),
        choices=[("pl", "polski"), ("en", "English")],
    )

    def __init__(self, *args: Any, group: StakeholderGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = Organisation.objects.filter(
            pk__in=selectors.member_organisations(group).values("organisation_id")
        ).order_by("name")
        self.fields["organisation_kind"].required = False
        self.fields["language"].initial = CONTENT_LANGUAGES[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") is None:
            if not (data.get("organisation_name") or "").strip():
                self.add_error(
                    "organisation_name",
                    _("Choose a member organisation, or give the name of a new one."),
                )
            if not data.get("organisation_kind"):
                self.add_error("organisation_kind", _("Choose the kind of the new organisation."))
        return data


# --- meetings --------------------------------------------------------------------------------


class MeetingForm(forms.ModelForm):
    group = GroupChoiceField(label=_("Stakeholder group"), queryset=StakeholderGroup.objects.none())
    capacity = forms.IntegerField(label=_("Capacity (seats)"), min_value=1, max_value=100000)

    class Meta:
        model = Meeting
        fields = (
            "group",
            "slug",
            "format",
            "title_pl",
            "title_en",
            "theme_pl",
            "theme_en",
            "starts_at",
            "ends_at",
            "venue_pl",
            "venue_en",
            "address",
            "capacity",
            "registration_open",
            "is_published",
            "minutes_pl",
            "minutes_en",
        )
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "theme_pl": forms.Textarea(attrs={"rows": 3}),
            "theme_en": forms.Textarea(attrs={"rows": 3}),
            "minutes_pl": forms.Textarea(attrs={"rows": 6}),
            "minutes_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, groups: QuerySet[StakeholderGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupChoiceField)
        group_field.queryset = groups
        if self.instance.pk is None and len(groups) == 1:
            group_field.initial = groups[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class AttendanceForm(forms.Form):
    registrations = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Registration.objects.none()
    )
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("1", _("attended")), ("0", _("did not attend"))],
        coerce=lambda value: value == "1",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["registrations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = meeting.registrations.exclude(status=Registration.Status.CANCELLED)


# --- workshops (live conversations) ----------------------------------------------------------

CONVERSATION_LANGUAGES = [("pl", "polski"), ("en", "English")]


def _question_field() -> forms.CharField:
    return forms.CharField(
        label=_("Question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _description_field() -> forms.CharField:
    return forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language of the conversation"), choices=CONVERSATION_LANGUAGES
    )


def _moderation_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Moderation"),
        choices=Conversation.Moderation.choices,
        initial=Conversation.Moderation.POST,
    )


class GroupMeetingChoiceField(MeetingChoiceField):
    """A meeting among those of several groups: the group is named too."""

    def label_from_instance(self, obj: Meeting) -> str:
        return f"{super().label_from_instance(obj)} – {obj.group.name}"


def _meeting_field(field: type[MeetingChoiceField] = MeetingChoiceField) -> MeetingChoiceField:
    return field(
        label=_("Meeting (optional)"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— none: a standalone conversation —"),
    )


class WorkshopForm(forms.Form):
    """A new conversation. The group and meeting choices are the user's; that the meeting
    is one of the chosen group's is checked by `dialogue.services.create_conversation`."""

    group = GroupChoiceField(label=_("Stakeholder group"), queryset=StakeholderGroup.objects.none())
    meeting = _meeting_field(GroupMeetingChoiceField)
    question = _question_field()
    description = _description_field()
    language = _language_field()
    moderation = _moderation_field()

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[StakeholderGroup],
        meetings: QuerySet[Meeting],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, GroupChoiceField)
        group_field.queryset = groups
        if len(groups) == 1:
            group_field.initial = groups[0]
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, MeetingChoiceField)
        meeting_field.queryset = meetings
        self.fields["language"].initial = CONTENT_LANGUAGES[0]


class WorkshopSettingsForm(forms.Form):
    """The settings of an existing conversation; its group stays, the meeting is one of it."""

    question = _question_field()
    description = _description_field()
    language = _language_field()
    moderation = _moderation_field()
    meeting = _meeting_field()

    def __init__(self, *args: Any, conversation: Conversation, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "question": conversation.question,
                "description": conversation.description,
                "language": conversation.language,
                "moderation": conversation.moderation,
                "meeting": conversation.meeting_id,
            },
        )
        super().__init__(*args, **kwargs)
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, MeetingChoiceField)
        meeting_field.queryset = Meeting.objects.filter(group_id=conversation.group_id).order_by(
            "-starts_at", "-id"
        )


class SeedStatementForm(forms.Form):
    """A facilitator's statement; the text rules (empty, too long, duplicate) are the
    service's, whose message the view puts on the `text` field."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Statement.Kind.choices, initial=Statement.Kind.INSIGHT
    )
    text = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The help text goes into the label: the form templates do not show help texts.
        self.fields["text"].label = gettext("Statement (at most %(limit)d characters)") % {
            "limit": STATEMENT_MAX_LENGTH
        }


# --- news --------------------------------------------------------------------------------------


class PostForm(forms.ModelForm):
    partner = forms.ModelChoiceField(label=_("Partner region"), queryset=Partner.objects.none())
    meeting = MeetingChoiceField(
        label=_("Meeting reported (its photos form the gallery)"),
        queryset=Meeting.objects.none(),
        required=False,
    )

    class Meta:
        model = Post
        fields = (
            "partner",
            "slug",
            "title_pl",
            "title_en",
            "lead_pl",
            "lead_en",
            "body_pl",
            "body_en",
            "meeting",
        )
        widgets = {
            "lead_pl": forms.Textarea(attrs={"rows": 3}),
            "lead_en": forms.Textarea(attrs={"rows": 3}),
            "body_pl": forms.Textarea(attrs={"rows": 12}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        meetings: QuerySet[Meeting],
        project_wide: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        assert isinstance(partner, forms.ModelChoiceField)
        partner.queryset = partners
        # Only those who may edit project-wide news may leave the region empty.
        partner.required = not project_wide
        partner.empty_label = str(_("— the whole project —")) if project_wide else None
        if self.instance.pk is None and len(partners) == 1 and not project_wide:
            partner.initial = partners[0]
        meeting = self.fields["meeting"]
        assert isinstance(meeting, MeetingChoiceField)
        meeting.queryset = meetings


# --- documents -------------------------------------------------------------------------------


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.txt,.csv"}
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            validate_document_upload(upload)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        return upload


# --- audit log ---------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
