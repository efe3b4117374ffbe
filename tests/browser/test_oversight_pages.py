"""The learning, Ombudsman and survey staff pages in a browser, checked by axe at WCAG 2.2 AA, with data on them."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from learning import services as learning_services
from learning.models import Theme
from ombudsman import services as ombudsman_services
from surveys.models import Survey
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in
from tests.oversight import referred_complaint

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


def test_the_oversight_pages_have_no_wcag_22_aa_violations(page, site, officer, manager, log_complaint):
    complaint, referral = referred_complaint(log_complaint, officer)
    point = learning_services.learning_point_record(
        actor=officer, complaint=complaint, theme=Theme.objects.get(code="communication"), learning="Call back."
    )
    improvement = learning_services.service_improvement_record(
        actor=officer,
        title="Same-day call-backs",
        what_changed="Every missed call is returned the same day.",
        team="Customer services",
        implemented_on=D(2026, 2, 24),
        theme=point.theme,
        complaints=[complaint],
        learning_points=[point],
    )
    finding = ombudsman_services.finding_record(
        actor=officer,
        referral=referral,
        element="Repairs",
        determination="maladministration",
        determined_on=D(2026, 2, 25),
    )
    ombudsman_services.order_record(
        actor=officer,
        referral=referral,
        kind="order",
        description="Pay £400",
        made_on=D(2026, 2, 25),
        due_on=D(2026, 2, 27),
        finding=finding,
        owner=manager,
    )
    Survey.objects.create(
        complaint=complaint,
        stage=1,
        token_hash="d" * 64,
        sent_on=D(2026, 2, 17),
        sent_by=officer,
        answered_at=datetime.datetime(2026, 2, 18, tzinfo=datetime.UTC),
        handling=2,
        comments="Slow.",
    )

    sign_in(page, site, officer)
    for path, heading, name in [
        ("/staff/learning/", "Themes and trends", "staff-learning"),
        ("/staff/improvements/", "Service improvements", "staff-improvements"),
        (f"/staff/improvements/{improvement.pk}/", "Same-day call-backs", "staff-improvement"),
        ("/staff/ombudsman/", "Ombudsman cases", "staff-ombudsman"),
        (f"/staff/ombudsman/referrals/{referral.pk}/", "Ombudsman referral 202612345", "staff-ombudsman-referral"),
        ("/staff/surveys/", "Satisfaction survey results", "staff-surveys"),
        (f"/staff/complaints/{complaint.reference}/", f"Complaint {complaint.reference}", "staff-case-oversight"),
    ]:
        page.goto(site + path)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        assert_accessible(page)
        screenshot(page, name)

    page.goto(f"{site}/staff/ombudsman/referrals/{referral.pk}/order/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
