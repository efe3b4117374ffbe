"""Issue 15 §5: every role starts somewhere useful after signing in, never on a refusal, and the board's menu
reaches what it approves."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANDINGS = [
    (roles.OFFICER, False, reverse("casework:queue", args=["mine"]), "My cases"),
    (roles.SENIOR_MANAGER, False, reverse("casework:queue", args=["mine"]), "My cases"),
    (roles.STAFF, False, reverse("casework:queue", args=["logged"]), "Complaints I logged"),
    (roles.SENIOR_LEAD, False, reverse("dashboard:dashboard"), "Dashboard"),
    (roles.BOARD, False, reverse("dashboard:dashboard"), "Dashboard"),
    (roles.ADMINISTRATOR, True, reverse("golive:administration"), "Administration"),
]


def _menu(client) -> dict[str, str]:
    navigation = client.get(reverse("dashboard:dashboard")).context["staff_navigation"]
    return {item["text"]: item["url"] for item in navigation}


@pytest.mark.parametrize(("role", "is_staff", "landing", "heading"), LANDINGS)
def test_signing_in_lands_each_role_on_its_own_page(client, login_with_mfa, role, is_staff, landing, heading):
    user = UserFactory(role=role, is_staff=is_staff)
    login_with_mfa(client, user)
    response = client.get(reverse("staff-home"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == landing
    assert heading in response.content.decode()


def test_the_board_menu_reaches_the_annual_report_and_the_self_assessment(client, board_member, login_with_mfa):
    login_with_mfa(client, board_member)
    menu = _menu(client)
    assert menu == {
        "Dashboard": reverse("dashboard:dashboard"),
        "Annual report": reverse("reporting:staff-list"),
        "Self-assessment": reverse("selfassessment:staff-list"),
    }
    for url in menu.values():
        assert client.get(url).status_code == 200, url


def test_the_senior_leads_work_queues_open_on_what_is_overdue(client, login_with_mfa):
    lead = UserFactory(role=roles.SENIOR_LEAD)
    login_with_mfa(client, lead)
    menu = _menu(client)
    assert menu["Work queues"] == reverse("casework:queue", args=["overdue"])
    assert client.get(menu["Work queues"]).status_code == 200


def test_the_administration_home_lists_what_administrators_do(client, login_with_mfa):
    administrator = UserFactory(role=roles.ADMINISTRATOR, is_staff=True)
    login_with_mfa(client, administrator)
    page = client.get(reverse("golive:administration")).content.decode()
    for link in [
        reverse("golive:check"),
        reverse("identity:mfa-resets"),
        reverse("admin:complaints_regime_changelist"),
        reverse("admin:complaints_closureday_changelist"),
        reverse("admin:complaints_team_changelist"),
    ]:
        assert f'href="{link}"' in page
    assert client.get(reverse("admin:complaints_regime_changelist")).status_code == 200


def test_the_administration_home_refuses_other_roles(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    assert client.get(reverse("golive:administration")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in_from_the_administration_home():
    response = Client().get(reverse("golive:administration"))
    assert response.status_code == 302 and reverse("account_login") in response.url
