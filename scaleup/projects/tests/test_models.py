from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from scaleup.projects.models import Measure, Partner
from scaleup.projects.tests.factories import (
    MeasureFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_project_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        ProjectFactory.create(started_on=dt.date(2019, 8, 1), ended_on=dt.date(2019, 1, 1))


def test_project_has_at_most_one_lead_partner():
    project = ProjectFactory.create()
    PartnerFactory.create(project=project, role=Partner.Role.LEAD)
    with pytest.raises(IntegrityError):
        PartnerFactory.create(project=project, role=Partner.Role.LEAD)


def test_advisory_partner_addresses_no_instrument():
    with pytest.raises(IntegrityError):
        PartnerFactory.create(role=Partner.Role.ADVISORY)


def test_measure_without_parent_is_refused_by_database():
    with pytest.raises(IntegrityError):
        MeasureFactory.create(level=Measure.Level.MEASURE, parent=None)


def test_action_must_sit_under_a_measure_not_an_axis():
    axis = MeasureFactory.create()
    action = Measure(
        instrument=axis.instrument, parent=axis, level="action", code="1.1.1", name_pl="x"
    )
    with pytest.raises(ValidationError, match="action to a measure"):
        action.clean()


def test_measure_parent_must_share_instrument():
    axis = MeasureFactory.create()
    other = PolicyInstrumentFactory.create()
    measure = Measure(instrument=other, parent=axis, level="measure", code="3.6", name_pl="x")
    with pytest.raises(ValidationError, match="another instrument"):
        measure.clean()
