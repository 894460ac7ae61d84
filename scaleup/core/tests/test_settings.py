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


def test_naming_a_bucket_puts_uploads_on_s3_compatible_storage(tmp_path: Path) -> None:
    probe = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, s.file_overwrite)"
    )
    env = production_env(
        tmp_path,
        SCALEUP_MEDIA_S3_BUCKET="rsg-media",
        SCALEUP_MEDIA_S3_ENDPOINT_URL="https://s3.example.org",
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "rsg-media",
        "https://s3.example.org",
        "media",
        "False",
    ]


def test_without_a_bucket_uploads_stay_on_disk(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.core.files.storage import storages;"
            "print(type(storages['default']).__name__)",
        ],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "AtomicFileSystemStorage", result.stderr
