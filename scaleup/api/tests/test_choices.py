from __future__ import annotations

from typing import Any, get_args

import pytest

from scaleup.api import choices
from scaleup.dialogue.models import Statement
from scaleup.indicators.models import Period
from scaleup.jobs.models import Job
from scaleup.meetings.models import Meeting, Registration
from scaleup.network.models import TieKind
from scaleup.stakeholders.models import OrganisationKind


@pytest.mark.parametrize(
    ("api_type", "model_choices"),
    [
        (choices.MeetingFormat, Meeting.Format),
        (choices.RegistrationStatus, Registration.Status),
        (choices.OrganisationKindName, OrganisationKind),
        (choices.TieKindName, TieKind),
        (choices.StatementKind, Statement.Kind),
        (choices.StatementState, Statement.State),
        (choices.PeriodName, Period),
        (choices.JobState, Job.State),
    ],
)
def test_api_choices_are_the_models(api_type: Any, model_choices: Any) -> None:
    assert list(get_args(api_type)) == list(model_choices.values)
