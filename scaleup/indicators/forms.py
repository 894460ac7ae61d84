from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from scaleup.indicators.models import Indicator, Period
from scaleup.indicators.tally import Semester


class ManualValueForm(forms.Form):
    """A partner's figure for an indicator the platform cannot count, in one semester."""

    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label=_("Indicator"))
    semester = forms.TypedChoiceField(coerce=int, label=_("Semester"))
    value = forms.DecimalField(
        label=_("Value"), min_value=0, max_digits=14, decimal_places=2, localize=True
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figure comes from: a decision, a report, an article."),
    )

    def __init__(
        self,
        *args: Any,
        indicators: QuerySet[Indicator],
        semesters: Sequence[Semester],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["indicator"]
        field.queryset = indicators
        choices: Any = self.fields["semester"]
        choices.choices = [
            (
                s.number,
                _("Semester %(number)d (%(start)s – %(end)s)")
                % {
                    "number": s.number,
                    "start": s.starts_on.isoformat(),
                    "end": s.ends_on.isoformat(),
                },
            )
            for s in semesters
        ]


class ReportForm(forms.Form):
    """Which semester progress report to make: of a partner, or of the whole project."""

    WHOLE_PROJECT = "project"

    who = forms.ChoiceField(label=_("Report of"))
    semester = forms.TypedChoiceField(coerce=int, label=_("Semester"))
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("docx", _("DOCX (Word)"))]
    )
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=[("pl", _("Polish")), ("en", _("English"))]
    )
    period = forms.ChoiceField(choices=Period.choices, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        partners: Sequence[Any],
        whole_project: bool,
        semesters: Sequence[Semester],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        who: Any = self.fields["who"]
        options = [(str(partner.pk), partner.name) for partner in partners]
        if whole_project:
            options.insert(0, (self.WHOLE_PROJECT, _("The whole project (all partners)")))
        who.choices = options
        semester: Any = self.fields["semester"]
        semester.choices = [
            (s.number, _("Semester %(number)d") % {"number": s.number}) for s in semesters
        ]
        if semesters and not self.is_bound:
            self.initial.setdefault("semester", semesters[-1].number)
