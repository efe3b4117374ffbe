"""The figures of the annual report and the MRC pack, gathered into one plain, JSON-ready snapshot.

A snapshot holds counts and names of categories only: never a case reference, a resident or a member of staff,
because the report is published (Code 8.2) and read by the board. An approved report stores its snapshot, so it
is drawn again exactly as approved. The "within timescale" rules are `complaints.performance`'s, as everywhere.

Other apps add their sections (the Ombudsman's decisions and orders, service improvements, learning themes) as
they add dashboard panels: a function that takes the period's `start` and `end` and the day it is counted on
(`as_of`) and returns JSON-ready data under the same rule, decorated with `@register_report_section(name)` in a
module the app imports from its `AppConfig.ready()` (their `reports.py`). The report's templates find it under
`name`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from complaints import performance
from complaints.models import Decision
from reporting import figures, tsm
from reporting.periods import Period
from reporting.trends import complaint_categories
from selfassessment.models import SelfAssessment
from selfassessment.outputs import assessment_form

ReportSection = Callable[..., Any]
_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(name: str) -> Callable[[ReportSection], ReportSection]:
    def register(section: ReportSection) -> ReportSection:
        _SECTIONS[name] = section
        return section

    return register


def _percent(numerator: int, denominator: int) -> str | None:
    value = figures.percent(numerator, denominator)
    return None if value is None else str(value)


def _measure(key: str, label: str, provision: str, numerator: int, denominator: int) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "provision": provision,
        "numerator": numerator,
        "denominator": denominator,
        "percentage": _percent(numerator, denominator),
    }


# (key, label, Code provision, numerator, denominator) for each stage: the dashboard's counts, same rules.
TIMELINESS = [
    ("acknowledged", "acknowledged within the Code's timescale", {1: "6.2", 2: "6.11"}, "acknowledged_in_time",
     "acknowledgement_due"),
    ("responded", "answered within the Code's timescale, or the extension agreed", {1: "6.3, 6.4", 2: "6.14, 6.15"},
     "responded_in_time", "response_due"),
    ("responded_without_extension", "answered within the Code's timescale, without an extension",
     {1: "6.3", 2: "6.14"}, "responded_in_time_without_extension", "response_due"),
]  # fmt: skip


def _stage_rows(summary: figures.Summary) -> dict[int, figures.Row]:
    empty = figures.Row(None, "", dict.fromkeys(figures.COUNT_NAMES, 0), figures.ResponseTimes())
    rows = {row.key: row for row in summary.rows}
    return {number: rows.get(number, empty) for number in (1, 2)}


def performance_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """The dashboard's figures (`reporting.figures`) for the period, by stage, as plain data."""
    period = Period.custom(start, end)
    summary = figures.summary(period=period, as_of=as_of, breakdown=figures.Breakdown.STAGE)
    stages = _stage_rows(summary)
    total = summary.total.counts
    return {
        "volumes": {
            "stage_1": total["received_stage_1"],
            "stage_2": total["received_stage_2"],
            "stage_1_responses": total["stage_1_responded"],
            "escalated": total["escalated"],
            "escalation_rate": _percent(total["escalated"], total["stage_1_responded"]),
            "monthly": [
                {
                    "month": point["period"].label,
                    "received": point["received"],
                    "response_due": point["response_due"],
                    "responded_in_time": point["responded_in_time"],
                    "percentage": None if point["percent_in_time"] is None else str(point["percent_in_time"]),
                }
                for point in figures.trend(period=period, as_of=as_of)
            ],
        },
        "timeliness": [
            _measure(
                f"stage_{number}_{key}",
                f"Stage {number} complaints {label}",
                provisions[number],
                row.counts[numerator],
                row.counts[denominator],
            )
            for key, label, provisions, numerator, denominator in TIMELINESS
            for number, row in stages.items()
        ],
        "response_times": [
            {
                "stage": number,
                "extended": row.counts["extended"],
                "extended_within_code": row.counts["extension_within_code"],
                "responses": row.times.responses,
                "average": None if row.times.average is None else str(row.times.average),
                "bands": [{"label": label, "count": count} for label, count in row.times.bands.items()],
            }
            for number, row in stages.items()
        ],
        "outcomes": [
            {"stage": number, **{decision: row.counts[decision] for decision in Decision.values}}
            for number, row in stages.items()
        ],
        "refusals": [{"reason": row["reason__name"], "count": row["count"]} for row in summary.refusals],
        "remedies": {
            "kinds": [{"kind": row["kind__name"], "count": row["count"]} for row in summary.remedies["by_kind"]],
            "count": summary.remedies["offered"],
            "compensation": f"{summary.remedies['compensation_paid']:.2f}",
            "payments": summary.remedies["compensation_payments"],
            "completed_in_time": _remedies_completed(start=start, end=end, as_of=as_of),
        },
    }


def _remedies_completed(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 7.3: remedies due in the period, completed by the date the resident was told."""
    tally = performance.remedy_tally(start=start, end=end, as_of=as_of)
    return _measure("remedies_completed", "Remedies completed by the date given", "7.3", tally.numerator,
                    tally.denominator)  # fmt: skip


def categories(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Complaints received in the period by category (one with two categories counts in both)."""
    rows = complaint_categories(start, end).rows
    return [{"name": row.label, "count": row.total} for row in sorted(rows, key=lambda row: (-row.total, row.label))]


def tenant_satisfaction_measures(year: int) -> dict[str, Any]:
    """The Regulator's CH01 and CH02 for the reporting year (`reporting.tsm`)."""
    found = tsm.measures(year=year)
    return {
        "homes_recorded": found.homes is not None,
        "measures": [
            {
                "code": measure.code,
                "stage": measure.stage,
                "part": measure.part_label,
                "numerator": measure.numerator,
                "denominator": measure.denominator,
                "value": None if measure.value is None else str(measure.value),
            }
            for measure in [*found.ch01, *found.ch02]
        ],
    }


def self_assessment(assessment: SelfAssessment | None) -> dict[str, Any] | None:
    """Code 8.1 a: the annual self-assessment, row by row, as the governing body approved it."""
    if assessment is None:
        return None
    sections = assessment_form(assessment)
    rows = [row for section in sections for row in section.rows]
    return {
        "title": str(assessment),
        "code": assessment.code_version.name,
        "approved_on": assessment.approved_on.isoformat() if assessment.approved_on else None,
        "minute_reference": assessment.minute_reference,
        "status": assessment.get_status_display(),
        "complies": {label: sum(1 for row in rows if row.complies == label) for label in ("Yes", "Partly", "No")},
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "rows": [
                    {
                        "number": row.number,
                        "requirement": row.requirement_text,
                        "complies": row.complies,
                        "commentary": row.commentary,
                        "comply_by": row.comply_by,
                    }
                    for row in section.rows
                ],
            }
            for section in sections
        ],
    }


def period_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 9.7 a and c: what the MRC pack holds, and the quantitative half of the annual report's 8.1 b."""
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "as_of": as_of.isoformat()},
        **performance_figures(start=start, end=end, as_of=as_of),
        "categories": categories(start=start, end=end),
        **{name: section(start=start, end=end, as_of=as_of) for name, section in _SECTIONS.items()},
    }
