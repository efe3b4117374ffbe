"""The staff header's search box and its results page (/staff/search/), and the queues' text filter."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tests.conftest import TODAY
from tests.factories import HomeFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace(db):
    home = HomeFactory(address="Flat 3\n12 Weaver Court\nLeeds", postcode="LS1 4AB")
    return ResidentFactory(name="Grace Okafor", home=home)


def search(client, text):
    return client.get(reverse("casework:search"), {"q": text})


def references(response):
    return re.findall(r">(CMP-\d+)<", response.content.decode())


def test_the_results_show_reference_resident_stage_status_next_due_and_why(as_officer, log_complaint, grace):
    complaint = log_complaint(resident=grace, received_on=TODAY)
    log_complaint()
    page = search(as_officer, "okafor grace").content.decode()
    assert references(search(as_officer, "okafor grace")) == [complaint.reference]
    assert "1 complaint found" in page
    assert "Grace Okafor" in page and "Stage 1" in page and "Awaiting acknowledgement" in page
    assert complaint.__class__.objects.get(pk=complaint.pk).next_due.strftime("%-d %B %Y") in page
    assert "Resident&#x27;s name" in page


def test_a_postcode_without_its_space_finds_the_home(as_officer, log_complaint, grace):
    complaint = log_complaint(resident=grace)
    assert references(search(as_officer, "ls14ab")) == [complaint.reference]


def test_too_short_a_search_explains_itself(as_officer):
    page = search(as_officer, "ab").content.decode()
    assert "Enter at least 3 characters to search for" in page
    assert 'class="govuk-error-summary' in page
    empty = search(as_officer, "").content.decode()
    assert "Enter a reference, name, address, postcode, email, phone or words to search for" in empty


def test_nothing_found_says_so(as_officer, log_complaint):
    log_complaint()
    assert "No complaint you can see matches" in search(as_officer, "Zebedee Quartermaine").content.decode()


def test_the_header_offers_the_search_box_to_those_who_may_list_complaints(as_officer):
    page = as_officer.get(reverse("casework:queue", args=["mine"])).content.decode()
    assert 'role="search"' in page and '<label class="govuk-visually-hidden" for="header-search">' in page


def test_the_board_gets_no_search_box_and_the_page_refuses_them(client, board_member, login_with_mfa):
    login_with_mfa(client, board_member)
    assert search(client, "Grace Okafor").status_code == 403
    assert 'id="header-search"' not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_staff_who_are_not_case_workers_find_only_what_they_logged(
    client, staff_member, login_with_mfa, log_complaint, grace
):
    theirs = log_complaint(resident=grace, actor=staff_member)
    log_complaint(resident=grace)
    login_with_mfa(client, staff_member)
    assert references(search(client, "Grace Okafor")) == [theirs.reference]


def test_a_queue_accepts_the_same_text_and_keeps_its_own_conditions(as_officer, log_complaint, grace):
    overdue = log_complaint(resident=grace, received_on=datetime.date(2026, 2, 2))
    log_complaint(resident=grace, received_on=TODAY)  # not overdue
    log_complaint(received_on=datetime.date(2026, 2, 2))  # overdue, someone else
    page = as_officer.get(reverse("casework:queue", args=["overdue"]), {"q": "Weaver Court"})
    assert references(page) == [overdue.reference]


def test_a_queue_explains_too_short_a_search(as_officer):
    page = as_officer.get(reverse("casework:queue", args=["overdue"]), {"q": "ab"}).content.decode()
    assert "Enter at least 3 characters to search for" in page
