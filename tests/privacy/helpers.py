"""Searching the whole database for a value, and the statistics and figures anonymisation must keep."""

from __future__ import annotations

import datetime

from django.db import connection
from psycopg import sql

from complaints import performance
from complaints.models import CaseEvent, Complaint, Correspondence, Refusal, Remedy, Stage
from reporting import figures as reporting
from reporting import tsm
from reporting.figures import Breakdown
from reporting.periods import Period as RPeriod
from selfassessment.figures import FIGURES, Period

D = datetime.date


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
            """
        )
        return cursor.fetchall()


def where_found(value: str) -> list[str]:
    """Every table and column, history tables included, holding the value anywhere in its text."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            query = sql.SQL("SELECT count(*) FROM {} WHERE {}::text ILIKE %s").format(
                sql.Identifier(table), sql.Identifier(column)
            )
            cursor.execute(query, [f"%{value}%"])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def statistics() -> dict:
    """What the dashboards, the Regulator's figures and reports are built from: all of it must survive."""
    stages = Stage.objects.order_by("id").values_list(
        "complaint__reference",
        "number",
        "requested_on",
        "acknowledgement_due",
        "acknowledged_on",
        "response_due",
        "responded_on",
        "extension_days",
        "handler_id",
        "response__decision",
    )
    complaints = Complaint.objects.order_by("id").values_list(
        "reference", "stage", "status", "nation", "regime_id", "channel_id", "received_on", "closed_on", "logged_by_id"
    )
    categories = Complaint.categories.through.objects.order_by("id").values_list("complaint_id", "category_id")
    remedies = Remedy.objects.order_by("id").values_list("kind_id", "amount", "due_on", "completed_on")
    refusals = Refusal.objects.order_by("id").values_list("reason_id", "decided_on", "decided_by_id")
    timeline = CaseEvent.objects.order_by("id").values_list("complaint_id", "kind", "at", "actor_id")
    correspondence = Correspondence.objects.order_by("id").values_list(
        "direction", "party", "channel_id", "occurred_on"
    )
    return {
        "stages": list(stages),
        "complaints": list(complaints),
        "categories": list(categories),
        "remedies": list(remedies),
        "refusals": list(refusals),
        "timeline": list(timeline),
        "correspondence": list(correspondence),
    }


AFTER_2026 = D(2027, 1, 1)


def figures(as_of: datetime.date = AFTER_2026) -> dict:
    """Every self-assessment live figure, the Code timeliness tallies, every dashboard figure group by every
    breakdown, and the Regulator's CH01/CH02, for 2026 as they stood on `as_of`."""
    period = Period(start=D(2026, 1, 1), end=D(2026, 12, 31), as_of=as_of, regime=None)
    values = {definition.key: definition.tally(period) for definition in FIGURES}
    for number in (1, 2):
        values[f"ack-{number}"] = performance.acknowledgement_tally(
            number=number, start=period.start, end=period.end, as_of=period.as_of
        )
        values[f"response-{number}"] = performance.response_tally(
            number=number, start=period.start, end=period.end, as_of=period.as_of, with_extensions=True
        )
    year = RPeriod.reporting_year(2025)
    for breakdown in Breakdown:
        values[f"dashboard-{breakdown.value or 'total'}"] = reporting.summary(
            period=year, as_of=as_of, breakdown=breakdown
        )
    values["refusals-by-reason"] = reporting.refusals_by_reason(period=year)
    values["remedies"] = reporting.remedies(period=year)
    values["trend"] = reporting.trend(period=year, as_of=as_of)
    values["tsm"] = tsm.measures(year=2025)
    return values
