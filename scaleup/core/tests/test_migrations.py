"""Migrations against a database full of data, and the zero-downtime rules of docs/deploy.md.

1. A deploy applies the newest migrations to a database that holds real data. The round
   trip below loads the demo story at the latest schema, unapplies the newer migrations of
   every app (as far as they can be unapplied with the data in place), applies everything
   again, as `migrate` on a deploy does, and checks that no row and no part of the schema
   was lost. It runs on SQLite and on PostgreSQL (CI sets DATABASE_URL) in a few seconds.
2. During a rolling deploy the previous release keeps serving requests after `migrate` has
   run. The lint walks every migration newer than the baseline and fails on operations that
   break that release (see docs/deploy.md, "Migrations without downtime").
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.conf import LazySettings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

Node = tuple[str, str]


def scaleup_apps() -> list[str]:
    """Labels of the project's own apps (the ones under scaleup/)."""
    return sorted(c.label for c in apps.get_app_configs() if c.name.startswith("scaleup."))


# --- 1. The round trip with the demo data ------------------------------------------------

#: Migrations that cannot be unapplied while the demo data is in the database. The round
#: trip stops above them: they, and their app's older migrations, stay applied.
IRREVERSIBLE_WITH_DEMO_DATA: dict[Node, str] = {
    ("stakeholders", "0005_organisation_region_sector_pic"): (
        "unapplying it restores the older organisation_kind_valid check, which the demo's "
        "'enterprise' and 'public_body' organisations violate"
    ),
}


def round_trip(loader: MigrationLoader) -> list[Node]:
    """The migrations to unapply and apply again: each app's migrations after its initial one.

    Only the app's own migrations are unapplied, not their dependents in other apps: the
    initial migrations of dialogue, network, policy, practices and actionplans depend on the
    then-newest migrations of stakeholders, meetings, dialogue and policy, so Django's own
    `migrate <app> 0001` would unapply them too and drop their tables with the demo data.
    None of them uses what the unapplied migrations add; the schema comparison of the test
    would notice if one did. Initial migrations are never unapplied (their tables hold the
    data), nor anything at or below a migration in IRREVERSIBLE_WITH_DEMO_DATA.
    """
    nodes: list[Node] = []
    for app in scaleup_apps():
        leaves = loader.graph.leaf_nodes(app)
        if not leaves:
            continue  # an app without migrations
        (leaf,) = leaves
        chain = [node for node in loader.graph.forwards_plan(leaf) if node[0] == app]
        floor = max(
            (chain.index(node) for node in IRREVERSIBLE_WITH_DEMO_DATA if node in chain), default=0
        )
        nodes += chain[floor + 1 :]
    # The executor unapplies in the order given: newest first, across apps.
    order = list(applied_order(loader))
    return sorted(nodes, key=order.index, reverse=True)


def applied_order(loader: MigrationLoader) -> dict[Node, None]:
    """Every migration, in the order `migrate` applies them to an empty database."""
    graph = loader.graph
    return dict.fromkeys(node for leaf in graph.leaf_nodes() for node in graph.forwards_plan(leaf))


@dataclass
class Snapshot:
    rows: dict[str, int]
    schema: dict[str, Any]


def snapshot() -> Snapshot:
    """Row count of every table, and the schema: tables, columns, indexes and constraints."""
    rows: dict[str, int] = {}
    schema: dict[str, Any] = {}
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            if table == MigrationRecorder.Migration._meta.db_table:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (a table name)
            rows[table] = cursor.fetchone()[0]
            if connection.vendor == "sqlite":
                # Django's introspection trips over `CHECK (value IN (-1, 0, 1))` on SQLite
                # (it splits CREATE TABLE at ", "); the statements themselves say it all.
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s", [table]
                )
                schema[table] = sorted(cursor.fetchall(), key=str)
            else:
                columns = {
                    column.name: (column.type_code, column.null_ok, column.default)
                    for column in introspection.get_table_description(cursor, table)
                }
                schema[table] = (columns, introspection.get_constraints(cursor, table))
    return Snapshot(rows, schema)


def applied() -> set[Node]:
    return set(MigrationRecorder(connection).applied_migrations())


@pytest.mark.django_db(transaction=True)  # migrations commit; the test database is flushed after
def test_the_newest_migrations_apply_to_a_database_full_of_demo_data(settings: LazySettings):
    # The story creates a back-office user; a fast hasher saves time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not MigrationRecorder(connection).has_table():
        pytest.skip("the test database was created without migrations (--nomigrations)")
    call_command("load_demo", stdout=StringIO())
    before = snapshot()
    assert before.rows["stakeholders_organisation"] > 0

    started: list[Node] = []

    def progress(
        action: str, migration: Migration | None = None, fake: bool | None = None, /
    ) -> None:
        if action == "unapply_start" and migration is not None:
            started.append((migration.app_label, migration.name))

    executor = MigrationExecutor(connection, progress_callback=progress)
    nodes = round_trip(executor.loader)
    assert nodes, "nothing to unapply: the round trip tests nothing"
    try:
        try:
            executor.migrate(
                nodes, plan=[(executor.loader.graph.nodes[node], True) for node in nodes]
            )
        except Exception as error:
            failed = ".".join(started[-1]) if started else "?"
            pytest.fail(
                f"{failed} cannot be unapplied with the demo data present: {error!r}. If that is "
                "intended, record it in IRREVERSIBLE_WITH_DEMO_DATA with the reason."
            )
        assert not applied() & set(nodes)
        rolled_back = snapshot()
    finally:
        # Forward again, as a deploy does; also when the rollback failed half-way.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    after = snapshot()
    assert applied() >= set(executor.loader.graph.nodes)
    assert after.schema == before.schema
    # A table that the rollback dropped (a many-to-many table added by an unapplied
    # migration) comes back empty; every other table keeps all its rows.
    dropped = before.rows.keys() - rolled_back.rows.keys()
    lost = {
        table: (count, after.rows.get(table))
        for table, count in before.rows.items()
        if table not in dropped and after.rows.get(table) != count
    }
    assert not lost, f"rows lost (before, after): {lost}"
    # What `scaleup migrate` checks on a deploy, and models that match their migrations.
    call_command("migrate", "--check", verbosity=0)
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# --- 2. The zero-downtime lint -----------------------------------------------------------

#: The newest migration of each app when the rules were written. These and all older
#: migrations are the baseline: they were written before the rules (the lint would flag
#: dialogue 0002 and stakeholders 0005, see the last test) and are not checked. Only
#: migrations added since, and every migration of an app not listed here, are checked.
#: Do not move these forward to silence the lint: opt the migration out instead.
BASELINE: dict[str, str] = {
    "access": "0001_initial",
    "actionplans": "0001_initial",
    "core": "0002_auditentry_tenant_id_and_more",
    "dialogue": "0003_debounced_run_constraints",
    "meetings": "0004_alter_meeting_format",
    "network": "0001_initial",
    "news": "0002_post_partner",
    "policy": "0002_recommendation_inspired_by",
    "practices": "0001_initial",
    "privacy": "0001_initial",
    "projects": "0001_initial",
    "stakeholders": "0005_organisation_region_sector_pic",
}
#: A migration module opts out with `ZERO_DOWNTIME_EXEMPT = "why this is safe"`.
EXEMPT = "ZERO_DOWNTIME_EXEMPT"


def exemption(migration: Migration) -> str | None:
    """The reason a migration's module gives for opting out of the lint, if any."""
    reason = getattr(sys.modules.get(type(migration).__module__), EXEMPT, None)
    return None if reason is None else str(reason).strip()


def _unsafe(operation: Any, app_label: str, state: ProjectState) -> str | None:
    """Why `operation` breaks the running release; `state` is the state just before it."""
    if isinstance(operation, migrations.RemoveField | migrations.DeleteModel):
        return "the running release still reads and writes it"
    if isinstance(
        operation, migrations.RenameField | migrations.RenameModel | migrations.AlterModelTable
    ):
        return "the running release still uses the old name"
    if isinstance(operation, migrations.AddField):
        field = operation.field
        if not (
            field.many_to_many
            or field.null
            or field.db_default is not models.NOT_PROVIDED
            or field.generated
        ):
            return (
                "a NOT NULL column without db_default: Django fills the existing rows and then "
                "drops the column's default, so the running release's inserts fail"
            )
    if isinstance(operation, migrations.AlterField):
        old = state.apps.get_model(app_label, operation.model_name)._meta.get_field(operation.name)
        new = operation.field
        if old.null and not new.null:
            return "drops null=True: the running release may still write NULL"
        old_type = old.db_parameters(connection)["type"]
        new_state = state.clone()
        operation.state_forwards(app_label, new_state)
        new_model = new_state.apps.get_model(app_label, operation.model_name)
        new_type = new_model._meta.get_field(operation.name).db_parameters(connection)["type"]
        widened = (
            getattr(old, "max_length", None) is not None
            and getattr(new, "max_length", None) is not None
            and new.max_length > old.max_length
            and new_type == old_type.replace(f"({old.max_length})", f"({new.max_length})")
        )
        if old_type != new_type and not widened:
            return f"changes the column type from {old_type} to {new_type}"
    if isinstance(operation, migrations.RunPython | migrations.RunSQL) and not operation.reversible:
        return "has no reverse code, so the release cannot be rolled back"
    return None


def _check(operations: Sequence[Any], app_label: str, state: ProjectState) -> list[str]:
    problems: list[str] = []
    created: set[str] = set()
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            # Only what reaches the database matters: a state-only RemoveField is fine.
            problems += _check(operation.database_operations, app_label, state.clone())
            for state_operation in operation.state_operations:
                state_operation.state_forwards(app_label, state)
            continue
        if isinstance(operation, migrations.CreateModel):
            created.add(operation.name_lower)
        # A table created earlier in the same migration is new to the running release.
        model = getattr(operation, "model_name_lower", None)
        reason = None if model in created else _unsafe(operation, app_label, state)
        if reason:
            problems.append(f"{operation.describe()}: {reason}")
        operation.state_forwards(app_label, state)
    return problems


def zero_downtime_problems(migration: Migration, state: ProjectState) -> list[str]:
    """What in `migration` breaks the release that is still running while it is applied.

    `state` is the project state before the migration; it is not changed.
    """
    name = f"{migration.app_label}.{migration.name}"
    reason = exemption(migration)
    if reason is not None:
        return [] if reason else [f"{name}: {EXEMPT} must say why the migration is safe"]
    return [
        f"{name}: {problem}"
        for problem in _check(migration.operations, migration.app_label, state.clone())
    ]


def migrations_to_check(loader: MigrationLoader, baseline: dict[str, str]) -> list[Node]:
    """The project's migrations newer than the baseline, in the order they are applied."""
    old = {
        node
        for app, newest in baseline.items()
        for node in loader.graph.forwards_plan((app, newest))
    }
    own = set(scaleup_apps())
    return [node for node in applied_order(loader) if node[0] in own and node not in old]


def lint(loader: MigrationLoader, baseline: dict[str, str]) -> list[str]:
    return [
        problem
        for node in migrations_to_check(loader, baseline)
        for problem in zero_downtime_problems(
            loader.graph.nodes[node], loader.project_state(node, at_end=False)
        )
    ]


@pytest.fixture(scope="module")
def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def test_the_baseline_names_existing_migrations(loader: MigrationLoader):
    missing = {app: name for app, name in BASELINE.items() if (app, name) not in loader.graph.nodes}
    assert not missing, "BASELINE names migrations that do not exist"


def test_new_migrations_keep_the_running_release_working(loader: MigrationLoader):
    problems = lint(loader, BASELINE)
    assert not problems, (
        "Migrations that break the release still running during a deploy (docs/deploy.md, "
        f"'Migrations without downtime'; opt out with {EXEMPT} = 'reason'):\n" + "\n".join(problems)
    )


def migration(
    app_label: str, *operations: Any, module: types.ModuleType | None = None
) -> Migration:
    """A migration that is not on disk, as if its module were `module`."""
    attributes = {
        "operations": list(operations),
        "__module__": module.__name__ if module else __name__,
    }
    return type("Migration", (Migration,), attributes)("0099_new", app_label)


def forwards(apps: Any, schema_editor: Any) -> None:
    """A data migration's forward step."""


UNSAFE = {
    "remove a field": ("stakeholders", migrations.RemoveField("organisation", "sector")),
    "delete a model": ("stakeholders", migrations.DeleteModel("invitation")),
    "rename a field": (
        "stakeholders",
        migrations.RenameField("organisation", "sector", "industry"),
    ),
    "rename a model": ("stakeholders", migrations.RenameModel("invitation", "invite")),
    "rename a table": ("stakeholders", migrations.AlterModelTable("organisation", "organisations")),
    "drop null=True": (
        "core",
        migrations.AlterField("auditentry", "tenant_id", models.PositiveBigIntegerField(default=0)),
    ),
    "change the type": (
        "stakeholders",
        migrations.AlterField("organisation", "sector", models.TextField()),
    ),
    "shorten a varchar": (
        "stakeholders",
        migrations.AlterField("organisation", "sector", models.CharField(max_length=50)),
    ),
    "add NOT NULL without any default": (
        "stakeholders",
        migrations.AddField("organisation", "vat", models.CharField(max_length=20)),
    ),
    "add NOT NULL with a Python default only": (
        "stakeholders",
        migrations.AddField("organisation", "active", models.BooleanField(default=True)),
    ),
    "RunPython without reverse": ("stakeholders", migrations.RunPython(forwards)),
    "RunSQL without reverse": (
        "stakeholders",
        migrations.RunSQL("UPDATE stakeholders_organisation SET pic = ''"),
    ),
    "remove a column in database_operations": (
        "stakeholders",
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RemoveField("organisation", "sector")]
        ),
    ),
}

SAFE = {
    "add a nullable field": (
        "stakeholders",
        migrations.AddField("organisation", "vat", models.CharField(max_length=20, null=True)),
    ),
    "add NOT NULL with db_default": (
        "stakeholders",
        migrations.AddField(
            "organisation", "active", models.BooleanField(default=True, db_default=True)
        ),
    ),
    "add a many-to-many field": (
        "stakeholders",
        migrations.AddField("organisation", "partners", models.ManyToManyField("projects.partner")),
    ),
    "make a column nullable": (
        "stakeholders",
        migrations.AlterField(
            "organisation", "sector", models.CharField(max_length=100, blank=True, null=True)
        ),
    ),
    "widen a varchar": (
        "stakeholders",
        migrations.AlterField(
            "organisation", "sector", models.CharField(max_length=200, blank=True)
        ),
    ),
    "RunPython with reverse": (
        "stakeholders",
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ),
    "RunSQL with reverse": (
        "stakeholders",
        migrations.RunSQL("SELECT 1", reverse_sql=migrations.RunSQL.noop),
    ),
    "remove a field from the state only": (
        "stakeholders",
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("organisation", "sector")]
        ),
    ),
    "add an index concurrently": (
        "stakeholders",
        AddIndexConcurrently(
            "organisation", models.Index(fields=["sector"], name="organisation_sector_idx")
        ),
    ),
}


@pytest.fixture(scope="module")
def latest(loader: MigrationLoader) -> ProjectState:
    return loader.project_state()


@pytest.mark.parametrize("case", UNSAFE)
def test_the_lint_catches_an_unsafe_migration(latest: ProjectState, case: str):
    app_label, operation = UNSAFE[case]
    problems = zero_downtime_problems(migration(app_label, operation), latest)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{app_label}.0099_new: ")


@pytest.mark.parametrize("case", SAFE)
def test_the_lint_lets_a_safe_migration_through(latest: ProjectState, case: str):
    app_label, operation = SAFE[case]
    assert zero_downtime_problems(migration(app_label, operation), latest) == []


def test_a_new_table_may_get_not_null_columns_in_the_same_migration(latest: ProjectState):
    new = migration(
        "stakeholders",
        migrations.CreateModel("Badge", [("id", models.BigAutoField(primary_key=True))]),
        migrations.AddField(
            "badge", "organisation", models.ForeignKey("stakeholders.organisation", models.CASCADE)
        ),
    )
    assert zero_downtime_problems(new, latest) == []


def test_a_migration_opts_out_with_a_reason(latest: ProjectState, monkeypatch: pytest.MonkeyPatch):
    module = types.ModuleType("scaleup.stakeholders.migrations.0099_new")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    drop = migrations.RemoveField("organisation", "sector")
    assert zero_downtime_problems(migration("stakeholders", drop, module=module), latest)

    setattr(module, EXEMPT, "Release 1.4 stopped using the column.")
    assert zero_downtime_problems(migration("stakeholders", drop, module=module), latest) == []

    setattr(module, EXEMPT, " ")
    (problem,) = zero_downtime_problems(migration("stakeholders", drop, module=module), latest)
    assert "must say why" in problem


def test_the_lint_walks_the_migrations_on_disk(loader: MigrationLoader):
    """Without a baseline, the lint flags what the baseline migrations did before the rules."""
    problems = lint(loader, {})
    assert any(
        p.startswith("dialogue.0002_recompute_queue: Remove field dirty") for p in problems
    ), problems
    assert any(
        p.startswith("stakeholders.0005_organisation_region_sector_pic: Add field pic")
        for p in problems
    )
