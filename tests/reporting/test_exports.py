"""CSV and XLSX of the work queues and of the cases behind a dashboard number: formula injection escaped,
permission checked, special-category data only for those allowed it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from complaints.services import record
from core.cells import safe_cell

D = datetime.date
NASTY = ['=HYPERLINK("http://evil.example")', "+44 7700 900123", "-1+1", "@SUM(A1)", "\tTabbed", "\rReturn"]


def read_csv(answer) -> list[list[str]]:
    content = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def read_xlsx(answer) -> list[list]:
    sheet = load_workbook(io.BytesIO(answer.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", NASTY)
def test_a_cell_a_spreadsheet_would_run_is_made_text(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Mould in the bathroom") == "Mould in the bathroom"
    assert safe_cell(D(2026, 3, 2)) == D(2026, 3, 2)


@pytest.fixture
def nasty_complaint(log_complaint):
    return log_complaint(received_on=D(2026, 2, 2), summary=NASTY[0])


def test_the_queue_as_csv_escapes_formulas(client, officer, nasty_complaint, login_with_mfa):
    login_with_mfa(client, officer)

    answer = client.get("/staff/queues/awaiting-acknowledgement/?format=csv")

    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="awaiting-acknowledgement-')
    rows = read_csv(answer)
    assert rows[0][:3] == ["Reference", "Received", "Stage"]
    row = rows[1]
    assert row[0] == nasty_complaint.reference
    assert row[rows[0].index("Summary")] == "'" + NASTY[0]


def test_the_queue_as_xlsx_escapes_formulas_and_keeps_dates(client, officer, nasty_complaint, login_with_mfa):
    login_with_mfa(client, officer)

    answer = client.get("/staff/queues/awaiting-acknowledgement/?format=xlsx")

    assert answer.status_code == 200
    rows = read_xlsx(answer)
    summary = rows[1][rows[0].index("Summary")]
    assert summary == "'" + NASTY[0]
    assert rows[1][rows[0].index("Received")].date() == D(2026, 2, 2)


def test_special_category_columns_only_for_those_allowed(
    client, officer, staff_member, resident, log_complaint, login_with_mfa
):
    record.disclosure_record(
        actor=officer,
        resident=resident,
        kind="vulnerability",
        description="Recently bereaved",
        disclosed_on=D(2026, 1, 5),
    )
    log_complaint(received_on=D(2026, 2, 2), actor=staff_member)

    login_with_mfa(client, officer)
    as_officer = read_csv(client.get("/staff/queues/awaiting-acknowledgement/?format=csv"))
    login_with_mfa(client, staff_member)
    as_staff = read_csv(client.get("/staff/queues/logged/?format=csv"))

    assert as_officer[0][-2:] == ["Vulnerability recorded", "Reasonable adjustments in place"]
    assert as_officer[1][-2] == "Yes"
    assert "Vulnerability recorded" not in as_staff[0]
    assert len(as_staff) == 2
    assert "Recently bereaved" not in str(as_officer) + str(as_staff)


def test_a_queue_the_role_cannot_see_cannot_be_exported(
    client, staff_member, board_member, nasty_complaint, login_with_mfa
):
    login_with_mfa(client, staff_member)
    assert client.get("/staff/queues/overdue/?format=csv").status_code == 403
    login_with_mfa(client, board_member)
    assert client.get("/staff/queues/overdue/?format=csv").status_code == 403


def test_the_cases_behind_a_number_can_be_exported(client, officer, nasty_complaint, login_with_mfa):
    login_with_mfa(client, officer)

    answer = client.get("/staff/dashboard/cases/?figure=received&from=2026-02-01&to=2026-02-28&format=xlsx")

    rows = read_xlsx(answer)
    assert [row[0] for row in rows[1:]] == [nasty_complaint.reference]


def test_an_unknown_format_is_refused(client, officer, nasty_complaint, login_with_mfa):
    login_with_mfa(client, officer)

    answer = client.get("/staff/dashboard/cases/?figure=received&from=2026-02-01&to=2026-02-28&format=pdf")

    assert answer.status_code == 400
