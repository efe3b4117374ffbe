"""The Ombudsman API: referrals, findings, orders and compliance, CHFOs, and the figures (counts only)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ombudsman.models import HandlingFailureOrder, Order
from tests.oversight import answered_complaint


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def complaint(log_complaint, officer):
    return answered_complaint(log_complaint, officer)


def test_an_officer_records_a_referral_its_findings_an_order_and_compliance(officer, complaint):
    client = api(officer)
    referral = client.post(
        "/api/v1/ombudsman-referrals/",
        {"complaint": complaint.pk, "referred_on": "2026-02-20", "ombudsman_reference": "202655555"},
        format="json",
    )
    assert referral.status_code == 201, referral.content
    pk = referral.json()["id"]

    finding = client.post(
        f"/api/v1/ombudsman-referrals/{pk}/findings/",
        {"element": "Repairs", "determination": "severe_maladministration", "determined_on": "2026-02-25"},
        format="json",
    )
    assert finding.status_code == 201, finding.content
    finding_id = finding.json()["findings"][0]["id"]

    order = client.post(
        f"/api/v1/ombudsman-referrals/{pk}/orders/",
        {
            "kind": "order",
            "description": "Pay £500",
            "made_on": "2026-02-25",
            "due_on": "2026-03-25",
            "finding": finding_id,
            "owner": officer.pk,
        },
        format="json",
    )
    assert order.status_code == 201, order.content
    order_id = order.json()["orders"][0]["id"]

    complied = client.post(
        f"/api/v1/ombudsman-orders/{order_id}/comply/",
        {"complied_on": "2026-03-02", "evidence": "Paid by BACS"},
        format="json",
    )
    assert complied.status_code == 200, complied.content
    assert complied.json()["complied_on"] == "2026-03-02"
    assert Order.objects.get().complied_on is not None


def test_a_determination_still_pending_is_refused_with_the_reason(officer, complaint):
    client = api(officer)
    pk = client.post(
        "/api/v1/ombudsman-referrals/", {"complaint": complaint.pk, "referred_on": "2026-02-20"}, format="json"
    ).json()["id"]
    answer = client.post(
        f"/api/v1/ombudsman-referrals/{pk}/determine/",
        {"determination": "pending", "determined_on": "2026-02-25"},
        format="json",
    )
    assert answer.status_code == 400
    assert "determination" in answer.json()


def test_a_chfo_is_recorded_and_complied_with(officer):
    client = api(officer)
    created = client.post(
        "/api/v1/handling-failure-orders/",
        {"issued_on": "2026-02-02", "failure": "No stage 2", "order": "Escalate", "due_on": "2026-02-16"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["reference"] is None
    complied = client.post(
        f"/api/v1/handling-failure-orders/{created.json()['id']}/comply/",
        {"complied_on": "2026-02-13", "evidence": ""},
        format="json",
    )
    assert complied.status_code == 400
    assert HandlingFailureOrder.objects.get().complied_on is None


def test_the_board_sees_the_figures_but_no_cases(board_member, officer, complaint):
    api(officer).post(
        "/api/v1/ombudsman-referrals/", {"complaint": complaint.pk, "referred_on": "2026-02-20"}, format="json"
    )
    board = api(board_member)
    assert board.get("/api/v1/ombudsman-referrals/").status_code == 403
    assert board.get("/api/v1/ombudsman-orders/").status_code == 403
    assert board.get("/api/v1/handling-failure-orders/").status_code == 403
    figures = board.get("/api/v1/ombudsman-referrals/figures/?from=2026-02-01&to=2026-02-28")
    assert figures.status_code == 200
    body = figures.json()
    assert body["referrals"] == 1
    assert complaint.reference not in figures.content.decode()
    assert body["findings"][0]["determination"] == "severe_maladministration"


def test_staff_cannot_record_a_referral(staff_member, complaint):
    answer = api(staff_member).post(
        "/api/v1/ombudsman-referrals/", {"complaint": complaint.pk, "referred_on": "2026-02-20"}, format="json"
    )
    assert answer.status_code == 403
    assert (
        api(staff_member).get("/api/v1/ombudsman-referrals/figures/?from=2026-02-01&to=2026-02-28").status_code == 403
    )


def test_the_figures_need_a_period_in_order(board_member):
    answer = api(board_member).get("/api/v1/ombudsman-referrals/figures/?from=2026-03-01&to=2026-02-01")
    assert answer.status_code == 400
    assert "to" in answer.json()


def test_roles_that_may_not_act_are_refused_before_their_input_is_read(board_member, staff_member, senior_lead):
    for user in (board_member, staff_member, senior_lead):
        for url in ("/api/v1/ombudsman-referrals/", "/api/v1/handling-failure-orders/"):
            assert api(user).post(url, {}, format="json").status_code == 403, (user, url)
