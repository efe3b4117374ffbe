"""Staff pages for Ombudsman cases: record a referral from the case page, findings, orders, compliance, CHFOs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ombudsman import services
from ombudsman.models import Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from tests.casework.conftest import date_fields
from tests.oversight import answered_complaint, referred_complaint

D = datetime.date


@pytest.fixture
def referral(log_complaint, officer):
    return referred_complaint(log_complaint, officer)[1]


def test_an_officer_records_a_referral_from_the_case_page(client, officer, log_complaint, login_with_mfa):
    complaint = answered_complaint(log_complaint, officer)
    login_with_mfa(client, officer)
    answer = client.post(
        reverse("casework:complaint-action", args=[complaint.reference, "ombudsman-referral"]),
        {"version": complaint.version, **date_fields("referred_on", D(2026, 2, 27)), "ombudsman_reference": "2026777"},
    )
    assert answer.status_code == 302
    referral = OmbudsmanReferral.objects.get()
    assert (referral.complaint, referral.referred_on, referral.ombudsman_reference) == (
        complaint,
        D(2026, 2, 27),
        "2026777",
    )


def test_findings_orders_and_compliance_are_recorded_on_the_referral_page(
    client, officer, manager, referral, login_with_mfa
):
    login_with_mfa(client, officer)
    base = reverse("ombudsman:referral", args=[referral.pk])
    found = client.post(
        f"{base}finding/",
        {"element": "Repairs", "determination": "maladministration", **date_fields("determined_on", D(2026, 2, 25))},
    )
    assert found.status_code == 302
    finding = Finding.objects.get()

    early = client.post(
        f"{base}order/",
        {
            "kind": "order",
            "description": "Pay £400",
            **date_fields("made_on", D(2026, 2, 25)),
            **date_fields("due_on", D(2026, 2, 24)),
        },
    )
    assert "The due date cannot be before the determination" in early.content.decode()
    ordered = client.post(
        f"{base}order/",
        {
            "kind": "order",
            "description": "Pay £400",
            **date_fields("made_on", D(2026, 2, 25)),
            **date_fields("due_on", D(2026, 3, 25)),
            "finding": finding.pk,
            "owner": manager.pk,
        },
    )
    assert ordered.status_code == 302
    order = Order.objects.get()
    assert (order.finding, order.owner) == (finding, manager)

    page = client.get(base).content.decode()
    assert "Maladministration" in page and "Pay £400" in page and "Record compliance" in page
    complied = client.post(
        reverse("ombudsman:order-comply", args=[order.pk]),
        {**date_fields("complied_on", D(2026, 3, 2)), "evidence": "BACS 123"},
    )
    assert complied.status_code == 302
    order.refresh_from_db()
    assert order.complied_on == D(2026, 3, 2)
    assert "Done 2 March 2026: BACS 123" in client.get(base).content.decode()


def test_a_chfo_is_recorded_and_listed_until_complied_with(client, officer, log_complaint, login_with_mfa):
    complaint = log_complaint()
    login_with_mfa(client, officer)
    created = client.post(
        reverse("ombudsman:chfo-new"),
        {
            "complaint": complaint.reference,
            **date_fields("issued_on", D(2026, 2, 20)),
            "failure": "Did not escalate",
            "order": "Escalate now",
            **date_fields("due_on", D(2026, 2, 27)),
        },
    )
    assert created.status_code == 302
    chfo = HandlingFailureOrder.objects.get()
    assert chfo.complaint == complaint
    overview = client.get(reverse("ombudsman:overview")).content.decode()
    assert "Escalate now" in overview and "Overdue" in overview

    client.post(
        reverse("ombudsman:chfo-comply", args=[chfo.pk]),
        {**date_fields("complied_on", D(2026, 3, 2)), "evidence": "Escalated on 2 March"},
    )
    assert "Escalate now" not in client.get(reverse("ombudsman:overview")).content.decode()


def test_the_senior_lead_reads_ombudsman_pages_but_records_nothing(
    client, senior_lead, officer, referral, login_with_mfa
):
    order = services.order_record(
        actor=officer, referral=referral, kind="order", description="x", made_on=D(2026, 2, 25), due_on=D(2026, 3, 9)
    )
    login_with_mfa(client, senior_lead)
    assert client.get(reverse("ombudsman:overview")).status_code == 200
    page = client.get(reverse("ombudsman:referral", args=[referral.pk]))
    assert page.status_code == 200 and "Record a finding" not in page.content.decode()
    for url in [
        reverse("ombudsman:referral-action", args=[referral.pk, "finding"]),
        reverse("ombudsman:order-comply", args=[order.pk]),
        reverse("ombudsman:chfo-new"),
    ]:
        assert client.get(url).status_code == 403, url


def test_the_board_and_staff_are_refused_every_ombudsman_page(
    client, board_member, staff_member, referral, login_with_mfa
):
    urls = [
        reverse("ombudsman:overview"),
        reverse("ombudsman:referral", args=[referral.pk]),
        reverse("ombudsman:referral-action", args=[referral.pk, "determine"]),
        reverse("ombudsman:chfo-new"),
    ]
    for user in (board_member, staff_member):
        login_with_mfa(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)


def test_an_unknown_referral_action_is_not_found(client, officer, referral, login_with_mfa):
    login_with_mfa(client, officer)
    assert client.get(reverse("ombudsman:referral-action", args=[referral.pk, "delete"])).status_code == 404
