"""The form as the Ombudsman lays it out, in PDF and Word, and the rows as CSV and Excel."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from selfassessment import outputs
from selfassessment.models import Provision
from tests.selfassessment.test_code_versions import EXPECTED_NUMBERS


def _poppler(tool: str, pdf: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "assessment.pdf"
    path.write_bytes(pdf)
    command = [tool, *options, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


@pytest.mark.real_pdf
def test_the_pdf_has_every_provision_with_its_requirement_and_answer(published, tmp_path):
    pdf = outputs.assessment_pdf(published)
    text = _poppler("pdftotext", pdf, tmp_path, "-layout")

    # Each provision number starts a row of the table, in the first column.
    numbers_found = re.findall(r"^\s{0,6}(\d\.\d{1,2})\s", text, flags=re.MULTILINE)
    assert [n for n in numbers_found if n in EXPECTED_NUMBERS] == EXPECTED_NUMBERS
    flat = " ".join(_poppler("pdftotext", pdf, tmp_path).split())
    assert "Section 6: Complaints stages" in flat
    assert "Code provision" in flat and "Commentary/ explanation" in flat
    six_two = Provision.objects.get(code_version__code="hos-2024", number="6.2").requirement
    assert six_two in flat
    assert "We will comply by 30 June 2026." in flat
    assert "The Board is assured" in flat


@pytest.mark.real_pdf
def test_the_pdf_is_tagged_for_accessibility_and_titled(published, tmp_path):
    info = _poppler("pdfinfo", outputs.assessment_pdf(published), tmp_path)

    assert re.search(r"^Tagged:\s+yes$", info, flags=re.MULTILINE)
    assert re.search(r"^Title:\s+Self-assessment 2025/26$", info, flags=re.MULTILINE)


def test_the_word_document_has_a_table_per_section_with_every_provision(published):
    document = Document(io.BytesIO(outputs.assessment_docx(published)))

    assert len(document.tables) == 9
    assert [cell.text for cell in document.tables[0].rows[0].cells] == outputs.COLUMNS[:5]
    numbers = [row.cells[0].text for table in document.tables for row in table.rows[1:]]
    assert numbers == EXPECTED_NUMBERS
    requirement_6_9 = next(
        row.cells[1].text for table in document.tables for row in table.rows if row.cells[0].text == "6.9"
    )
    assert requirement_6_9.startswith(Provision.objects.get(code_version__code="hos-2024", number="6.9").requirement)
    assert "g) details of how to escalate the matter to stage 2" in requirement_6_9


def test_the_live_figure_is_quoted_as_landlords_quote_them(published):
    document = Document(io.BytesIO(outputs.assessment_docx(published)))

    evidence_6_2 = next(
        row.cells[3].text for table in document.tables for row in table.rows if row.cells[0].text == "6.2"
    )
    assert evidence_6_2 == "No cases in the period: of stage 1 complaints acknowledged within 5 working days"


def test_the_csv_has_a_row_per_provision_and_cannot_run_formulas(published):
    rows = list(csv.reader(io.StringIO(outputs.assessment_csv(published))))

    assert rows[0] == outputs.COLUMNS
    assert [row[0] for row in rows[1:]] == EXPECTED_NUMBERS
    row_3_4 = next(row for row in rows if row[0] == "3.4")
    assert row_3_4[2:] == ["No", "", "'=Our website is being rebuilt.", "30 June 2026"]


def test_the_spreadsheet_holds_the_rows_as_text_never_formulas(published):
    workbook = load_workbook(io.BytesIO(outputs.assessment_xlsx(published)))
    sheet = workbook.active

    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == outputs.COLUMNS
    assert [row[0] for row in values[1:]] == EXPECTED_NUMBERS
    cell = next(row[4] for row in values if row[0] == "3.4")
    assert cell == "'=Our website is being rebuilt."
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("value", ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tx"])
def test_cells_that_a_spreadsheet_would_run_are_escaped(value):
    assert outputs.safe_cell(value) == f"'{value}"


def test_ordinary_cells_are_left_alone():
    assert outputs.safe_cell("6.2") == "6.2"
    assert outputs.safe_cell("Yes") == "Yes"
