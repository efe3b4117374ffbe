"""The dashboard and the TSM page in a browser, checked by axe at WCAG 2.2 AA, with their charts and tables."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_and_tsm_pages_have_no_wcag_22_aa_violations(page, site, officer, log_complaint):
    log_complaint(received_on=datetime.date(2026, 2, 2))
    log_complaint(received_on=datetime.date(2026, 1, 12))

    sign_in(page, site, officer)
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Complaints dashboard").wait_for()
    assert page.locator("img.app-chart").count() >= 3
    assert_accessible(page)
    screenshot(page, "dashboard")

    page.get_by_text("Choose the period and breakdown").click()
    page.get_by_role("radio", name="Month").check()
    page.locator("#id_year").fill("2026")
    page.get_by_role("combobox", name=re.compile(r"^Month")).select_option("2")
    page.get_by_role("combobox", name=re.compile(r"^Break down by")).select_option("stage")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_text("February 2026, by stage").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Tenant Satisfaction Measures (CH01 and CH02)").click()
    page.get_by_role("heading", name="How these figures are counted").wait_for()
    assert_accessible(page)
    screenshot(page, "tsm")
