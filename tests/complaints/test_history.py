from __future__ import annotations

import datetime

from rest_framework.test import APIClient

from complaints.services import workflow
from tests.conftest import POINTS


def test_the_history_shows_who_changed_what_on_the_case(log_complaint, officer, board_member):
    complaint = log_complaint()
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 4), points=POINTS
    )
    client = APIClient()
    client.force_authenticate(officer)

    history = client.get(f"/api/v1/complaints/{complaint.pk}/history/").json()

    assert [event["kind"] for event in history["timeline"]] == ["logged", "acknowledged", "letter", "delivery"]
    assert history["timeline"][1]["actor"] == officer.get_full_name()
    stage_updates = [c for c in history["changes"] if c["record"] == "Stage" and "acknowledged_on" in c["fields"]]
    assert stage_updates[0]["fields"]["acknowledged_on"] == [None, "2026-02-04"]
    assert stage_updates[0]["user"] == officer.get_full_name()
    points_added = [c for c in history["changes"] if c["record"] == "DefinitionPoint" and c["change"] == "insert"]
    assert len(points_added) == 2


def test_a_board_member_cannot_read_a_case_history(log_complaint, board_member):
    complaint = log_complaint()
    client = APIClient()
    client.force_authenticate(board_member)
    assert client.get(f"/api/v1/complaints/{complaint.pk}/history/").status_code == 403
