"""The satisfaction survey page (Code 1.6) meets WCAG 2.2 AA, with and without errors, and after answering."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from surveys.models import Survey
from surveys.services import token_hash
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "a-test-survey-token-that-nobody-could-guess-0123456789"


@pytest.fixture
def survey_url(site, log_complaint, officer):
    complaint = log_complaint()
    Survey.objects.create(
        complaint=complaint, stage=1, token_hash=token_hash(TOKEN), sent_on=datetime.date(2026, 3, 2), sent_by=officer
    )
    return f"{site}/survey/{TOKEN}/"


def test_the_survey_page_has_no_violations_and_says_how_to_complain(page, survey_url):
    page.goto(survey_url)
    assert page.get_by_role("heading", name="Tell us how we handled your complaint").is_visible()
    assert page.get_by_role("link", name="make a complaint online").is_visible()
    assert_accessible(page)
    screenshot(page, "public-survey")


def test_the_survey_with_errors_and_the_thank_you_page_have_no_violations(page, survey_url, site):
    page.goto(survey_url)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-survey-errors")

    page.get_by_role("group", name="Overall, how satisfied are you with how we handled your complaint?").get_by_label(
        "Fairly satisfied"
    ).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()
    assert_accessible(page)
    screenshot(page, "public-survey-thanks")
    assert Survey.objects.get().handling == 4

    page.goto(survey_url)
    assert page.get_by_role("heading", name="You have already answered this survey").is_visible()
    assert_accessible(page)
