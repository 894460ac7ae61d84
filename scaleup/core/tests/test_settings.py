"""Production mode must pass Django's deployment checks; run in a child process so the
environment, not this test run's settings, decides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server: HTTPS, no debug, a long key, a real host.

    Nothing of this test run's own environment that configures scaleup (or lets Django run
    the ORM from async code) is passed on.
    """
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SCALEUP_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "SCALEUP_SECRET_KEY": "a-production-secret-" + "x" * 50,
        "SCALEUP_VAR_DIR": str(tmp_path),
        "SCALEUP_ALLOWED_HOSTS": "rsg.example.org",
        "SCALEUP_HTTPS": "1",
        "SCALEUP_DEBUG": "0",
        **extra,
    }


@pytest.mark.parametrize(
    "extra",
    [{}, {"SCALEUP_BEHIND_PROXY": "1"}],
    ids=["direct", "behind-proxy"],
)
def test_check_deploy_is_clean_in_production_mode(tmp_path: Path, extra: dict[str, str]):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_default_mode_is_not_debug():
    from django.conf import settings

    assert settings.DEBUG is False


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
