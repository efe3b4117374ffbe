"""Bringing in an assessment made elsewhere (last year's Word or spreadsheet form) from a CSV or XLSX file with
the form's columns. Every row is accounted for: imported, or reported with the reason it was not."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from openpyxl import load_workbook

from core.cells import FORMULA_STARTS
from core.errors import WorkflowError
from core.services import require_perm, service_action
from core.uploads import IMPORT_TYPES, upload_check
from selfassessment.models import EvidenceItem, SelfAssessment
from selfassessment.services import _lock, _require_editable

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# The headings landlords' forms use, normalised (lower case, letters only): the 2024 form and the 2022 one.
HEADINGS = {
    "codeprovision": "number",
    "codesection": "number",
    "provision": "number",
    "comply": "complies",
    "complyyesno": "complies",
    "evidence": "evidence",
    "commentaryexplanation": "commentary",
    "commentary": "commentary",
    "evidencecommentaryandanyexplanations": "evidence_and_commentary",
    "complyby": "comply_by",
}
ANSWERS = {
    "y": "yes",
    "yes": "yes",
    "n": "no",
    "no": "no",
    "partly": "partly",
    "partial": "partly",
    "partially": "partly",
}


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    # (line in the file, provision number as written, why it was not imported)
    not_imported: list[tuple[int, str, str]] = field(default_factory=list)
    # Imported, but something needs a person's attention.
    warnings: list[tuple[int, str, str]] = field(default_factory=list)


def _key(heading: Any) -> str:
    return re.sub(r"[^a-z]", "", str(heading or "").lower())


def _unescape(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    # Our own exports guard formula-like cells with a leading apostrophe; take it off again.
    if text.startswith("'") and text[1:2] and text[1] in "".join(FORMULA_STARTS):
        return text[1:]
    return text


def _read(upload: UploadedFile) -> list[list[Any]]:
    if upload.size > MAX_IMPORT_BYTES:
        raise WorkflowError("The file is larger than 5 MB.", field="file")
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in IMPORT_TYPES:
        raise WorkflowError("Import a .csv or .xlsx file with the form's columns.", field="file")
    # By content, and a workbook's unpacked size, before openpyxl opens it.
    upload_check(upload, allowed=IMPORT_TYPES)
    content = upload.read()
    if suffix == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        return list(csv.reader(io.StringIO(text)))
    if suffix == ".xlsx":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise WorkflowError("The file could not be read as an Excel workbook.", field="file") from error
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    raise WorkflowError("Import a .csv or .xlsx file with the form's columns.", field="file")


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@service_action
def assessment_import(*, actor: Any, assessment: SelfAssessment | int, upload: UploadedFile) -> ImportReport:
    """Fill a draft assessment's rows from the file. Rows for provisions the assessment's Code does not have are
    reported, never dropped silently. Imported evidence is described in words and, like evidence carried forward,
    is checked before the assessment goes for approval."""
    assessment = _lock(assessment)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    table = _read(upload)
    header_at = next((i for i, row in enumerate(table) if "number" in {HEADINGS.get(_key(cell)) for cell in row}), None)
    if header_at is None:
        raise WorkflowError("The file needs a heading row with a Code provision column.", field="file")
    columns = {HEADINGS[_key(cell)]: index for index, cell in enumerate(table[header_at]) if _key(cell) in HEADINGS}
    rows = {row.provision.number: row for row in assessment.rows.select_related("provision")}
    report = ImportReport()
    seen: set[str] = set()
    code = assessment.code_version.name

    def cell(values: list[Any], name: str) -> str:
        index = columns.get(name)
        return _unescape(values[index]) if index is not None and index < len(values) else ""

    for line, values in enumerate(table[header_at + 1 :], start=header_at + 2):
        number = cell(values, "number")
        if not number and not any(_unescape(value) for value in values):
            continue
        if not number:
            report.not_imported.append((line, "", "There is no provision number on this row."))
            continue
        row = rows.get(number)
        if row is None:
            report.not_imported.append((line, number, f"The {code} has no provision {number}."))
            continue
        if number in seen:
            report.not_imported.append(
                (line, number, f"Provision {number} appears more than once; the first was used.")
            )
            continue
        seen.add(number)
        answer = cell(values, "complies").lower()
        complies = ANSWERS.get(answer, "")
        commentary = cell(values, "commentary") or cell(values, "evidence_and_commentary")
        comply_by = _date(values[columns["comply_by"]]) if "comply_by" in columns else None
        if answer and not complies:
            report.warnings.append((line, number, f"{answer!r} is not Yes, No or Partly: answer it again."))
        if complies in {"no", "partly"} and (comply_by is None or not commentary):
            report.warnings.append(
                (line, number, "A No needs an explanation and the date by which you will comply: answer it again.")
            )
            complies = ""
        row.complies, row.commentary, row.comply_by = complies, commentary, comply_by if complies else None
        row.save(update_fields=["complies", "commentary", "comply_by", "updated_at"])
        evidence = cell(values, "evidence")
        if evidence:
            EvidenceItem.objects.create(
                row=row, kind=EvidenceItem.Kind.TEXT, description=evidence, position=row.evidence.count()
            )
        report.imported.append(number)
    return report
