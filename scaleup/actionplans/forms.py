"""Forms of the action-plan pages; rules live in `actionplans.services`."""

from __future__ import annotations

from typing import Any

from django import forms

from scaleup.actionplans.models import TEXT_LIMIT, Action, ActionPlan, MonitoringNote

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_LIMIT})


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "partner",
            "instrument",
            "instrument_type",
            "other_partners",
            "nuts2_region",
            "contact_name",
            "contact_email",
            "contact_phone",
            "policy_context_pl",
            "policy_context_en",
        ]
        widgets = {"policy_context_pl": _area(6), "policy_context_en": _area(6)}

    def __init__(self, *args: Any, partners: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner: Any = self.fields["partner"]
        partner.queryset = partners
        partner.empty_label = None
        if self.instance.pk is not None:
            # Its actions link the partner's own recommendations: a plan stays with it.
            partner.disabled = True
        instrument: Any = self.fields["instrument"]
        instrument.queryset = instruments
        instrument.empty_label = None


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title_pl",
            "title_en",
            "background_pl",
            "background_en",
            "description_pl",
            "description_en",
            "players_pl",
            "players_en",
            "starts_on",
            "ends_on",
            "timeframe_pl",
            "timeframe_en",
            "cost_eur",
            "costs_pl",
            "costs_en",
            "funding_pl",
            "funding_en",
            "recommendations",
            "practices",
        ]
        widgets = {
            "background_pl": _area(),
            "background_en": _area(),
            "description_pl": _area(),
            "description_en": _area(),
            "players_pl": _area(3),
            "players_en": _area(3),
            "timeframe_pl": _area(2),
            "timeframe_en": _area(2),
            "costs_pl": _area(2),
            "costs_en": _area(2),
            "funding_pl": _area(2),
            "funding_en": _area(2),
            "starts_on": DATE,
            "ends_on": DATE,
            "recommendations": forms.CheckboxSelectMultiple,
            "practices": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, recommendations: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked: Any = self.fields["recommendations"]
        linked.queryset = recommendations
        learnt: Any = self.fields["practices"]
        learnt.queryset = practices


class NoteForm(forms.ModelForm):
    class Meta:
        model = MonitoringNote
        fields = ["phase", "noted_on", "progress", "text"]
        widgets = {"noted_on": DATE, "text": _area(3)}
