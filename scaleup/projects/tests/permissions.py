from __future__ import annotations

from scaleup.access.tests.matrix import Row, everyone

ROWS = [Row("projects:detail", get=everyone(200))]
