"""The action plan as DOCX and PDF, in Polish and English: each file opens (python-docx,
pdfium), holds every part of the Interreg template and every action, and the PDF renders
to an image with text on it."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from scaleup.actionplans import exports, jobs, selectors
from scaleup.actionplans.models import ActionPlan, MonitoringNote
from scaleup.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from scaleup.core.models import AuditEntry
from scaleup.jobs.models import Job
from scaleup.testing.urls import url
from scaleup.testing.world import World

pytestmark = pytest.mark.django_db


def _plan(world: World, actions: int = 3) -> ActionPlan:
    plan = ActionPlanFactory.create(partner=world.lubelskie.partner)
    for number in range(1, actions + 1):
        action = ActionFactory.create(
            plan=plan,
            position=number,
            title_pl=f"Działanie {number}: łączenie klastrów",
            title_en=f"Action {number}: connecting clusters",
            cost_eur=Decimal("1500.50"),
        )
        MonitoringNote.objects.create(
            action=action, phase="core", noted_on="2022-06-30", progress="on_track", text="Idzie."
        )
    return selectors.plan_page(plan.pk)


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.parametrize(
    ("language", "titles", "headings"),
    [
        ("pl", "Działanie {n}: łączenie klastrów", ["Część I", "Część II", "4. Ramy czasowe"]),
        ("en", "Action {n}: connecting clusters", ["Part I", "Part II", "4. Timeframe"]),
    ],
)
def test_the_docx_holds_every_part_and_action(
    world: World, language: str, titles: str, headings: list[str]
) -> None:
    text = _docx_text(exports.to_docx(_plan(world), language))
    for number in (1, 2, 3):
        assert titles.format(n=number) in text
    for heading in headings:
        assert heading in text
    assert world.lubelskie.partner.name in text
    assert "Idzie." in text  # the monitoring note


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pdf_holds_every_action_and_renders(world: World, language: str) -> None:
    import pypdfium2

    plan = _plan(world, actions=4)
    content = exports.to_pdf(plan, language)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    for action in plan.actions.all():
        with_language = action.title_pl if language == "pl" else action.title_en
        assert with_language in " ".join(text.split())
    image = pypdfium2.PdfDocument(content)[0].render(scale=1).to_pil().convert("L")
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert image.size[0] > 500 and dark > 2000  # text was drawn, not an empty page


def test_english_falls_back_to_polish_where_no_translation_was_written(world: World) -> None:
    plan = _plan(world, actions=1)
    plan.actions.update(title_en="")
    text = _docx_text(exports.to_docx(selectors.plan_page(plan.pk), "en"))
    assert "Działanie 1: łączenie klastrów" in text


def test_the_page_makes_the_document_as_a_job_named_and_audited(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = _plan(world, actions=1)
    client.force_login(world.lubelskie.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("actionplans:export", pk=plan.pk, file_format="pdf"), {"lang": "en"}
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("jobs:detail", job_id=job.pk)
    assert job.state == Job.State.DONE, job.error
    download = client.get(url("jobs:download", job_id=job.pk))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="action-plan-lubelskie-' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AuditEntry.objects.get(action="actionplans.plan.exported").data == {
        "format": "pdf",
        "language": "en",
    }


def test_an_unknown_format_or_language_is_not_found(client: Client, world: World) -> None:
    plan = _plan(world, actions=1)
    client.force_login(world.lubelskie.facilitator)
    odt = url("actionplans:export", pk=plan.pk, file_format="odt")
    assert client.post(odt, {"lang": "pl"}).status_code == 404
    pdf = url("actionplans:export", pk=plan.pk, file_format="pdf")
    assert client.post(pdf, {"lang": "de"}).status_code == 404
    assert not Job.objects.exists()


def test_the_document_job_refuses_a_person_who_may_no_longer_manage_the_plan(
    world: World,
) -> None:
    plan = _plan(world, actions=1)
    params = jobs.document_params(plan=plan, file_format="docx", language="pl")
    assert jobs._permitted(world.lubelskie.facilitator, params)
    assert not jobs._permitted(world.attica.facilitator, params)


def test_the_command_writes_the_plan(world: World, tmp_path: Path) -> None:
    plan = _plan(world, actions=2)
    target = tmp_path / "plan.docx"
    out = io.StringIO()
    call_command("export_action_plan", plan.partner.short_name, str(target), stdout=out)
    assert "2 actions" in out.getvalue()
    assert "Działanie 2: łączenie klastrów" in _docx_text(target.read_bytes())
    pdf = tmp_path / "plan.out"
    call_command(
        "export_action_plan", str(plan.partner.pk), str(pdf), "--format", "pdf", "--lang", "en",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert "Action 1: connecting clusters" in _pdf_text(pdf.read_bytes())


def test_the_command_explains_a_partner_without_a_plan(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No action plan"):
        call_command("export_action_plan", "Nikt", str(tmp_path / "x.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_text_pasted_from_a_word_processor_exports(world: World) -> None:
    plan = _plan(world, actions=1)
    plan.actions.update(description_pl="Pierwsza linia\x0bdruga\r\ntrzecia")
    text = _docx_text(exports.to_docx(selectors.plan_page(plan.pk), "pl"))
    assert "Pierwsza liniadruga" in text and "\r" not in text
