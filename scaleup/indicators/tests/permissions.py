"""Indicators: the partner's staff (Lubelskie's facilitator, the coordinator, the site
administrator) read Lubelskie's figures and enter its values; another region's facilitator
gets 404 for Lubelskie's page and value; members and outsiders 403; anonymous visitors
sign in."""

from __future__ import annotations

from typing import Any

from scaleup.access.tests.matrix import REDIRECT, Row, staff
from scaleup.indicators.catalogue import ensure_catalogue
from scaleup.indicators.models import Indicator
from scaleup.indicators.tests.factories import ManualValueFactory
from scaleup.testing.world import World


def _partner(world: World) -> dict[str, Any]:
    return {"pk": world.lubelskie.partner.pk}


def _value(world: World) -> dict[str, Any]:
    ensure_catalogue(Indicator)
    entry = ManualValueFactory.create(
        indicator=Indicator.objects.get(code="MEDIA"), partner=world.lubelskie.partner
    )
    return {"pk": entry.pk}


def _value_form(world: World) -> dict[str, Any]:
    ensure_catalogue(Indicator)
    return {
        "indicator": str(Indicator.objects.get(code="SF-INFLUENCED").pk),
        "semester": "1",
        "value": "250000",
        "source": "Uchwała zarządu województwa nr 12/2020",
    }


def _report_form(world: World) -> dict[str, Any]:
    return {
        "who": str(world.lubelskie.partner.pk),
        "semester": "1",
        "file_format": "docx",
        "language": "pl",
        "period": "2014-2020",
    }


ROWS = [
    Row("indicators:index", get=staff(200, other_region=200)),
    Row(
        "indicators:dashboard",
        get=staff(200, other_region=200),
        notes="each sees their own partners' figures",
    ),
    Row("indicators:partner", get=staff(200), kwargs=_partner),
    Row(
        "indicators:record_value",
        get=staff(405),
        post=staff(REDIRECT),
        kwargs=_partner,
        data=_value_form,
    ),
    Row("indicators:delete_value", get=staff(405), post=staff(REDIRECT), kwargs=_value),
    Row("indicators:export", get=staff(200, other_region=200)),
    Row(
        "indicators:report",
        get=staff(405, other_region=405),
        post=staff(REDIRECT, other_region=400),
        data=_report_form,
        notes="Attica's facilitator: Lubelskie is not a choice, so the form again, no job",
    ),
]
