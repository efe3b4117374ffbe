"""`GET /api/v1/complaints/?search=…`: the staff search box's meaning and order, through the API client."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from complaints.services import record
from tests.factories import HomeFactory, ResidentFactory

LIST = "/api/v1/complaints/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def cases(log_complaint, officer):
    grace = ResidentFactory(name="Grace Okafor", home=HomeFactory(address="12 Weaver Court", postcode="LS1 4AB"))
    by_name = log_complaint(resident=grace, summary="The boiler failed again.")
    by_words = log_complaint(summary="Grace Okafor next door says the boiler noise is unbearable.")
    elsewhere = log_complaint(resident=ResidentFactory(name="Peter Walsh"), summary="Broken fence.")
    return {"by_name": by_name, "by_words": by_words, "elsewhere": elsewhere}


def ids(answer):
    assert answer.status_code == 200, answer.data
    return [row["id"] for row in answer.data["results"]]


def test_a_search_answers_best_match_first(cases, officer):
    answer = client_for(officer).get(LIST, {"search": "okafor grace"})
    assert ids(answer) == [cases["by_name"].pk, cases["by_words"].pk]


def test_a_reference_without_its_prefix_finds_the_complaint(cases, officer):
    number = cases["elsewhere"].reference.removeprefix("CMP-")
    assert ids(client_for(officer).get(LIST, {"search": number})) == [cases["elsewhere"].pk]


def test_a_search_composes_with_the_other_filters_and_an_explicit_ordering(cases, officer):
    client = client_for(officer)
    assert ids(client.get(LIST, {"search": "boiler", "resident": cases["by_words"].resident_id})) == [
        cases["by_words"].pk
    ]
    oldest_first = ids(client.get(LIST, {"search": "boiler", "ordering": "received_on"}))
    assert set(oldest_first) == {cases["by_name"].pk, cases["by_words"].pk}


def test_staff_who_are_not_case_workers_find_only_what_they_logged(log_complaint, staff_member, officer):
    grace = ResidentFactory(name="Grace Okafor")
    theirs = log_complaint(resident=grace, actor=staff_member)
    log_complaint(resident=grace)
    assert ids(client_for(staff_member).get(LIST, {"search": "Grace Okafor"})) == [theirs.pk]


def test_the_board_is_refused(cases, board_member):
    assert client_for(board_member).get(LIST, {"search": "Grace Okafor"}).status_code == 403


def test_too_short_a_search_is_refused_with_the_reason(cases, officer):
    answer = client_for(officer).get(LIST, {"search": "ab"})
    assert answer.status_code == 400
    assert "at least 3 characters" in str(answer.data["search"])


def test_special_category_data_is_not_searched(cases, manager):
    record.disclosure_record(
        actor=manager,
        resident=cases["elsewhere"].resident,
        kind="vulnerability",
        description="Recently bereaved",
        disclosed_on=cases["elsewhere"].received_on,
    )
    assert ids(client_for(manager).get(LIST, {"search": "bereaved"})) == []


def test_the_number_of_queries_does_not_grow_with_the_results(log_complaint, officer):
    grace = ResidentFactory(name="Grace Okafor")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client_for(officer).get(LIST, {"search": "Grace Okafor"}).status_code == 200
        return len(captured)

    log_complaint(resident=grace)
    queries()  # The first request also claims a batch of the throttle's count (core.throttling).
    one = queries()
    for _ in range(4):
        log_complaint(resident=grace)
    assert queries() == one
