"""CSV and XLSX of any list of complaints (the work queues, the cases behind a dashboard number).

Cells a spreadsheet would read as a formula are escaped by `core.cells.safe_cell` (OWASP: CSV injection).
Special-category data is exported only to people with `complaints.view_special_category`."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from complaints.data_protection import special_category_views_record
from complaints.models import Complaint, Disclosure, ReasonableAdjustment
from core.cells import safe_cell

FORMATS = ["csv", "xlsx"]
CHUNK = 2000

HEADERS = [
    "Reference",
    "Received",
    "Stage",
    "Status",
    "Nation",
    "Channel",
    "Categories",
    "Area or team",
    "Next due",
    "Handler",
    "Resident",
    "Summary",
]
SPECIAL_HEADERS = ["Vulnerability recorded", "Reasonable adjustments in place"]


def for_export(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return complaints.select_related("resident", "channel", "team", "current_stage__handler").prefetch_related(
        "categories"
    )


def _with_special(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return complaints.annotate(
        has_vulnerability=Exists(
            Disclosure.objects.filter(resident=OuterRef("resident"), kind=Disclosure.Kind.VULNERABILITY)
        ),
        has_adjustments=Exists(
            ReasonableAdjustment.objects.filter(resident=OuterRef("resident"), ended_on__isnull=True)
        ),
    )


def rows(complaints: QuerySet[Complaint], *, special: bool) -> Iterator[list[Any]]:
    yield HEADERS + (SPECIAL_HEADERS if special else [])
    if special:
        complaints = _with_special(complaints)
    for complaint in complaints.iterator(chunk_size=CHUNK):
        handler = complaint.current_stage.handler if complaint.current_stage else None
        row = [
            complaint.reference,
            complaint.received_on,
            complaint.stage,
            complaint.get_status_display(),
            complaint.get_nation_display(),
            complaint.channel.name,
            "; ".join(category.name for category in complaint.categories.all()),
            complaint.team.name if complaint.team else "",
            complaint.next_due,
            (handler.get_full_name() or handler.get_username()) if handler else "",
            complaint.resident.name,
            complaint.summary,
        ]
        if special:
            row += ["Yes" if complaint.has_vulnerability else "No", "Yes" if complaint.has_adjustments else "No"]
        yield [safe_cell(value) for value in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(table: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    for row in table:
        yield writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in row])


def _xlsx(table: Iterable[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Complaints")
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(complaints: QuerySet[Complaint], *, user: Any, file_format: str, filename: str) -> HttpResponse:
    """The caller has checked that `user` may see these complaints; this decides the special-category columns."""
    special = user.has_perm("complaints.view_special_category")
    if file_format in FORMATS and special:
        # The special-category columns say of each resident whether a vulnerability or adjustment is recorded.
        special_category_views_record(
            viewer=user,
            residents=complaints.order_by().values_list("resident_id", flat=True).distinct(),
            shown_on=f"Export: {filename}.{file_format}",
        )
    table = rows(complaints, special=special)
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_lines(table), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            _xlsx(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse("Choose csv or xlsx.", status=400, content_type="text/plain")
        return response
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response
