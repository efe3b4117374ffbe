"""The dashboard panels for surveys, Ombudsman cases and service improvements: figures for the period, links to
the lists behind them only for roles that may read them, and nothing personal for board members."""

from __future__ import annotations

import datetime

from django.urls import reverse

from learning.panels import improvements_panel
from ombudsman.panels import ombudsman_panel
from reporting.figures import Breakdown
from reporting.panels import DashboardContext
from reporting.periods import Period
from surveys.panels import satisfaction_panel

D = datetime.date
FEBRUARY = Period.month(2026, 2)


def context(user, show_cases=False) -> DashboardContext:
    return DashboardContext(
        period=FEBRUARY, breakdown=Breakdown.NONE, as_of=D(2026, 3, 2), user=user, show_cases=show_cases
    )


def texts(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_the_satisfaction_panel_counts_sent_returned_and_bands(board_member, oversight_data):
    panel = satisfaction_panel(context(board_member))
    summary, bands = panel.tables
    assert texts(summary) == [["1", "1", "100.0%", "100.0%"]]
    assert texts(bands)[0] == ["Very satisfied", "1", "0"]
    assert texts(bands)[1] == ["Fairly satisfied", "0", "1"]
    # The board gets numbers without the answers behind them.
    assert summary.rows[0][0].url is None
    assert panel.charts[0].src.startswith("data:image/svg+xml;base64,")


def test_the_ombudsman_panel_shows_findings_and_overdue_orders(board_member, oversight_data):
    panel = ombudsman_panel(context(board_member))
    cases, findings, compliance = panel.tables
    assert texts(cases) == [["1", "0", "1"]]
    assert texts(findings)[0] == ["Severe maladministration", "1"]
    orders, severe, recommendations, handling_failure_orders = texts(compliance)
    assert orders == ["Orders", "1", "1", "0", "1", "0"]
    assert severe == ["Orders after severe maladministration", "1", "1", "0", "1", "0"]
    assert recommendations[1:] == handling_failure_orders[1:] == ["0", "0", "0", "0", "0"]
    assert compliance.rows[0][4].url is None


def test_the_improvements_panel_lists_improvements_with_their_complaint_count(board_member, oversight_data):
    improvements, learning = improvements_panel(context(board_member)).tables
    assert texts(improvements) == [
        [
            "20 February 2026",
            "Text reminders",
            "Repairs",
            "Communication and keeping residents informed",
            "1",
            "Not yet",
        ]
    ]
    assert improvements.rows[0][1].url is None
    assert texts(learning) == [["None in this period", ""]]


def test_the_board_dashboard_shows_the_panels_and_no_personal_data(
    client, board_member, oversight_data, login_with_mfa
):
    login_with_mfa(client, board_member)
    page = client.get(reverse("dashboard:dashboard"))
    text = page.content.decode()
    assert page.status_code == 200
    for title in ("Satisfaction surveys", "Ombudsman cases and orders", "Learning and service improvements"):
        assert title in text
    assert oversight_data.reference not in text
    assert oversight_data.resident.name not in text
    assert "Private remark" not in text


def test_case_workers_get_links_to_the_lists_behind_the_figures(officer, oversight_data):
    assert satisfaction_panel(context(officer, True)).tables[0].rows[0][0].url.startswith("/staff/surveys/?start-day=1")
    assert ombudsman_panel(context(officer, True)).tables[0].rows[0][0].url == "/staff/ombudsman/"
    assert improvements_panel(context(officer, True)).tables[0].rows[0][1].url.startswith("/staff/improvements/")
