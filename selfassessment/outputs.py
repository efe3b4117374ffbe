"""The assessment laid out as the Ombudsman's form (Appendix B: per section, a table of Code provision, Code
requirement, Comply: Yes/No, Evidence, Commentary/explanation), as PDF, DOCX, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.cells import safe_cell
from core.pdf import render_pdf
from selfassessment.models import AssessmentRow, EvidenceItem, LiveFigure, SelfAssessment
from selfassessment.selectors import assessment_rows

COLUMNS = ["Code provision", "Code requirement", "Comply: Yes/No", "Evidence", "Commentary/explanation", "Comply by"]


@dataclass
class FormRow:
    number: str
    requirement: str
    items: list[str]
    complies: str
    evidence: list[str]
    commentary: str
    comply_by: str

    @property
    def requirement_text(self) -> str:
        return "\n".join([self.requirement, *self.items])


@dataclass
class FormSection:
    number: int
    title: str
    rows: list[FormRow] = field(default_factory=list)


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def evidence_text(item: EvidenceItem, figures: dict[str, LiveFigure]) -> str:
    note = f": {item.description}" if item.description else ""
    if item.kind == EvidenceItem.Kind.POLICY_SECTION:
        return f"{item.policy_section}{note}"
    if item.kind == EvidenceItem.Kind.FILE:
        return f"{item.filename}{note}"
    if item.kind == EvidenceItem.Kind.URL:
        return f"{item.url}{note}"
    if item.kind == EvidenceItem.Kind.TEXT:
        return item.description
    if item.kind == EvidenceItem.Kind.CASE:
        return f"Case {item.complaint.reference}{note}"
    figure = figures.get(item.figure_key)
    return f"{figure.summary if figure else 'Live figure ' + item.figure_key}{note}"


def assessment_form(assessment: SelfAssessment) -> list[FormSection]:
    figures = {figure.key: figure for figure in assessment.figures.all()}
    sections: dict[int, FormSection] = {}
    for row in assessment_rows(assessment):
        provision = row.provision
        section = sections.setdefault(
            provision.section.number, FormSection(number=provision.section.number, title=provision.section.title)
        )
        section.rows.append(
            FormRow(
                number=provision.number,
                requirement=provision.requirement,
                items=[f"{i.label}) {i.text}" if i.label else f"• {i.text}" for i in provision.items.all()],
                complies=AssessmentRow.Complies(row.complies).label if row.complies else "",
                evidence=[evidence_text(item, figures) for item in row.evidence.all()],
                commentary=row.commentary,
                comply_by=_date(row.comply_by),
            )
        )
    return list(sections.values())


def _status_line(assessment: SelfAssessment) -> str:
    if assessment.approved_on:
        return (
            f"Approved by the governing body on {_date(assessment.approved_on)} "
            f"(minute reference {assessment.minute_reference})."
        )
    return f"{assessment.get_status_display()}: not yet approved by the governing body."


def assessment_pdf(assessment: SelfAssessment) -> bytes:
    return render_pdf(
        "selfassessment/pdf/assessment.html",
        {"assessment": assessment, "sections": assessment_form(assessment), "status_line": _status_line(assessment)},
    )


def assessment_docx(assessment: SelfAssessment) -> bytes:
    document = Document()
    document.core_properties.title = str(assessment)
    document.core_properties.language = "en-GB"
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    document.add_heading(str(assessment), level=0)
    document.add_paragraph(
        f"Self-assessment against the {assessment.code_version.name}, for {_date(assessment.period_start)} to "
        f"{_date(assessment.period_end)}. {_status_line(assessment)}"
    )
    for section in assessment_form(assessment):
        document.add_heading(f"Section {section.number}: {section.title}", level=1)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, COLUMNS[:5], strict=True):
            cell.text = heading
            cell.paragraphs[0].runs[0].font.bold = True
        for row in section.rows:
            cells = table.add_row().cells
            cells[0].text = row.number
            cells[1].text = row.requirement_text
            cells[2].text = row.complies
            cells[3].text = "\n".join(row.evidence)
            cells[4].text = row.commentary + (f"\nWe will comply by {row.comply_by}." if row.comply_by else "")
        for cells, width in zip(zip(*[r.cells for r in table.rows], strict=True), [1.6, 6, 1.8, 4, 5], strict=True):
            for cell in cells:
                cell.width = Cm(width)
    if assessment.governing_body_response:
        document.add_heading("The governing body's response", level=1)
        document.add_paragraph(assessment.governing_body_response)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(assessment: SelfAssessment) -> list[list[str]]:
    rows = []
    for section in assessment_form(assessment):
        for row in section.rows:
            cells = [
                row.number,
                row.requirement_text,
                row.complies,
                "\n".join(row.evidence),
                row.commentary,
                row.comply_by,
            ]
            rows.append([safe_cell(cell) for cell in cells])
    return rows


def assessment_csv(assessment: SelfAssessment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_table(assessment))
    return buffer.getvalue()


def assessment_xlsx(assessment: SelfAssessment) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Self-assessment"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in _table(assessment):
        sheet.append(cells)
    for column, width in zip("ABCDEF", [10, 60, 14, 45, 60, 16], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
