"""Documents made of sections, each with paragraphs and a table, written as DOCX
(python-docx) and as PDF (WeasyPrint, from `core/document.html`) from the same outline:
the semester report, the attendance list, the minutes of a meeting."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from scaleup.core.xmltext import xml_text

FORMATS = ("pdf", "docx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    #: Rows tall enough to sign in (an attendance list's).
    for_signatures: bool = False


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]
    #: Lines above the title: the funding statement an EU-funded project's papers carry.
    header: list[str] = field(default_factory=list)
    landscape: bool = True


def to_docx(outline: Document, language: str) -> bytes:
    from docx import Document as DocxDocument
    from docx.shared import Cm

    document = DocxDocument()
    document.core_properties.title = f"{outline.title}: {outline.subtitle}"
    document.core_properties.language = language
    for line in outline.header:
        document.add_paragraph(xml_text(line))
    document.add_heading(xml_text(outline.title), level=0)
    document.add_paragraph(xml_text(outline.subtitle))
    for section in outline.sections:
        document.add_heading(xml_text(section.heading), level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(xml_text(paragraph))
        if section.table is not None:
            grid = document.add_table(rows=1, cols=len(section.table.headers))
            grid.style = "Table Grid"
            for cell, header in zip(grid.rows[0].cells, section.table.headers, strict=True):
                cell.text = xml_text(header)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in section.table.rows:
                added = grid.add_row()
                if section.table.for_signatures:
                    added.height = Cm(1.1)
                for cell, text in zip(added.cells, row, strict=True):
                    cell.text = xml_text(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(outline: Document, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("core/document.html", {"document": outline, "language": language})
    return bytes(HTML(string=html).write_pdf())


def render(document: Document, *, file_format: str, language: str) -> bytes:
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if file_format == "docx":
        return to_docx(document, language)
    return to_pdf(document, language)
