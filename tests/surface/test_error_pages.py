"""Django's own error answers: JSON for API clients (what the schema documents), a GOV.UK page in plain English
for people, and nothing about the system's insides in either."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_unknown_api_address_answers_json(client):
    answer = client.get("/api/v1/no-such-thing/")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "Not found."}


def test_an_unknown_page_answers_a_page_a_resident_can_use(client):
    answer = client.get("/no-such-page/")

    page = answer.content.decode()
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")
    assert '<h1 class="govuk-heading-xl">Page not found</h1>' in page
    assert 'href="/complain/"' in page and 'href="/check/"' in page


def test_a_refused_page_says_why_in_words(client, board_member, login_with_mfa):
    login_with_mfa(client, board_member)

    answer = client.get("/staff/queues/mine/")

    assert answer.status_code == 403
    assert "You cannot see this page" in answer.content.decode()


@pytest.mark.urls("tests.surface.crash_urls")
@pytest.mark.parametrize(
    ("path", "content_type", "text"),
    [
        ("/api/v1/crash/", "application/json", "Something went wrong on our side"),
        ("/crash/", "text/html", "Sorry, there is a problem with the service"),
    ],
)
def test_a_crash_answers_without_details(path, content_type, text):
    # Django renders the 500 page without the request's context (it may be what failed): it must still render.
    answer = Client(raise_request_exception=False).get(path)

    body = answer.content.decode()
    assert answer.status_code == 500
    assert answer["Content-Type"].startswith(content_type)
    assert text in body
    assert "Traceback" not in body and "nobody outside" not in body
