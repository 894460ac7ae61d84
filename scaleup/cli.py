"""The `scaleup` console script: friendly names for the management commands.

`scaleup serve`, `scaleup demo`, `scaleup import-organisations FILE`,
`scaleup export-organisations FILE`, `scaleup purge-expired [--dry-run]`,
`scaleup import-polis DIR`, `scaleup export-polis CONVERSATION DIR` and
`scaleup recompute CONVERSATION`, `scaleup import-ties FILE`, `scaleup import-cordis DIR`,
`scaleup analyse-network`, `scaleup export-network FILE` and
`scaleup suggest-partners ORG`, `scaleup export-action-plan PARTNER FILE` and
`scaleup create-api-token EMAIL --name NAME` are the
documented entry points; any other argument list is handed to Django unchanged
(`scaleup migrate`, `scaleup createsuperuser`).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": "serve",
    "demo": "load_demo",
    "import-organisations": "import_organisations",
    "export-organisations": "export_organisations",
    "compile-translations": "compile_translations",
    "purge-expired": "purge_expired",
    "import-polis": "import_polis",
    "export-polis": "export_polis",
    "recompute": "recompute",
    "import-ties": "import_ties",
    "import-cordis": "import_cordis",
    "analyse-network": "analyse_network",
    "export-network": "export_network",
    "suggest-partners": "suggest_partners",
    "export-action-plan": "export_action_plan",
    "create-api-token": "create_api_token",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scaleup.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["scaleup", *args])


if __name__ == "__main__":
    main()
