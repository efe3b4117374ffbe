"""Issue 15 §4, §5 and §7 in the browser: the case header that stays on top, the current stage first and the history
folded away, queues dense enough for ten rows on a 1080p screen, a case printed on two pages or fewer, each role's
landing page, the character count and the header's focus style. axe checks each page at WCAG 2.2 AA."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from complaints.models import CommunicationNeed
from complaints.services import record, workflow
from core import roles
from tests.browser.conftest import assert_accessible, screenshot
from tests.conftest import POINTS, TODAY
from tests.factories import UserFactory
from tests.oversight import answered_complaint
from tests.selfassessment.conftest import draft, hos_2024

__all__ = ["draft", "hos_2024"]

from tests.browser.test_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def escalated_case(log_complaint, officer):
    """A typical case: answered at stage 1 with a remedy, escalated, with a resident's needs and a restriction."""
    complaint = answered_complaint(log_complaint, officer)
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=TODAY - datetime.timedelta(days=3))
    resident = complaint.resident
    record.adjustment_agree(
        actor=officer,
        resident=resident,
        agreed_on=TODAY - datetime.timedelta(days=20),
        review_due=TODAY + datetime.timedelta(days=180),
        need=CommunicationNeed.LARGE_PRINT,
    )
    record.restriction_impose(
        actor=officer,
        resident=resident,
        reason="Abusive phone calls to the repairs team.",
        evidence="Call recordings of 3 and 10 February.",
        scope="Contact by email only",
        equality_considerations="No disability that affects email use is recorded.",
        starts_on=TODAY - datetime.timedelta(days=10),
        review_due=TODAY + datetime.timedelta(days=90),
    )
    complaint.refresh_from_db()
    return complaint


def test_the_case_header_stays_on_top_with_the_deadline_in_words_and_the_residents_needs(
    page, site, officer, escalated_case
):
    sign_in(page, site, officer, r"/staff/queues/")
    page.goto(f"{site}/staff/complaints/{escalated_case.reference}/")
    header = page.locator("#case-header")
    expect(header).to_contain_text(f"Complaint {escalated_case.reference}")
    expect(header).to_contain_text("Stage 2")
    expect(header).to_contain_text(re.compile(r"Next deadline\s*\d{1,2} \w+ 20\d\d \((acknowledgement|response)\)"))
    expect(header).to_contain_text(re.compile(r"in \d+ working days?|due today|\d+ working days? overdue"))
    expect(header.get_by_role("term")).to_have_text(["Next deadline", "Reviewer", "Team", "Resident"])
    needs = page.get_by_role("region", name="Communication needs and adjustments (Code 5.10)")
    expect(needs).to_contain_text("Large print")
    expect(needs).to_contain_text("Contact restriction: Contact by email only")
    # The current stage comes first; stage 1 and the timeline are folded away, and open from the keyboard.
    current = page.locator("#current-stage")
    expect(current.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Stage 2"))
    earlier = page.locator("#stage-1-details")
    expect(earlier).not_to_have_attribute("open", "")
    earlier.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(earlier).to_have_attribute("open", "")
    assert_accessible(page)
    screenshot(page, "staff-case-header")

    page.locator("#timeline summary").click()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 300")
    box = header.bounding_box()
    assert box is not None and box["y"] == 0
    # A link above the screen, focused from the keyboard, scrolls into view below the header, not under it
    # (WCAG 2.2 2.4.11).
    target = page.locator(".govuk-grid-column-one-third a").first
    target.focus()
    header_box = header.bounding_box()
    focused = target.bounding_box()
    assert focused["y"] >= header_box["y"] + header_box["height"] - 1, (focused, header_box)


def test_staff_pages_use_the_full_width_and_a_queue_shows_ten_rows_on_a_1080p_screen(
    browser, site, officer, log_complaint
):
    for number in range(12):
        log_complaint(summary=f"Damp in flat {number} reported again.")
    # A 1920 by 1080 screen leaves about 960 pixels of page below the browser's own bars.
    context = browser.new_context(viewport={"width": 1920, "height": 960}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, site, officer, r"/staff/queues/")
    page.goto(site + "/staff/queues/awaiting-acknowledgement/")
    rows = page.locator("#queue-results tbody tr")
    expect(rows).to_have_count(12)
    tenth = rows.nth(9).bounding_box()
    assert tenth["y"] + tenth["height"] <= 960, tenth
    main = page.locator("main").bounding_box()
    assert main["width"] > 1800, main
    assert_accessible(page)
    screenshot(page, "staff-queue-1080p")
    page.goto(site + "/complain/")
    assert page.locator("main").bounding_box()["width"] <= 1020
    context.close()


def test_a_case_prints_on_two_pages_or_fewer_without_navigation_or_buttons(page, site, officer, escalated_case):
    sign_in(page, site, officer, r"/staff/queues/")
    page.goto(f"{site}/staff/complaints/{escalated_case.reference}/")
    expect(page.locator("#case-actions")).to_be_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) <= 2, len(pdf.pages)
    assert escalated_case.reference in text
    assert "Large print" in text
    for absent in ["Sign out", "Work queues", "Log a complaint", "Skip to main content"]:
        assert absent not in text, absent
    for button in page.locator("#case-actions a").all_inner_texts():
        assert button not in text, button


@pytest.mark.parametrize(
    ("role", "is_staff", "lands_on", "heading"),
    [
        (roles.OFFICER, False, r"/staff/queues/mine/", "My cases"),
        (roles.SENIOR_MANAGER, False, r"/staff/queues/mine/", "My cases"),
        (roles.STAFF, False, r"/staff/queues/logged/", "Complaints I logged"),
        (roles.SENIOR_LEAD, False, r"/staff/dashboard/", "Complaints dashboard"),
        (roles.BOARD, False, r"/staff/dashboard/", "Complaints dashboard"),
        (roles.ADMINISTRATOR, True, r"/staff/administration/", "Administration"),
    ],
)
def test_each_role_lands_on_its_own_accessible_page(page, site, role, is_staff, lands_on, heading):
    user = UserFactory(role=role, is_staff=is_staff)
    sign_in(page, site, user, lands_on)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
    screenshot(page, f"landing-{role.split()[0].lower()}")


def test_the_board_menu_reaches_the_annual_report_and_the_self_assessment(page, site, board_member):
    sign_in(page, site, board_member, r"/staff/dashboard/")
    menu = page.get_by_role("navigation", name="Staff pages")
    menu.get_by_role("link", name="Annual report").click()
    page.wait_for_url(re.compile(r"/staff/reports/"))
    menu.get_by_role("link", name="Self-assessment").click()
    page.wait_for_url(re.compile(r"/staff/self-assessments/"))


def test_a_long_answer_counts_its_characters_down_from_the_limit(page, site, officer, log_complaint):
    complaint = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=TODAY, points=POINTS)
    sign_in(page, site, officer, r"/staff/queues/")
    page.goto(f"{site}/staff/complaints/{complaint.reference}/respond/")
    reasons = page.get_by_label("Reasons for the decision", exact=True)
    expect(page.locator("#id_reasons-info")).to_contain_text("10,000 characters")
    reasons.press_sequentially("Late.")
    status = page.locator(".govuk-character-count:has(#id_reasons) .govuk-character-count__status")
    expect(status).to_have_text("You have 9,995 characters remaining")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Issue|Send|Save|Respond")).first.click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Select overall decision")
    expect(summary).not_to_contain_text("This field is required")
    assert_accessible(page)
    screenshot(page, "staff-respond-errors")


def test_focused_links_in_the_dark_header_are_yellow_with_black_text(page, site, officer):
    sign_in(page, site, officer, r"/staff/queues/")
    link = page.locator(".landlord-header__user").first
    link.focus()
    colours = link.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
    assert colours == ["rgb(255, 221, 0)", "rgb(11, 12, 12)"]


def test_the_self_assessments_download_links_are_targets_of_24_pixels_or_more(page, site, officer, draft):
    sign_in(page, site, officer, r"/staff/queues/")
    page.goto(f"{site}/staff/self-assessments/{draft.pk}/")
    links = page.locator('a[href*="/download."]')
    assert links.count() >= 2
    for box in [links.nth(index).bounding_box() for index in range(links.count())]:
        assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.2 2.5.8
