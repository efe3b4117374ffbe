"""Every public page and the main staff pages in Chromium with the Content Security Policy enforced (this context
does not bypass it, unlike the axe tests'): no page triggers a single violation, and its scripts still run."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from surveys.models import Survey
from surveys.services import token_hash
from tests.browser.conftest import csp_violations, visit
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages_run_under_the_policy_without_a_violation(strict_page, site, officer, log_complaint):
    complaint = log_complaint()
    token = "a-survey-link-token-for-the-browser-test"
    Survey.objects.create(
        complaint=complaint, stage=1, token_hash=token_hash(token), sent_on=datetime.date(2026, 3, 2), sent_by=officer
    )
    found = {}
    for path in ["/", "/complain/", "/check/", "/policy/", "/ombudsman/", "/accounts/login/", f"/survey/{token}/"]:
        found[path] = visit(strict_page, site + path)
    # A form sent back with errors: GOV.UK Frontend moves focus to the summary, under the policy.
    strict_page.goto(site + "/complain/")
    strict_page.get_by_role("button", name="Send complaint").click()
    expect(strict_page.locator(".govuk-error-summary")).to_be_focused()
    found["/complain/ with errors"] = csp_violations(strict_page)
    assert found == {key: [] for key in found}


def test_staff_pages_and_htmx_updates_run_under_the_policy_without_a_violation(
    strict_page, site, officer, log_complaint
):
    complaint = log_complaint()
    code = totp_code(officer)
    strict_page.goto(site + "/accounts/login/")
    strict_page.get_by_label("Username").fill(officer.username)
    strict_page.get_by_label("Password").fill("a-long-test-password")
    strict_page.get_by_role("button", name="Sign in").click()
    strict_page.get_by_label("Security code").fill(code)
    strict_page.get_by_role("button", name="Continue").click()
    strict_page.wait_for_url(re.compile(r"/staff/queues/"))
    found = {}
    for path in [
        "/staff/queues/mine/",
        "/staff/queues/awaiting-acknowledgement/",
        f"/staff/complaints/{complaint.reference}/",
        f"/staff/complaints/{complaint.reference}/acknowledge/",
        f"/staff/complaints/{complaint.reference}/document/",
        "/staff/complaints/log/",
        f"/staff/residents/{complaint.resident.pk}/",
        "/staff/residents/",
        "/staff/service-requests/",
        "/alerts/",
        "/staff/dashboard/",
        "/staff/dashboard/tsm/",
    ]:
        found[path] = visit(strict_page, site + path)
    # Swagger UI (self-hosted, started from a file) draws the operations.
    strict_page.console_csp.clear()
    strict_page.goto(site + "/api/docs/")
    strict_page.get_by_text("/api/v1/complaints/").first.wait_for()
    found["/api/docs/"] = csp_violations(strict_page)
    # htmx swaps the resident search results in place: the request and the swap happen under the policy too.
    visit(strict_page, site + "/staff/residents/")
    strict_page.locator("main form input[type=text], main form input[type=search]").first.fill(
        complaint.resident.name.split()[-1]
    )
    strict_page.locator("#main-content").get_by_role("button", name="Search").click()
    strict_page.locator("#resident-results").get_by_text(complaint.resident.name).first.wait_for()
    assert strict_page.url.endswith("/staff/residents/")  # swapped in place, not a new page
    found["htmx search"] = csp_violations(strict_page)
    assert found == {key: [] for key in found}
