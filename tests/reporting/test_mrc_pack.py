"""The quarterly pack for the Member Responsible for Complaints and the governing body (Code 9.7 a to c)."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import WorkflowError
from reporting import services
from reporting.models import ReportRender
from reporting.selectors import mrc_pack_figures, mrc_quarter

D = datetime.date


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def test_the_quarters_of_the_reporting_year():
    assert mrc_quarter(year=2025, quarter=1) == (D(2025, 4, 1), D(2025, 6, 30))
    assert mrc_quarter(year=2025, quarter=3) == (D(2025, 10, 1), D(2025, 12, 31))
    assert mrc_quarter(year=2025, quarter=4) == (D(2026, 1, 1), D(2026, 3, 31))


def test_the_pack_counts_the_quarter_against_the_one_before(cases):
    figures = mrc_pack_figures(start=D(2026, 1, 1), end=D(2026, 3, 31), as_of=D(2026, 3, 2))
    # Received January to March: C, D, E, F at stage 1; C and G at stage 2.
    assert (figures["volumes"]["stage_1"], figures["volumes"]["stage_2"]) == (4, 2)
    # A and B (repairs) were received in December: the quarter before.
    assert figures["category_trend"] == [{"name": "Repairs and maintenance", "count": 0, "previous": 2}]
    assert figures["previous_period"] == {"start": "2025-10-01", "end": "2025-12-31"}
    assert figures["ombudsman"]["handling_failure_orders_made"] == 1
    assert figures["themes"]["rows"][0]["counts"] == [1, 0, 0] and len(figures["improvements"]) == 1


def test_the_board_gets_the_pack_as_a_pdf_with_9_7_a_to_c_and_no_personal_data(
    client, cases, board_member, login_with_mfa
):
    login_with_mfa(client, board_member)
    response = client.post(reverse("reporting:mrc-pack"), {"year": "2025", "quarter": "4"})
    render = ReportRender.objects.get()
    assert response["Location"] == reverse("reporting:render", args=[render.pk])
    assert (render.kind, render.period_start, render.period_end) == ("mrc_pack", D(2026, 1, 1), D(2026, 3, 31))
    services.report_render_run(render_id=render.pk)
    text = text_of(bytes(ReportRender.objects.get().pdf))
    assert "Complaints pack for the Member Responsible for Complaints: 1 January 2026 to 31 March 2026" in text
    assert "(Code 9.7 a)" in text and "(Code 9.7 b)" in text and "(Code 9.7 c)" in text
    assert "We received 4 complaints at stage 1 and 2 at stage 2" in text
    assert "Appointments confirmed by text" in text and "Learning points recorded, by theme and month" in text
    for complaint in [cases.a, cases.c, cases.g]:
        assert complaint.reference not in text
        assert complaint.resident.name not in text


def test_a_quarter_not_yet_started_is_refused(cases, board_member, client, login_with_mfa):
    with pytest.raises(WorkflowError, match="started"):
        services.mrc_pack_request(actor=board_member, year=2026, quarter=1)
    login_with_mfa(client, board_member)
    response = client.post(reverse("reporting:mrc-pack"), {"year": "2025"})
    assert "Choose a quarter" in response.content.decode()
    assert not ReportRender.objects.exists()


def test_officers_do_not_get_the_pack(officer, client, db, login_with_mfa):
    with pytest.raises(PermissionDenied):
        services.mrc_pack_request(actor=officer, year=2025, quarter=1)
    login_with_mfa(client, officer)
    assert client.get(reverse("reporting:mrc-pack")).status_code == 403
