"""The dashboard, the cases behind its numbers, the TSM page and the homes form, for each role."""

from __future__ import annotations

import base64
import datetime
import re

import pytest

from complaints.services import workflow
from reporting.models import HomesCount
from tests.conftest import POINTS

D = datetime.date


@pytest.fixture
def cases(log_complaint, officer):
    """Two stage 1 complaints in the reporting year 2025: one acknowledged in time, one never acknowledged."""
    answered = log_complaint(received_on=D(2026, 2, 2), summary="The lift has been broken for a month.")
    workflow.complaint_acknowledge(actor=officer, complaint=answered, acknowledged_on=D(2026, 2, 3), points=POINTS)
    ignored = log_complaint(received_on=D(2026, 2, 9))
    return answered, ignored


@pytest.fixture
def signed_in(login_with_mfa):
    def sign_in(client, user):
        login_with_mfa(client, user)
        return client

    return sign_in


def links_to_cases(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/staff/dashboard/cases/\?[^"]+)"', html)]


def test_an_officer_sees_the_figures_with_each_number_linking_to_its_cases(client, officer, cases, signed_in):
    answer = signed_in(client, officer).get("/staff/dashboard/")

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "April 2025 to March 2026" in html
    # Code 3.3: the page says a high volume of complaints is not a bad sign.
    assert "is not a bad sign in itself" in html and "3.3" in html
    received = next(link for link in links_to_cases(html) if "figure=received&" in link)
    listed = client.get(received).content.decode()
    assert cases[0].reference in listed and cases[1].reference in listed


def test_the_cases_behind_a_late_acknowledgement_are_the_late_one_only(client, officer, cases, signed_in):
    html = signed_in(client, officer).get("/staff/dashboard/").content.decode()

    late = next(link for link in links_to_cases(html) if "figure=acknowledged_in_time" in link)
    listed = client.get(late).content.decode()

    assert cases[0].reference in listed
    assert cases[1].reference not in listed


def test_a_board_member_sees_numbers_without_case_links_or_personal_data(
    client, board_member, cases, resident, signed_in
):
    answer = signed_in(client, board_member).get("/staff/dashboard/")

    html = answer.content.decode()
    assert answer.status_code == 200
    assert links_to_cases(html) == []
    assert resident.name not in html
    assert cases[0].reference not in html
    assert "Dashboard" in html  # the staff menu offers the dashboard to the board


def test_a_board_member_cannot_open_the_cases_behind_a_number(client, board_member, cases, signed_in):
    answer = signed_in(client, board_member).get(
        "/staff/dashboard/cases/?figure=received&from=2025-04-01&to=2026-03-31"
    )

    assert answer.status_code == 403


def test_staff_outside_complaints_cannot_see_the_dashboard(client, staff_member, signed_in):
    assert signed_in(client, staff_member).get("/staff/dashboard/").status_code == 403


def test_signing_in_is_needed(client, db):
    answer = client.get("/staff/dashboard/")

    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_charts_are_svg_images_with_alt_text_and_their_data_in_a_table(client, officer, cases, signed_in):
    html = signed_in(client, officer).get("/staff/dashboard/").content.decode()

    images = re.findall(r'<img class="app-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) >= 3
    svg = base64.b64decode(images[0][0])
    assert b"<svg" in svg and b"Complaints received each month" in svg
    assert "figures are in the table beside it" in images[0][1]
    assert "Complaints received each month" in html
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">Complaints received each month</caption>' in html
    )


def test_a_month_broken_down_by_stage(client, officer, cases, signed_in):
    answer = signed_in(client, officer).get(
        "/staff/dashboard/", {"kind": "month", "year": "2026", "month": "2", "breakdown": "stage"}
    )

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "February 2026" in html and "by stage" in html
    assert re.search(r'<th scope="row" class="govuk-table__header">Stage 1</th>', html)
    assert any("breakdown=stage&key=1" in link for link in links_to_cases(html))


def test_a_period_with_missing_parts_is_explained(client, officer, db, signed_in):
    answer = signed_in(client, officer).get("/staff/dashboard/", {"kind": "custom", "start-day": "1"})

    assert answer.status_code == 400
    assert "Enter a real date" in answer.content.decode() or "Enter the last day" in answer.content.decode()


def test_a_custom_period_outside_the_years_recorded_is_explained(client, officer, db, signed_in):
    far_back = {"kind": "custom", "start-day": "1", "start-month": "1", "start-year": "1999"}
    answer = signed_in(client, officer).get(
        "/staff/dashboard/", far_back | {"end-day": "1", "end-month": "1", "end-year": "2026"}
    )

    assert answer.status_code == 400
    assert "Give a date between 1 January 2000 and 31 December 2100" in answer.content.decode()
    assert client.get("/staff/dashboard/cases/?figure=received&from=0001-01-01&to=0004-01-01").status_code == 404


def test_an_unknown_figure_is_not_found(client, officer, db, signed_in):
    answer = signed_in(client, officer).get("/staff/dashboard/cases/?figure=nope&from=2025-04-01&to=2026-03-31")

    assert answer.status_code == 404


def test_the_tsm_page_explains_the_counting_and_links_the_cases_for_case_workers(client, officer, cases, signed_in):
    HomesCount.objects.create(year=2025, low_cost_rental=2000, low_cost_home_ownership=0, recorded_by=officer)

    html = signed_in(client, officer).get("/staff/dashboard/tsm/?year=2025").content.decode()

    assert "CH01" in html and "CH02" in html
    assert "once at stage 1 and again at stage 2" in html
    assert "Extensions." in html and "6.4, 6.15" in html
    assert ">1.0<" in html  # 2 stage 1 complaints per 2,000 homes
    link = re.search(r'href="(/staff/dashboard/tsm/cases/\?[^"]*code=CH01[^"]*stage=1[^"]*part=all[^"]*)"', html)
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert cases[0].reference in listed and cases[1].reference in listed


def test_the_board_sees_the_tsm_figures_without_case_links(client, board_member, cases, signed_in):
    html = signed_in(client, board_member).get("/staff/dashboard/tsm/?year=2025").content.decode()

    assert "CH01" in html
    assert "/staff/dashboard/tsm/cases/" not in html
    assert (
        signed_in(client, board_member)
        .get("/staff/dashboard/tsm/cases/?year=2025&code=CH01&stage=1&part=all&which=numerator")
        .status_code
        == 403
    )


def test_a_bad_year_on_the_tsm_page_is_explained(client, officer, db, signed_in):
    answer = signed_in(client, officer).get("/staff/dashboard/tsm/?year=twenty")

    assert answer.status_code == 400
    assert "Enter a year from 2000 to 2100" in answer.content.decode()


def test_the_senior_lead_records_the_number_of_homes(client, senior_lead, signed_in):
    answer = signed_in(client, senior_lead).post(
        "/staff/dashboard/homes/", {"year": "2025", "low_cost_rental": "4100", "low_cost_home_ownership": "250"}
    )

    assert answer.status_code == 302
    homes = HomesCount.objects.get(year=2025)
    assert (homes.low_cost_rental, homes.low_cost_home_ownership, homes.recorded_by) == (4100, 250, senior_lead)


def test_the_homes_form_explains_a_missing_number(client, administrator, signed_in):
    answer = signed_in(client, administrator).post("/staff/dashboard/homes/", {"year": "2025", "low_cost_rental": ""})

    assert answer.status_code == 400
    assert not HomesCount.objects.exists()


def test_an_officer_cannot_record_homes(client, officer, signed_in):
    assert signed_in(client, officer).get("/staff/dashboard/homes/").status_code == 403


def test_recording_homes_shows_on_the_tsm_page_at_once_despite_the_figures_cache(client, senior_lead, cases, signed_in):
    signed_in(client, senior_lead)
    assert "has not been recorded" in client.get("/staff/dashboard/tsm/?year=2025").content.decode()

    client.post("/staff/dashboard/homes/", {"year": "2025", "low_cost_rental": "2000", "low_cost_home_ownership": "0"})

    html = client.get("/staff/dashboard/tsm/?year=2025").content.decode()
    assert "2000 low-cost rental" in html and ">1.0<" in html


def test_another_app_adds_a_panel_and_may_leave_it_out_for_a_role(client, officer, board_member, db, signed_in):
    from reporting import panels

    @panels.register_panel(order=95, name="test-panel")
    def only_for_case_workers(ctx):
        if not ctx.show_cases:
            return None
        return panels.Panel(
            name="test-panel",
            title="Surveys returned",
            tables=[panels.table("Surveys", ["Band", "Count"], [[panels.cell("Very satisfied"), panels.cell(4)]])],
        )

    try:
        as_officer = signed_in(client, officer).get("/staff/dashboard/").content.decode()
        as_board = signed_in(client, board_member).get("/staff/dashboard/").content.decode()
    finally:
        panels._PANELS.pop("test-panel")

    assert "Surveys returned" in as_officer and "Very satisfied" in as_officer
    assert "Surveys returned" not in as_board


def opening_view_received(today):
    """What the dashboard's opening view would show now, read through its cache."""
    from reporting import panels
    from reporting.figures import Breakdown
    from reporting.periods import Period

    ctx = panels.DashboardContext(
        period=Period.reporting_year(2025), breakdown=Breakdown.NONE, as_of=today, user=None, show_cases=False
    )
    return ctx.summary.total.counts["received"]


def test_warming_recounts_the_opening_view_so_nobody_waits_and_new_complaints_show(cases, log_complaint):
    from celery import current_app

    from reporting import tasks
    from reporting.panels import dashboard_warm

    today = D(2026, 3, 2)
    assert opening_view_received(today) == 2
    log_complaint(received_on=D(2026, 2, 16))
    # Until the cache is refreshed the opening view keeps the figures it counted...
    assert opening_view_received(today) == 2

    dashboard_warm(today=today)

    # ...and the beat task that runs dashboard_warm refreshes them more often than they expire.
    assert opening_view_received(today) == 3
    entry = current_app.conf.beat_schedule["reporting-warm-dashboard"]
    assert entry["task"] == tasks.warm_dashboard_task.name
    assert max(entry["schedule"].minute) - min(entry["schedule"].minute) < 60
