"""The annual report and the quarterly MRC pack as tagged PDFs, through the one PDF renderer."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from core.pdf import render_pdf
from reporting.selectors import ReportContent


def annual_report_pdf(content: ReportContent) -> bytes:
    return render_pdf("reporting/pdf/annual_report.html", {"content": content, "landlord_name": settings.LANDLORD_NAME})


def mrc_pack_title(start: datetime.date, end: datetime.date) -> str:
    return f"Complaints pack for the Member Responsible for Complaints: {start:%-d %B %Y} to {end:%-d %B %Y}"


def mrc_pack_pdf(*, start: datetime.date, end: datetime.date, figures: dict[str, Any], charts: dict[str, str]) -> bytes:
    """Code 9.7 a to c for the quarter."""
    return render_pdf(
        "reporting/pdf/mrc_pack.html",
        {
            "title": mrc_pack_title(start, end),
            "figures": figures,
            "charts": charts,
            "landlord_name": settings.LANDLORD_NAME,
        },
    )
