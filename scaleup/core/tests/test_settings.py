"""Production mode must pass Django's deployment checks; run in a child process so the
environment, not this test run's settings, decides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCALEUP_")} | {
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "SCALEUP_SECRET_KEY": "a-production-secret-" + "x" * 50,
        "SCALEUP_VAR_DIR": str(tmp_path),
        "SCALEUP_ALLOWED_HOSTS": "rsg.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_default_mode_is_not_debug():
    from django.conf import settings

    assert settings.DEBUG is False


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
