"""A PDF asked for on the page is rendered by a real Celery worker through a real Redis, and its progress and
result land on the row the page polls."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.urls import reverse

from core import roles
from reporting import services
from reporting.models import ReportRender
from tests.alerts.worker.conftest import broker_is_idle, wait_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def test_the_worker_renders_the_report_the_board_asked_for_and_the_page_sees_it_finish(
    log_complaint, worker, broker, client, login_with_mfa
):
    lead = UserFactory(role=roles.SENIOR_LEAD, username="lena")
    board_member = UserFactory(role=roles.BOARD, username="bob")
    log_complaint(received_on=datetime.date(2025, 6, 2))
    report = services.annual_report_create(actor=lead, year=2025)
    worker.start()

    login_with_mfa(client, board_member)
    response = client.post(reverse("reporting:staff-render", args=[report.pk]))
    render = ReportRender.objects.get()
    status_url = reverse("reporting:render-status", args=[render.pk])
    wait_for(lambda: client.get(status_url).json()["finished"], 120, "the render to finish")

    status = client.get(status_url).json()
    assert response.status_code == 302
    assert status["status"] == "done" and status["progress"] == 100 and status["step"] == "Ready"
    text = text_of(client.get(status["download"]).content)
    assert "Annual Complaints Performance and Service Improvement report 2025 to 2026" in text
    assert "We received 1 complaints at stage 1" in text
    wait_for(lambda: broker_is_idle(broker), 30, "the queue to empty")


def test_the_worker_renders_the_mrc_pack(log_complaint, worker, broker):
    board_member = UserFactory(role=roles.BOARD, username="bob")
    log_complaint(received_on=datetime.date(2025, 5, 6))
    worker.start()

    render = services.mrc_pack_request(actor=board_member, year=2025, quarter=1)
    wait_for(lambda: ReportRender.objects.get(pk=render.pk).is_finished, 120, "the pack to render")

    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE and render.started_at and render.finished_at
    text = text_of(bytes(render.pdf))
    assert "1 April 2025 to 30 June 2025" in text and "(Code 9.7 c)" in text
