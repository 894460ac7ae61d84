"""Forms of the recommendation pages. They only shape input: the rules live in
`policy.services`, whose `ValidationError`s the views attach to these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scaleup.dialogue.models import Statement
from scaleup.policy.lifecycle import MOVE_LABELS, MOVES, State
from scaleup.policy.models import COMMENT_LIMIT, TEXT_LIMIT, Recommendation
from scaleup.practices.models import GoodPractice
from scaleup.projects.models import Measure, PolicyInstrument
from scaleup.stakeholders.models import Membership


class StatementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        statement: Statement = obj
        return f"{statement.text} ({statement.conversation.question[:60]}…)"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        measure: Measure = obj
        return f"{measure.instrument.code}: {measure.code} {measure.name}"


class RecommendationForm(forms.ModelForm):
    """Everything of a draft. `statements` offers the group's accepted statements."""

    statements = StatementChoiceField(
        label=_("Supporting statements"),
        queryset=Statement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The workshop statements this recommendation grows out of."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "title_pl",
            "title_en",
            "text_pl",
            "text_en",
            "rationale_pl",
            "rationale_en",
            "instrument",
            "measure",
            "inspired_by",
        ]
        widgets = {
            "inspired_by": forms.CheckboxSelectMultiple,
            "text_pl": forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_LIMIT}),
            "text_en": forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_LIMIT}),
            "rationale_pl": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
            "rationale_en": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
        }
        field_classes = {"measure": MeasureChoiceField}

    def __init__(
        self,
        *args: Any,
        instruments: list[PolicyInstrument],
        statements: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        instrument_field: Any = self.fields["instrument"]
        instrument_field.queryset = PolicyInstrument.objects.filter(
            pk__in=[instrument.pk for instrument in instruments]
        ).order_by("-period_start")
        instrument_field.empty_label = None
        measure_field: Any = self.fields["measure"]
        measure_field.queryset = (
            Measure.objects.filter(instrument__in=instruments)
            .exclude(level=Measure.Level.AXIS)
            .select_related("instrument")
            .order_by("-instrument__period_start", "code")
        )
        measure_field.empty_label = _("not chosen yet")
        statement_field: Any = self.fields["statements"]
        statement_field.queryset = statements
        practices: Any = self.fields["inspired_by"]
        practices.queryset = GoodPractice.objects.filter(is_published=True).order_by("title")


class MeasureForm(forms.ModelForm):
    """After the draft, until submission, only the target may still be set or corrected."""

    class Meta:
        model = Recommendation
        fields = ["measure"]
        field_classes = {"measure": MeasureChoiceField}

    def __init__(self, *args: Any, instrument: PolicyInstrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure_field: Any = self.fields["measure"]
        measure_field.queryset = (
            Measure.objects.filter(instrument=instrument)
            .exclude(level=Measure.Level.AXIS)
            .select_related("instrument")
            .order_by("code")
        )
        measure_field.empty_label = _("not chosen yet")


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=State.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_LIMIT}),
        help_text=_("Why, or what the managing authority decided (needed for decisions)."),
    )
    endorsement_deadline = forms.DateTimeField(
        label=_("Members may endorse until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Only when opening for discussion; leave empty for no deadline."),
    )

    def __init__(self, *args: Any, state: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: Any = [(target, MOVE_LABELS[State(target)]) for target in MOVES[State(state)]]
        to_state: Any = self.fields["to_state"]
        to_state.choices = choices
        if state != State.DRAFT:
            del self.fields["endorsement_deadline"]


class EndorseForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Membership.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["membership"]
        field.queryset = Membership.objects.filter(
            pk__in=[membership.pk for membership in memberships]
        ).select_related("organisation")
        field.label_from_instance = lambda membership: membership.organisation.name
