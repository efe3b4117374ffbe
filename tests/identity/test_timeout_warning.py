"""The idle timeout's warning (issue 15 §3): on every staff page, never on the residents' pages, and its "Stay
signed in" pushes the session's end on."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

pytestmark = pytest.mark.django_db


def session_ends(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_staff_pages_carry_the_warning_with_the_time_left(client, officer, login_with_mfa, settings):
    login_with_mfa(client, officer)

    html = client.get(reverse("staff-home"), follow=True).content.decode()

    assert 'id="timeout-warning"' in html
    assert f'data-seconds-left="{settings.SESSION_COOKIE_AGE}"' in html
    assert 'data-warn-seconds="120"' in html
    assert f'data-after-request-seconds="{settings.SESSION_COOKIE_AGE - 60}"' in html
    assert "js/timeout-warning.js" in html


def test_the_residents_pages_have_no_warning(client):
    html = client.get(reverse("public:home")).content.decode()

    assert "timeout-warning" not in html


def test_the_time_left_counts_down_between_touches(client, officer, login_with_mfa, frozen_today, settings):
    login_with_mfa(client, officer)
    client.get(reverse("identity:security"))
    frozen_today.shift(30)

    html = client.get(reverse("identity:security")).content.decode()

    assert f'data-seconds-left="{settings.SESSION_COOKIE_AGE - 30}"' in html


def test_staying_signed_in_pushes_the_end_of_the_session_on(client, officer, login_with_mfa, frozen_today, settings):
    login_with_mfa(client, officer)
    client.get(reverse("identity:security"))
    before = session_ends(client)
    frozen_today.shift(25)

    answer = client.post(reverse("identity:keep-alive"))

    assert answer.status_code == 200
    assert answer.json() == {"seconds_left": settings.SESSION_COOKIE_AGE}
    assert session_ends(client) == before + datetime.timedelta(seconds=25)


def test_an_ended_session_is_not_brought_back(client, officer, login_with_mfa, frozen_today, settings):
    login_with_mfa(client, officer)
    frozen_today.shift(settings.SESSION_COOKIE_AGE + 1)

    answer = client.post(reverse("identity:keep-alive"))

    assert answer.status_code == 302 and answer.url.startswith(reverse("account_login"))


def test_keep_alive_takes_only_a_post(client, officer, login_with_mfa):
    login_with_mfa(client, officer)

    assert client.get(reverse("identity:keep-alive")).status_code == 405
