from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from casework.selectors import COMPLAINT_QUEUES
from complaints.models import Category, RemedyKind, Team
from complaints.services import assignment, record, workflow
from tests.conftest import POINTS, TODAY
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def queue(client, slug, **params):
    return client.get(reverse("casework:queue", args=[slug]), params)


def references(response):
    return re.findall(r">(CMP-\d+)<", response.content.decode())


def test_due_dates_show_as_dates_and_in_working_days(as_officer, log_complaint):
    late = log_complaint(received_on=datetime.date(2026, 2, 2))  # acknowledgement was due 9 February
    soon = log_complaint(received_on=datetime.date(2026, 2, 25))  # due Wednesday 4 March
    page = queue(as_officer, "awaiting-acknowledgement").content.decode()
    assert "9 February 2026" in page and "15 working days overdue" in page
    assert "4 March 2026" in page and "in 2 working days" in page
    assert {late.reference, soon.reference} <= set(references(queue(as_officer, "awaiting-acknowledgement")))


def row_of(response, reference):
    page = response.content.decode()
    start = page.index(f">{reference}<")
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_a_row_says_what_the_complaint_is_about_and_who_has_it(as_officer, log_complaint, officer):
    handled = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=handled, acknowledged_on=TODAY, points=POINTS)
    north = Team.objects.create(code="north", name="North area")
    assignment.complaint_assign(actor=officer, complaint=handled, handler=officer, team=north)
    categories = list(Category.objects.filter(code__in=["repairs", "damp_mould", "heating"]))
    assignment.complaint_categorise(actor=officer, complaint=handled, categories=categories)
    nobodys = log_complaint()
    row = row_of(queue(as_officer, "mine"), handled.reference)
    # In the categories' own order (an administrator's), as on the case page.
    named = " · ".join(category.name for category in categories)
    assert f"Stage 1 · Phone · {named} · Team: North area" in row
    assert ">In progress<" in row and f">{escape(handled.resident.name)}<" in row
    assert f">{escape(officer.get_full_name())}<" in row
    assert ">Not assigned<" in row_of(queue(as_officer, "awaiting-acknowledgement"), nobodys.reference)
    officer.first_name = officer.last_name = ""
    officer.save()
    assert ">olivia<" in row_of(queue(as_officer, "mine"), handled.reference)


def test_the_overdue_and_due_soon_queues_split_by_deadline(as_officer, log_complaint):
    late = log_complaint(received_on=datetime.date(2026, 2, 2))
    soon = log_complaint(received_on=datetime.date(2026, 2, 25))
    later = log_complaint(received_on=TODAY)
    assert references(queue(as_officer, "overdue")) == [late.reference]
    assert references(queue(as_officer, "due-soon")) == [soon.reference]
    assert later.reference not in references(queue(as_officer, "due-soon"))


def test_due_soon_counts_the_nations_own_bank_holidays(as_officer, log_complaint):
    # Tuesday 17 March 2026 is St Patrick's Day, a bank holiday in Northern Ireland only. Received Tuesday
    # 10 March... is in the future here, so use the working-day count directly through a received date whose
    # deadline lands on 4 March everywhere: the queue uses each nation's own cut-off.
    ni = log_complaint(
        received_on=datetime.date(2026, 2, 25),
        nation="northern_ireland",
        resident=ResidentFactory(home__nation="northern_ireland"),
    )
    assert ni.reference in references(queue(as_officer, "due-soon"))


def test_my_cases_lists_the_open_complaints_i_handle(as_officer, log_complaint, officer):
    mine = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=mine, acknowledged_on=TODAY, points=POINTS)
    log_complaint()  # nobody's yet
    assert references(queue(as_officer, "mine")) == [mine.reference]


def test_unassigned_lists_the_open_complaints_whose_stage_nobody_handles(as_officer, log_complaint, officer):
    nobodys = log_complaint()
    handled = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=handled, acknowledged_on=TODAY, points=POINTS)
    withdrawn = log_complaint()
    workflow.complaint_withdraw(actor=officer, complaint=withdrawn, withdrawn_on=TODAY, note="Sorted by phone.")
    assert withdrawn.current_stage.handler_id is None  # nobody's, but no longer open
    assert references(queue(as_officer, "unassigned")) == [nobodys.reference]


def test_the_extended_and_awaiting_reviewer_queues(as_officer, log_complaint, officer):
    extended = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=extended, acknowledged_on=TODAY, points=POINTS)
    workflow.extension_grant(
        actor=officer,
        complaint=extended,
        working_days=5,
        reason="Waiting for the contractor's report",
        resident_informed_on=TODAY,
        ombudsman_details_given=True,
        update_interval_working_days=5,
    )
    escalated = log_complaint(received_on=datetime.date(2026, 2, 2))
    workflow.complaint_acknowledge(
        actor=officer, complaint=escalated, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
    )
    workflow.complaint_respond(
        actor=officer,
        complaint=escalated,
        responded_on=datetime.date(2026, 2, 10),
        decision="upheld",
        reasons="We missed the appointments.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Yes"),
            workflow.PointDecisionInput(2, "upheld", "Yes"),
        ],
        remedies=[],
        outstanding_actions=[],
    )
    workflow.complaint_escalate(actor=officer, complaint=escalated, requested_on=TODAY)
    assert references(queue(as_officer, "extended")) == [extended.reference]
    assert references(queue(as_officer, "awaiting-reviewer")) == [escalated.reference]


def test_filters_narrow_the_queue(as_officer, log_complaint):
    english = log_complaint()
    welsh = log_complaint(nation="wales", resident=ResidentFactory(home__nation="wales"))
    assert references(queue(as_officer, "awaiting-acknowledgement", nation="wales")) == [welsh.reference]
    assert references(queue(as_officer, "awaiting-acknowledgement", nation="england")) == [english.reference]
    assert references(queue(as_officer, "awaiting-acknowledgement", channel=english.channel.pk, stage="2")) == []


def test_the_vulnerability_filter_finds_residents_with_a_vulnerability(as_officer, log_complaint, officer):
    vulnerable = ResidentFactory()
    record.disclosure_record(
        actor=officer,
        resident=vulnerable,
        kind="vulnerability",
        description="Lives alone, recent fall",
        disclosed_on=TODAY,
    )
    flagged = log_complaint(resident=vulnerable)
    log_complaint()
    assert references(queue(as_officer, "awaiting-acknowledgement", vulnerable="on")) == [flagged.reference]


def test_sorting_by_received_date_both_ways(as_officer, log_complaint):
    older = log_complaint(received_on=datetime.date(2026, 2, 2))
    newer = log_complaint(received_on=datetime.date(2026, 2, 20))
    assert references(queue(as_officer, "awaiting-acknowledgement", sort="received")) == [
        older.reference,
        newer.reference,
    ]
    assert references(queue(as_officer, "awaiting-acknowledgement", sort="-received")) == [
        newer.reference,
        older.reference,
    ]


def test_the_queue_is_paginated(as_officer, log_complaint):
    for _ in range(27):
        log_complaint()
    first = queue(as_officer, "awaiting-acknowledgement")
    assert len(references(first)) == 25 and "27 complaints" in first.content.decode()
    assert len(references(queue(as_officer, "awaiting-acknowledgement", page=2))) == 2


def test_each_page_of_a_queue_continues_its_order(as_officer, log_complaint):
    complaints = [log_complaint(received_on=datetime.date(2026, 1, 5) + datetime.timedelta(days=n)) for n in range(27)]
    for complaint in complaints:
        complaint.refresh_from_db()  # next_due is the database's
    by_due = [complaint.reference for complaint in sorted(complaints, key=lambda c: (c.next_due, c.pk))]
    assert references(queue(as_officer, "overdue")) + references(queue(as_officer, "overdue", page=2)) == by_due
    newest_first = [complaint.reference for complaint in reversed(complaints)]
    assert [
        *references(queue(as_officer, "overdue", sort="-received")),
        *references(queue(as_officer, "overdue", sort="-received", page=2)),
    ] == newest_first


def test_only_the_page_s_complaints_are_joined_to_what_the_rows_show(as_officer, log_complaint):
    # At 1,000,000 complaints PostgreSQL underestimated the overdue ones and joined all of them to their residents
    # and stages before keeping 25: the page is chosen first, by id.
    for n in range(27):
        log_complaint(received_on=datetime.date(2026, 1, 5) + datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as queries:
        queue(as_officer, "overdue")
    joined = [query["sql"] for query in queries if 'JOIN "complaints_resident"' in query["sql"]]
    assert len(joined) == 1
    conditions = joined[0].rsplit(" WHERE ", 1)[1]
    assert conditions.startswith('"complaints_complaint"."id" IN (') and "next_due" not in conditions
    assert conditions.count(",") == 24


@pytest.mark.parametrize("slug", [queue.slug for queue in COMPLAINT_QUEUES])
def test_each_queue_takes_the_same_number_of_queries_for_3_or_20_complaints(as_officer, log_complaint, slug):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert queue(as_officer, slug).status_code == 200
        return len(queries)

    # Late (overdue), due within days, and new: every queue that lists open complaints lists some of them.
    received = [datetime.date(2026, 2, 2), datetime.date(2026, 2, 25), TODAY]
    for n in range(3):
        log_complaint(received_on=received[n % 3])
    few = count()
    for n in range(17):
        log_complaint(resident=ResidentFactory(), received_on=received[n % 3])
    assert count() == few


def test_actions_and_remedies_due_are_listed(as_officer, log_complaint, officer):
    complaint = log_complaint()
    record.remedy_add(
        actor=officer,
        complaint=complaint,
        kind=RemedyKind.objects.get(code="apology"),
        description="Written apology from the repairs manager",
        due_on=datetime.date(2026, 3, 6),
    )
    page = queue(as_officer, "actions-due").content.decode()
    assert "Written apology from the repairs manager" in page and "6 March 2026" in page


def test_reviews_due_are_only_for_people_who_may_see_special_category_data(
    client, as_officer, officer, staff_member, login_with_mfa
):
    resident = ResidentFactory()
    record.adjustment_agree(
        actor=officer,
        resident=resident,
        adjustment="Large print letters",
        agreed_on=TODAY,
        review_due=datetime.date(2026, 6, 1),
    )
    assert "Large print letters" in queue(as_officer, "reviews-due").content.decode()
    login_with_mfa(client, staff_member)
    assert queue(client, "reviews-due").status_code == 403


def test_htmx_filtering_gets_just_the_results_and_the_full_page_works_without_it(as_officer, log_complaint):
    complaint = log_complaint()
    url = reverse("casework:queue", args=["awaiting-acknowledgement"])
    partial = as_officer.get(url, {"nation": "england"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="queue-results">') and complaint.reference in partial
    assert "<html" not in partial
    full = as_officer.get(url, {"nation": "england"}).content.decode()
    assert "<html" in full and complaint.reference in full
