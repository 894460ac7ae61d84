"""The indicator pages: who sees which partners, the semester choice, charts beside their
tables, and entered values (a refused one shows the form again, with nothing saved)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from scaleup.indicators.models import Indicator, ManualValue
from scaleup.indicators.tests.factories import ManualValueFactory
from scaleup.practices.models import GoodPractice
from scaleup.practices.tests.factories import GoodPracticeFactory
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_coordinator_sees_every_partner_and_the_project(world: World) -> None:
    page = _signed_in(world.coordinator).get(url("indicators:index", "en")).content.decode()
    assert world.lubelskie.partner.short_name in page
    assert world.attica.partner.short_name in page
    assert ">Project</th>" in page


def test_a_facilitator_sees_their_own_partner_alone(world: World) -> None:
    page = _signed_in(world.lubelskie.facilitator).get(url("indicators:index", "en"))
    html = page.content.decode()
    assert world.lubelskie.partner.short_name in html
    assert world.attica.partner.short_name not in html
    assert ">Project</th>" not in html


def test_the_page_shows_the_chosen_semester(world: World) -> None:
    practice = GoodPracticeFactory.create(partner=world.lubelskie.partner)
    started = world.project.started_on
    GoodPractice.objects.filter(pk=practice.pk).update(
        created_at=dt.datetime(started.year, started.month, 15, 12, tzinfo=dt.UTC)
    )
    client = _signed_in(world.coordinator)
    first = client.get(url("indicators:index", "en"), {"semester": "1"}).context["rows"]
    gp = next(row for row in first if row["indicator"].code == "GP")
    assert gp["project"] == 1
    second = client.get(url("indicators:index", "en"), {"semester": "2"}).context["rows"]
    gp = next(row for row in second if row["indicator"].code == "GP")
    assert (gp["project"], gp["project_cumulative"]) == (0, 1)


def test_a_semester_that_is_not_a_number_shows_the_latest(world: World) -> None:
    response = _signed_in(world.coordinator).get(url("indicators:index", "en"), {"semester": "x"})
    assert response.context["semester"] == response.context["table"].semesters[-1]


def test_the_other_programme_period_can_be_chosen(world: World) -> None:
    response = _signed_in(world.coordinator).get(
        url("indicators:index", "en"), {"period": "2021-2027"}
    )
    codes = [row["indicator"].code for row in response.context["rows"]]
    assert codes == ["RCO83", "RCO87", "RCO116", "RCR79", "RCR84", "RCR104"]


def test_the_partner_page_draws_a_chart_beside_the_table(world: World) -> None:
    page = _signed_in(world.lubelskie.facilitator).get(
        url("indicators:partner", "en", pk=world.lubelskie.partner.pk)
    )
    html = page.content.decode()
    indicators = Indicator.objects.filter(period="2014-2020").count()
    assert html.count('class="bar-chart"') == indicators
    assert html.count('<th scope="row" id="indicator-') == indicators


def test_chart_coordinates_keep_a_decimal_point_in_polish(world: World) -> None:
    # Seven semesters: bars 600/7 units apart, so the coordinates have decimals.
    world.project.ended_on = dt.date(2023, 1, 31)
    world.project.save()
    ManualValueFactory.create(
        indicator=Indicator.objects.get(code="MEDIA"),
        partner=world.lubelskie.partner,
        semester=1,
        value=3,
    )
    page = _signed_in(world.lubelskie.facilitator).get(
        url("indicators:partner", "pl", pk=world.lubelskie.partner.pk)
    )
    svg = page.content.decode().split('class="bar-chart"')[1].split("</svg>")[0]
    assert 'x="12.86"' in svg
    assert "," not in svg.replace(", ", "")


def test_an_entered_value_is_saved_and_shown(world: World) -> None:
    client = _signed_in(world.lubelskie.facilitator)
    response = client.post(
        url("indicators:record_value", "en", pk=world.lubelskie.partner.pk),
        {
            "indicator": Indicator.objects.get(code="SF-INFLUENCED").pk,
            "semester": "2",
            "value": "250000.5",
            "source": "Resolution 12/2020 of the regional board",
        },
        follow=True,
    )
    assert ManualValue.objects.get().semester == 2
    assert "Resolution 12/2020 of the regional board" in response.content.decode()


def _enter_a_negative_value(world: World) -> Any:
    """Lubelskie's facilitator enters funds influenced of -5: refused by the form."""
    return _signed_in(world.lubelskie.facilitator).post(
        url("indicators:record_value", "en", pk=world.lubelskie.partner.pk),
        {
            "indicator": Indicator.objects.get(code="SF-INFLUENCED").pk,
            "semester": "2",
            "value": "-5",
            "source": "A typed source",
        },
    )


def test_a_refused_value_shows_the_form_again_with_what_was_typed(world: World) -> None:
    response = _enter_a_negative_value(world)
    assert response.status_code == 400
    html = response.content.decode()
    assert "A typed source" in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert not ManualValue.objects.exists()


def test_a_refused_value_keeps_the_period_it_was_entered_for(world: World) -> None:
    """The 2014-2020 catalogue, chosen on the page of a project whose default is 2021-2027:
    the page shown again with the error is still that of 2014-2020."""
    programme = world.lubelskie.partner.project.programme
    programme.period_start, programme.period_end = 2021, 2027
    programme.save()
    response = _enter_a_negative_value(world)
    assert response.status_code == 400
    assert response.context["table"].period == "2014-2020"


def test_a_computed_indicator_is_not_offered_for_entry(world: World) -> None:
    response = _signed_in(world.lubelskie.facilitator).post(
        url("indicators:record_value", "en", pk=world.lubelskie.partner.pk),
        {
            "indicator": Indicator.objects.get(code="GP").pk,
            "semester": "1",
            "value": "5",
            "source": "Own count",
        },
    )
    assert response.status_code == 400
    assert not ManualValue.objects.exists()


def test_the_spreadsheet_holds_the_partners_values_per_semester(world: World) -> None:
    import io

    from openpyxl import load_workbook

    practice = GoodPracticeFactory.create(partner=world.lubelskie.partner)
    started = world.project.started_on
    GoodPractice.objects.filter(pk=practice.pk).update(
        created_at=dt.datetime(started.year, started.month, 15, 12, tzinfo=dt.UTC)
    )
    response = _signed_in(world.lubelskie.facilitator).get(url("indicators:export", "en"))
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Code", "Indicator", "Partner", "Semester")
    assert {row[2] for row in rows[1:]} == {world.lubelskie.partner.short_name}
    gp = [row for row in rows[1:] if row[0] == "GP"]
    assert (gp[0][3], gp[0][6], gp[1][6], gp[1][7]) == (1, 1, 0, 1)


def test_a_planned_end_date_shows_no_semester_to_come(world: World) -> None:
    from django.utils import timezone

    world.project.ended_on = timezone.localdate() + dt.timedelta(days=900)
    world.project.save()
    response = _signed_in(world.coordinator).get(url("indicators:index", "en"))
    last = response.context["table"].semesters[-1]
    assert last.starts_on <= timezone.localdate() <= last.ends_on
