"""The annual report's and MRC pack's charts, drawn with the dashboard's chart helpers (`reporting.charts`) from a
figures snapshot. Each is an image data URI, stored with an approved report so it is shown exactly as approved."""

from __future__ import annotations

from typing import Any

from reporting.charts import bar_chart

DECISIONS = (("upheld", "Upheld"), ("partly_upheld", "Partly upheld"), ("not_upheld", "Not upheld"))


def volumes_chart(figures: dict[str, Any]) -> str:
    monthly = figures["volumes"]["monthly"]
    return bar_chart(
        "Complaints received each month",
        [row["month"] for row in monthly],
        {"Received at stage 1 or 2": [row["received"] for row in monthly]},
    )


def timeliness_chart(figures: dict[str, Any]) -> str:
    measures = [m for m in figures["timeliness"] if "without" not in m["key"]]
    return bar_chart(
        "Within the Code's timescales (%)",
        [m["key"].replace("_", " ").capitalize() for m in measures],
        {"Percentage in time": [float(m["percentage"]) if m["percentage"] else 0 for m in measures]},
        range=(0, 100),
    )


def outcomes_chart(figures: dict[str, Any]) -> str:
    outcomes = figures["outcomes"]
    return bar_chart(
        "Outcomes of the responses issued",
        [f"Stage {row['stage']}" for row in outcomes],
        {label: [row[value] for row in outcomes] for value, label in DECISIONS},
    )


CHARTS = {"volumes": volumes_chart, "timeliness": timeliness_chart, "outcomes": outcomes_chart}


def charts_draw(figures: dict[str, Any]) -> dict[str, str]:
    return {key: draw(figures) for key, draw in CHARTS.items()}
