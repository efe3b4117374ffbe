"""What one API request costs the database: a fixed number of queries for create, detail and list, however many
complaints there are. The throttle's count costs none of them: a process claims a batch of it at a time
(core.throttling), on the first request here, before counting starts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from complaints.models import Complaint, Team
from core import roles
from tests.complaints.test_api import LIST, client_for, new_complaint, post, url
from tests.factories import ResidentFactory, UserFactory

# Create: the resident, the complaint, its stage with its deadlines, the timeline event (the audit context rides in
# each write statement, not a round trip of its own); the answer is made from what was written, not read back.
# Detail: the complaint with its channel, team, resident and regime, and as JSON its stages (each with its response,
# definition points and extensions) and categories, in one statement (complaints_with_stages); the user's roles
# come with the token (core.authentication). A page of the list: the page's ids first
# (core.api.CountedUpToPagination), then their rows as detail reads one; a page with a next page adds the count.
CREATE = 21
DETAIL = 1
LIST_PAGE = 2


def add_complaints(client, count: int) -> list[int]:
    return [post(client, LIST, new_complaint(resident=ResidentFactory().pk)).data["id"] for _ in range(count)]


@pytest.mark.django_db
@pytest.mark.parametrize("already", [0, 12])
def test_logging_a_complaint_takes_a_fixed_number_of_queries(officer, django_assert_max_num_queries, already):
    client = client_for(officer)
    client.get(LIST)
    add_complaints(client, already)
    with django_assert_max_num_queries(CREATE):
        answer = post(client, LIST, new_complaint())
    assert answer.status_code == 201, answer.data


@pytest.mark.django_db
@pytest.mark.parametrize("already", [1, 12])
def test_reading_a_complaint_takes_a_fixed_number_of_queries(officer, django_assert_max_num_queries, already):
    client = client_for(officer)
    last = add_complaints(client, already)[-1]
    with django_assert_max_num_queries(DETAIL):
        answer = client.get(url(last))
    assert answer.status_code == 200
    assert answer.data["id"] == last


@pytest.mark.django_db
@pytest.mark.parametrize("already", [1, 12])
def test_a_page_of_the_list_takes_a_fixed_number_of_queries(officer, django_assert_max_num_queries, already):
    client = client_for(officer)
    add_complaints(client, already)
    # Each complaint with a team of its own: the team's code is on every row.
    for n, complaint in enumerate(Complaint.objects.all()):
        complaint.team = Team.objects.create(code=f"area-{n}", name=f"Area {n}")
        complaint.save(update_fields=["team"])
    for query in ["", "?overdue=true", "?ordering=next_due", "?due_after=2026-01-01"]:
        with django_assert_max_num_queries(LIST_PAGE):
            answer = client.get(LIST + query)
        assert answer.status_code == 200
    assert client.get(LIST).data["count"] == already


@pytest.mark.django_db
def test_a_token_brings_its_users_roles_in_the_same_statement(officer, staff_member):
    client = client_for(officer)
    last = add_complaints(client, 1)[-1]
    by_token = APIClient(headers={"Authorization": f"Token {Token.objects.create(user=officer).key}"})
    by_token.get(LIST)  # the throttle's first claim
    with CaptureQueriesContext(connection) as queries:
        assert by_token.get(url(last)).status_code == 200
    reading_roles = [query["sql"] for query in queries if "auth_user_groups" in query["sql"]]
    assert len(reading_roles) == 1
    assert "authtoken_token" in reading_roles[0]
    # The roles read with the token still decide: a staff member may not read complaints through the API.
    refused = APIClient(headers={"Authorization": f"Token {Token.objects.create(user=staff_member).key}"})
    assert refused.get(url(last)).status_code in (403, 404)


@pytest.mark.django_db
def test_a_token_answers_for_its_active_user_with_the_roles_they_hold(officer):
    complaint_id = add_complaints(client_for(officer), 1)[-1]

    def by_token(user) -> APIClient:
        return APIClient(headers={"Authorization": f"Token {Token.objects.create(user=user).key}"})

    answer = by_token(officer).get(url(complaint_id))
    assert answer.status_code == 200
    assert answer.wsgi_request.auth.user == officer
    assert APIClient(headers={"Authorization": "Token " + "0" * 40}).get(url(complaint_id)).status_code == 401
    # No role at all: signed in, and may see nothing.
    assert by_token(UserFactory()).get(url(complaint_id)).status_code in (403, 404)
    gone = UserFactory(role=roles.OFFICER)
    gone_client = by_token(gone)
    assert gone_client.get(url(complaint_id)).status_code == 200
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert gone_client.get(url(complaint_id)).status_code == 401
