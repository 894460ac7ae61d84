"""Seeds the indicator catalogue (`indicators.catalogue`)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from scaleup.indicators.catalogue import ensure_catalogue


def seed(apps: Any, schema_editor: Any) -> None:
    ensure_catalogue(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
