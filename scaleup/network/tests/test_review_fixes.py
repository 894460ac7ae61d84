"""Found in review: names of another region's organisations, XML-invalid characters,
lost requests after a failed run, double submits, long PICs, damaged workbooks."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from scaleup.core import debounce
from scaleup.network import services
from scaleup.network.cordis import CordisError, read_folder
from scaleup.network.exports import gexf_chunks
from scaleup.network.models import AnalysisState, NetworkSnapshot, TieKind
from scaleup.network.tasks import analyse_network
from scaleup.stakeholders.importers import FileFormatError, read_rows
from scaleup.stakeholders.models import OrganisationKind
from scaleup.stakeholders.tests.factories import OrganisationFactory
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def test_gexf_keeps_weights_exact(world: World) -> None:
    first, second = OrganisationFactory.create(), OrganisationFactory.create()
    services.add_tie(
        group=world.lubelskie.group,
        source=first,
        target=second,
        kind="joint_project",
        weight=1234567.0,
        actor=None,
    )
    snapshot = services.analyse(group=world.lubelskie.group)
    assert 'weight="1234567.0"' in "".join(gexf_chunks(snapshot))


def test_requests_during_a_failed_run_do_not_block_later_ones(world: World) -> None:
    key = {"group_id": world.lubelskie.group.pk}
    queued: list[int] = []

    def failing() -> None:
        debounce.request(AnalysisState, key, lambda: queued.append(1))  # arrives meanwhile
        raise RuntimeError("boom")

    assert debounce.run(AnalysisState, key, failing) is None
    assert AnalysisState.objects.get(**key).last_error == "RuntimeError: boom"
    assert debounce.request(AnalysisState, key, lambda: queued.append(2))
    assert queued == [1, 2]


def test_a_tie_saved_twice_at_once_is_the_duplicate_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = OrganisationFactory.create()
    second = OrganisationFactory.create(kind=OrganisationKind.UNIVERSITY)
    arguments: dict[str, Any] = {
        "group": world.lubelskie.group,
        "source": first,
        "target": second,
        "kind": TieKind.INFORMAL,
        "actor": None,
    }
    services.add_tie(**arguments)
    monkeypatch.setattr(services, "_existing", lambda *args, **kwargs: None)  # the race
    with pytest.raises(ValidationError, match="already recorded"):
        services.add_tie(**arguments)


def test_a_pic_longer_than_twelve_digits_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "organization.csv").write_text(
        "projectID;organisationID;name;SME;activityType;country\n"
        "1;1234567890123456;Za Długi PIC;False;PRC;PL\n"
    )
    with pytest.raises(CordisError) as refused:
        read_folder(tmp_path)
    assert (
        "row 2, column organisationID: the PIC must be 1 to 12 digits" in refused.value.problems[0]
    )


def test_a_damaged_workbook_is_a_clear_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    good = tmp_path / "good.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["organisation", "partner", "kind"])
    workbook.save(good)
    damaged = tmp_path / "ties.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(FileFormatError, match="not a readable XLSX workbook"):
        read_rows(damaged)


def test_a_failed_analysis_is_retried(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = services.analyse
    calls: list[int] = []

    def flaky(*, group: Any) -> Any:
        calls.append(group.pk)
        if len(calls) == 1:
            raise RuntimeError("igraph failed")
        return real(group=group)

    monkeypatch.setattr(services, "analyse", flaky)
    # The test suite's queue runs the retry at once, without its delay.
    snapshot_id = analyse_network.call(world.lubelskie.group.pk)
    assert len(calls) == 2
    assert snapshot_id is None  # this run failed; the retry it queued made the snapshot
    state = AnalysisState.objects.get(group_id=world.lubelskie.group.pk)
    assert (state.failures, state.last_error, state.pending) == (0, "", False)
    assert NetworkSnapshot.objects.filter(group=world.lubelskie.group).exists()
