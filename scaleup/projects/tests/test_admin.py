"""The project back office: the measure tree is validated by the model, partners by the inline."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse

from scaleup.projects.models import Measure, Partner, PolicyInstrument
from scaleup.projects.tests.factories import (
    MeasureFactory,
    PolicyInstrumentFactory,
    ProjectFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def _add_measure(client: Client, **data: Any) -> Response:
    fields = {"code": "1.1", "name_pl": "Badania i innowacje", **data}
    response: Response = client.post(reverse("admin:projects_measure_add"), fields)
    return response


def _form_errors(response: Response) -> dict[str, Any]:
    return dict(response.context["adminform"].form.errors)


def test_measure_under_an_axis_is_saved(admin_client: Client) -> None:
    axis = MeasureFactory.create()

    response = _add_measure(
        admin_client, instrument=axis.instrument.pk, level=Measure.Level.MEASURE, parent=axis.pk
    )

    assert response.status_code == 302
    assert Measure.objects.get(code="1.1").parent == axis


def test_action_directly_under_an_axis_is_refused(admin_client: Client) -> None:
    axis = MeasureFactory.create()

    response = _add_measure(
        admin_client, instrument=axis.instrument.pk, level=Measure.Level.ACTION, parent=axis.pk
    )

    assert list(_form_errors(response)) == ["parent"]
    assert not Measure.objects.filter(code="1.1").exists()


def test_parent_from_another_instrument_is_refused(admin_client: Client) -> None:
    axis = MeasureFactory.create()
    other_instrument = PolicyInstrumentFactory.create()

    response = _add_measure(
        admin_client, instrument=other_instrument.pk, level=Measure.Level.MEASURE, parent=axis.pk
    )

    assert list(_form_errors(response)) == ["parent"]


def test_measure_without_parent_is_refused(admin_client: Client) -> None:
    instrument = PolicyInstrumentFactory.create()

    response = _add_measure(admin_client, instrument=instrument.pk, level=Measure.Level.MEASURE)

    assert "parent" in _form_errors(response)


def test_missing_level_is_a_form_error_not_a_crash(admin_client: Client) -> None:
    axis = MeasureFactory.create()

    response = _add_measure(admin_client, instrument=axis.instrument.pk, parent=axis.pk)

    assert response.status_code == 200
    assert "level" in _form_errors(response)


def test_parent_autocomplete_offers_no_actions(admin_client: Client) -> None:
    axis = MeasureFactory.create(code="1", name_pl="Oś innowacji")
    measure = MeasureFactory.create(
        instrument=axis.instrument, level=Measure.Level.MEASURE, parent=axis, code="1.1"
    )
    MeasureFactory.create(
        instrument=axis.instrument, level=Measure.Level.ACTION, parent=measure, code="1.1.1"
    )

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "measure", "field_name": "parent", "term": "1"},
    )

    ids = {int(result["id"]) for result in json.loads(response.content)["results"]}
    assert ids == {axis.pk, measure.pk}


def test_measures_are_filtered_by_instrument_and_level(admin_client: Client) -> None:
    axis = MeasureFactory.create()
    MeasureFactory.create()  # an axis of another instrument
    wanted = MeasureFactory.create(
        instrument=axis.instrument, level=Measure.Level.MEASURE, parent=axis, code="9.1"
    )

    response = admin_client.get(
        reverse("admin:projects_measure_changelist"),
        {"instrument__id__exact": str(axis.instrument.pk), "level__exact": "measure"},
    )

    assert list(response.context["cl"].result_list) == [wanted]


def _project_data(project: Any, partners: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "programme": project.programme.pk,
        "slug": project.slug,
        "acronym": project.acronym,
        "title_pl": project.title_pl,
        "aim_pl": project.aim_pl,
        "started_on": project.started_on.isoformat(),
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
        "partners-TOTAL_FORMS": str(len(partners)),
        "partners-INITIAL_FORMS": "0",
    }
    for index, partner in enumerate(partners):
        data.update({f"partners-{index}-{key}": value for key, value in partner.items()})
    return data


def _partner(name: str, role: str) -> dict[str, Any]:
    return {
        "position": "0",
        "name": name,
        "short_name": name[:5],
        "role": role,
        "country": "PL",
        "city": "Lublin",
    }


def test_project_partners_are_added_inline(admin_client: Client) -> None:
    project = ProjectFactory.create()
    data = _project_data(
        project,
        [_partner("Województwo Lubelskie", "lead"), _partner("Regione Lazio", "partner")],
    )

    response = admin_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)

    assert response.status_code == 302
    assert project.partners.count() == 2


def test_project_inline_refuses_two_lead_partners(admin_client: Client) -> None:
    project = ProjectFactory.create()
    data = _project_data(
        project, [_partner("Województwo Lubelskie", "lead"), _partner("Regione Lazio", "lead")]
    )

    response = admin_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)

    assert response.status_code == 200
    assert not Partner.objects.exists()


def test_instrument_cannot_succeed_itself(admin_client: Client) -> None:
    instrument = PolicyInstrumentFactory.create()
    url = reverse("admin:projects_policyinstrument_change", args=[instrument.pk])

    response = admin_client.post(
        url,
        {
            "code": instrument.code,
            "name_pl": instrument.name_pl,
            "region": instrument.region,
            "period_start": instrument.period_start,
            "period_end": instrument.period_end,
            "predecessor": instrument.pk,
        },
    )

    assert list(_form_errors(response)) == ["predecessor"]
    assert PolicyInstrument.objects.get(pk=instrument.pk).predecessor is None
