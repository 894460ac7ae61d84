from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from scaleup.projects.models import Measure
from scaleup.projects.selectors import measure_tree
from scaleup.projects.tests.factories import MeasureFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_measure_tree_nests_axes_measures_and_actions(django_assert_num_queries):
    axis = MeasureFactory.create(code="3", name_pl="Konkurencyjność")
    measure = MeasureFactory.create(
        instrument=axis.instrument, parent=axis, level="measure", code="3.7"
    )
    MeasureFactory.create(
        instrument=axis.instrument, parent=measure, level=Measure.Level.ACTION, code="3.7.1"
    )
    with django_assert_num_queries(1):
        tree = measure_tree(axis.instrument)
    assert [n.measure.code for n in tree] == ["3"]
    assert [n.measure.code for n in tree[0].children] == ["3.7"]
    assert [n.measure.code for n in tree[0].children[0].children] == ["3.7.1"]


@pytest.mark.parametrize(("language", "theme"), [("pl", "Klastry"), ("en", "Clusters")])
def test_project_page_shows_themes_partners_and_measures(client, language, theme):
    partner = PartnerFactory.create(name="Województwo Lubelskie")
    ThemeFactory.create(project=partner.project, name_pl="Klastry", name_en="Clusters")
    axis = MeasureFactory.create(instrument=partner.policy_instrument, code="3")
    MeasureFactory.create(
        instrument=partner.policy_instrument,
        parent=axis,
        level="measure",
        code="3.6",
        name_pl="Marketing gospodarczy",
        addressed=True,
    )
    with translation.override(language):
        response = client.get(reverse("projects:detail"))
    assert response.status_code == 200
    for expected in (theme, "Województwo Lubelskie", "Marketing gospodarczy"):
        assert expected in response.text


def test_project_page_without_project_is_not_found(client):
    with translation.override("pl"):
        assert client.get(reverse("projects:detail")).status_code == 404


def test_measures_sort_by_number_not_text():
    axis = MeasureFactory.create(code="3")
    for code in ("3.10", "3.2", "3.9"):
        MeasureFactory.create(instrument=axis.instrument, parent=axis, level="measure", code=code)
    children = measure_tree(axis.instrument)[0].children
    assert [n.measure.code for n in children] == ["3.2", "3.9", "3.10"]


@pytest.mark.parametrize("partners", [2, 7])
def test_project_page_queries_do_not_grow_with_partners(
    client, django_assert_max_num_queries, partners
):
    project = PartnerFactory.create().project
    for _ in range(partners):
        partner = PartnerFactory.create(project=project)
        MeasureFactory.create(instrument=partner.policy_instrument)
    with django_assert_max_num_queries(7), translation.override("pl"):
        assert client.get(reverse("projects:detail")).status_code == 200
