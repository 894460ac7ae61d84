"""The deployment examples in deploy/ are tested, because an example that does not work is
worse than none: systemd accepts the units, their command lines are ones the real commands
accept, nginx accepts the site, and the environment file names only settings that exist.

systemd-analyze and nginx are used when they are on PATH (Debian: systemd, nginx); without
them those parts are skipped with a message saying so, and the rest still runs.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path, PurePosixPath

import pytest
from django.conf import LazySettings
from django.core.management import get_commands, load_command_class
from django.urls import reverse
from django.utils import translation

from scaleup import cli
from scaleup.core.management.commands.serve import DATABASE_QUEUE

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
DOCS = REPO / "docs" / "deploy.md"
SETTINGS_FILE = REPO / "scaleup" / "settings.py"
APP_UNIT = DEPLOY / "scaleup.service"
NGINX_SITE = DEPLOY / "nginx-scaleup.conf"
ENV_EXAMPLE = DEPLOY / "scaleup.env.example"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])
#: Where the units expect the installed console script (docs/deploy.md's layout).
INSTALLED_SCALEUP = "/srv/scaleup/.venv/bin/scaleup"
#: Read from the environment by boto3 (django-storages' S3 client), not by settings.py.
LIBRARY_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
#: The environment file as systemd and /bin/sh both read it; a commented line is an option.
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")

UnitFile = dict[str, dict[str, list[str]]]


def parse_unit(path: Path) -> UnitFile:
    """A unit file as systemd reads it: sections of keys, a key that repeats (ExecStart of
    a oneshot) keeping every value in order, which configparser cannot."""
    sections: UnitFile = {}
    current: dict[str, list[str]] | None = None
    pending = ""
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = (pending + raw.strip()) if pending else raw.strip()
        pending = ""
        if not line or line.startswith(("#", ";")):
            continue
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, equals, value = line.partition("=")
        assert equals and current is not None, f"{path.name}:{number}: not KEY=value: {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    assert not pending, f"{path.name}: ends in a line continuation"
    return sections


def one(unit: UnitFile, section: str, key: str) -> str:
    values = unit.get(section, {}).get(key, [])
    assert len(values) == 1, f"[{section}] {key}= should be set once, is {values}"
    return values[0]


def scaleup_command_lines(unit: UnitFile) -> list[list[str]]:
    """The arguments after the `scaleup` binary in each ExecStart, also inside `sh -c`."""
    lines = []
    for value in unit.get("Service", {}).get("ExecStart", []):
        # systemd: "%%" is a literal "%"; the prefixes @-:+! change how it runs the command.
        argv = shlex.split(value.lstrip("@-:+!").replace("%%", "%"))
        if argv[0] == INSTALLED_SCALEUP:
            lines.append(argv[1:])
        elif PurePosixPath(argv[0]).name in {"sh", "bash"} and "-c" in argv:
            lexer = shlex.shlex(argv[argv.index("-c") + 1], posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
            for start, token in enumerate(tokens):
                if token == INSTALLED_SCALEUP:
                    words = []
                    for word in tokens[start + 1 :]:
                        if word in {";", "&&", "||", "|", "&"}:
                            break
                        words.append(word)
                    lines.append(words)
    return lines


def command_parser(name: str) -> ArgumentParser:
    """The parser `scaleup NAME` uses, found as the console script finds the command."""
    command = cli.ALIASES.get(name, name)
    app = get_commands().get(command)
    assert app is not None, f"`scaleup {name}` is not a management command of this project"
    return load_command_class(app, command).create_parser("scaleup", command)


def env_example() -> dict[str, tuple[str, bool]]:
    """Each name in the example: its value (quotes removed), and whether it is set (not
    commented out)."""
    variables = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = ENV_LINE.match(line)
        if match:
            value = match[3]
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            variables[match[2]] = (value, match[1] is None)
    return variables


def env_value(name: str) -> str:
    value, active = env_example()[name]
    assert active, f"{name} is commented out in {ENV_EXAMPLE.name}"
    return value


def settings_variables() -> set[str]:
    """The environment variables settings.py reads, by name: os.environ.get("X"),
    os.environ["X"], os.getenv("X"), env_bool("X", …) and env_list("X", …)."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text())):
        argument: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            function = ast.unparse(node.func)
            if function in {"os.environ.get", "os.getenv", "env_bool", "env_list"}:
                argument = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            argument = node.slice
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            names.add(argument.value)
    return names


def nginx_site() -> str:
    return NGINX_SITE.read_text()


def nginx_location(text: str, match: str) -> str:
    """The directives of `location MATCH { … }` up to its first nested block."""
    found = re.search(r"location\s+" + re.escape(match) + r"\s*\{([^{}]*)", text)
    assert found, f"{NGINX_SITE.name} has no `location {match}`"
    return found[1]


def directive(block: str, name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", block, re.MULTILINE)


# --- (1) the systemd units --------------------------------------------------------------


def test_the_deploy_folder_has_the_documented_files():
    names = {path.name for path in DEPLOY.iterdir()}
    assert {
        "scaleup.service",
        "scaleup-purge.service",
        "scaleup-purge.timer",
        "nginx-scaleup.conf",
        "scaleup.env.example",
    } <= names


@pytest.mark.parametrize("path", UNITS, ids=[path.name for path in UNITS])
def test_unit_parses_and_runs_as_the_app_user(path: Path):
    """Each service runs as `scaleup` with the production environment; each timer starts a
    service that is in deploy/ too."""
    unit = parse_unit(path)
    assert set(unit) <= {"Unit", "Service", "Timer", "Install"}, set(unit)
    assert one(unit, "Unit", "Description")
    if path.suffix == ".service":
        # `scaleup serve` never calls sd_notify: a Type=notify unit would never start.
        assert one(unit, "Service", "Type") in {"simple", "exec", "oneshot"}
        assert one(unit, "Service", "User") == "scaleup"
        assert one(unit, "Service", "EnvironmentFile") == "/etc/scaleup/scaleup.env"
        assert one(unit, "Service", "WorkingDirectory") == "/srv/scaleup"
        assert scaleup_command_lines(unit), "no ExecStart runs scaleup"
        assert one(unit, "Service", "NoNewPrivileges") == "yes"
        assert one(unit, "Service", "ProtectSystem") == "strict"
    else:
        assert one(unit, "Timer", "OnCalendar")
        assert (DEPLOY / one(unit, "Timer", "Unit")).is_file()
        assert one(unit, "Install", "WantedBy") == "timers.target"


def test_app_unit_restarts_stops_gracefully_and_may_write_only_the_data():
    unit = parse_unit(APP_UNIT)
    assert one(unit, "Service", "Restart") == "on-failure"
    assert one(unit, "Service", "KillSignal") == "SIGTERM"
    # gunicorn's graceful timeout (30 s) plus the background worker's (10 s) must fit.
    assert int(one(unit, "Service", "TimeoutStopSec")) >= 40
    for key in ("PrivateTmp", "ProtectHome", "PrivateDevices", "RestrictSUIDSGID"):
        assert one(unit, "Service", key) == "yes", key
    writable = [
        PurePosixPath(path.lstrip("-"))
        for value in unit["Service"]["ReadWritePaths"]
        for path in value.split()
    ]
    # ProtectSystem=strict makes everything else read-only: the folders the app writes
    # (settings' VAR_DIR, MEDIA_ROOT, PRIVATE_ROOT) must be listed.
    for name in ("SCALEUP_VAR_DIR", "SCALEUP_MEDIA_ROOT", "SCALEUP_PRIVATE_ROOT"):
        folder = PurePosixPath(env_value(name))
        assert any(folder.is_relative_to(path) for path in writable), (name, writable)


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path):
    """systemd's own check: unknown keys, bad values, a timer without its service.

    It also insists that ExecStart's binary exists, so the copies verified point at this
    checkout's `scaleup` instead of /srv/scaleup's.
    """
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not on PATH (Debian: systemd): units parsed, not verified")
    local = Path(sys.executable).parent / "scaleup"
    assert local.is_file(), f"{local} missing: install the project (`make test` does)"
    copies = []
    for path in UNITS:
        copy = tmp_path / path.name
        copy.write_text(path.read_text().replace(INSTALLED_SCALEUP, str(local)))
        copies.append(copy)
    result = subprocess.run(  # noqa: S603 - a fixed command on files written here
        [analyze, "verify", "--man=no", *map(str, copies)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    output = result.stdout + result.stderr
    # verify only warns (exit 0) about an unknown key or a bad value: any line naming one
    # of the units fails the test too. Lines about the host's own units are not ours.
    ours = [line for line in output.splitlines() if any(p.name in line for p in UNITS)]
    assert result.returncode == 0 and not ours, output


# --- (2) the command lines in the units ----------------------------------------------------


COMMAND_LINES = [
    (path.name, argv) for path in UNITS for argv in scaleup_command_lines(parse_unit(path))
]


@pytest.mark.parametrize(
    ("unit", "argv"), COMMAND_LINES, ids=[f"{unit}:{argv[0]}" for unit, argv in COMMAND_LINES]
)
def test_each_scaleup_command_line_in_the_units_is_accepted(
    unit: str, argv: list[str], settings: LazySettings
):
    """An option renamed in a command, or a command renamed, breaks the unit that uses it:
    the real parser of each command reads the unit's arguments.

    With the example's task queue (the database), as on a server: `prune_db_task_results`
    refuses any other while it parses its arguments.
    """
    assert env_value("SCALEUP_TASKS") == "database"
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE, "QUEUES": ["default"]}}
    command_parser(argv[0]).parse_args(argv[1:])


def test_app_unit_runs_the_production_server_where_nginx_sends_requests(
    monkeypatch: pytest.MonkeyPatch,
):
    """`serve --prod --workers 2 --port 8000` is a valid `serve` command line, and every
    proxy_pass of the nginx site points at the address it listens on."""
    for name in ("HOST", "PORT", "SCALEUP_WORKERS"):
        monkeypatch.delenv(name, raising=False)  # the parser's defaults read them
    (argv,) = scaleup_command_lines(parse_unit(APP_UNIT))
    assert argv[0] == "serve"
    parser = load_command_class("scaleup.core", "serve").create_parser("scaleup", "serve")
    options = parser.parse_args(argv[1:])
    assert options.prod is True
    assert options.workers == 2
    assert options.no_worker is False
    targets = set(directive(nginx_site(), "proxy_pass"))
    assert targets == {f"http://{options.host}:{options.port}"}


# --- (3) the nginx site --------------------------------------------------------------------


def test_nginx_accepts_the_site(tmp_path: Path):
    """`nginx -t` on a minimal nginx.conf that includes the site, with the certificate
    placeholders replaced by a throwaway self-signed certificate."""
    nginx = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )
    if nginx is None:
        pytest.skip("nginx is not installed (Debian: nginx): the site was not checked by nginx")
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not on PATH: no certificate to test the site with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 - a fixed command
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"),
            *("-days", "1", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    site = nginx_site()
    for name, path in (("ssl_certificate", cert), ("ssl_certificate_key", key)):
        site, count = re.subn(rf"^(\s*{name})\s+\S+;", rf"\1 {path};", site, flags=re.M)
        assert count == 1, f"{name} should appear once in {NGINX_SITE.name}"
    (tmp_path / "site.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path / 'access.log'};\n"
        f"{temp_paths}\n"
        f"    include {tmp_path / 'site.conf'};\n"
        "}\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command on files written here
        [
            *(nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")),
            *("-e", str(tmp_path / "error.log")),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "test is successful" in result.stderr, result.stderr


def test_nginx_site_matches_the_app():
    """The site and the app agree: the body limit, the folders nginx serves, the projector's
    event stream unbuffered, and the private documents not served from disk."""
    from django.conf import settings

    site = nginx_site()
    sizes = {value.lower() for value in directive(site, "client_max_body_size")}
    assert sizes == {f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}m"}
    static = directive(nginx_location(site, "/static/"), "alias")
    assert static == [env_value("SCALEUP_VAR_DIR").rstrip("/") + "/static/"]
    media = directive(nginx_location(site, "/media/"), "alias")
    assert media == [env_value("SCALEUP_MEDIA_ROOT").rstrip("/") + "/"]
    private = PurePosixPath(env_value("SCALEUP_PRIVATE_ROOT"))
    for folder in directive(site, "alias") + directive(site, "root"):
        assert not private.is_relative_to(PurePosixPath(folder)), f"{folder} exposes {private}"
    assert "location = /healthz" in site

    events = [
        (pattern, block)
        for pattern, block in re.findall(r"location\s+~\s+(\S+)\s*\{([^{}]*)\}", site)
        if "projector" in pattern
    ]
    assert len(events) == 1, "one regex location should match the projector's events"
    ((pattern, block),) = events
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            url = reverse("dialogue:projector_events", kwargs={"slug": "budget-2026"})
        assert re.search(pattern, url), (pattern, url)
    assert directive(block, "proxy_buffering") == ["off"]
    (timeout,) = directive(block, "proxy_read_timeout")
    assert re.fullmatch(r"\d+[hm]", timeout), timeout


# --- (4) the environment file ----------------------------------------------------------------


def test_env_example_names_only_variables_settings_reads():
    """A setting renamed or removed in settings.py must not live on in the example, where it
    would silently do nothing on a server."""
    read = settings_variables()
    # The scan must see the reads it is meant to see, or the check below proves nothing.
    assert {"DATABASE_URL", "SCALEUP_SECRET_KEY", "SCALEUP_BEHIND_PROXY"} <= read
    unknown = set(env_example()) - read - LIBRARY_VARIABLES
    assert not unknown, f"{ENV_EXAMPLE.name} names variables settings.py does not read"


def test_env_example_sets_what_production_needs():
    assert env_value("SCALEUP_BEHIND_PROXY") == "1"
    assert env_value("SCALEUP_HTTPS") == "1"
    assert env_value("SCALEUP_DEBUG") == "0"
    assert env_value("DATABASE_URL").startswith("postgres://")
    assert env_value("SCALEUP_CACHE_URL").startswith("redis://")
    assert env_value("SCALEUP_STATIC_MANIFEST") == "1"
    host = env_value("SCALEUP_ALLOWED_HOSTS")
    assert env_value("SCALEUP_SITE_URL") == f"https://{host}"
    assert env_value("SCALEUP_CSRF_TRUSTED_ORIGINS") == f"https://{host}"
    assert re.search(rf"^\s*server_name\s+{re.escape(host)};", nginx_site(), re.M)


def test_env_example_passes_the_deployment_checks(tmp_path: Path):
    """The example's settings, with a real key and folders in tmp, pass `check --deploy`;
    run in a child process so that the environment decides, not this test run's settings."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SCALEUP_")
        and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    example = {name: value for name, (value, active) in env_example().items() if active}
    env = inherited | example
    env |= {
        "DJANGO_SETTINGS_MODULE": "scaleup.settings",
        "SCALEUP_SECRET_KEY": "a-production-secret-" + "x" * 50,
        "SCALEUP_VAR_DIR": str(tmp_path),
        "SCALEUP_MEDIA_ROOT": str(tmp_path / "media"),
        "SCALEUP_PRIVATE_ROOT": str(tmp_path / "private"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout, result.stdout


# --- the guide --------------------------------------------------------------------------------


def test_guide_names_each_deploy_file_and_only_existing_ones():
    guide = DOCS.read_text()
    named = {name.rstrip(".") for name in re.findall(r"deploy/([A-Za-z0-9_.-]+)", guide)}
    assert named, "docs/deploy.md names no file of deploy/"
    assert {name for name in named if not (DEPLOY / name).exists()} == set()
    assert {path.name for path in DEPLOY.iterdir()} <= named
