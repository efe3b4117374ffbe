"""The REST API end to end: every request goes through URL routing, authentication, the serializers, the
workflow services and the exception handler, and the answers are checked against dates worked out by hand
from the UK calendar.

Today is frozen at Monday 2 March 2026 (tests/conftest.py). Dates used below, from the 2026 calendar:
Mon 2 Feb, Wed 4 Feb, Mon 9 Feb, Wed 18 Feb, Fri 20 Feb, Mon 23 Feb, Mon 2 Mar, Mon 30 Mar; bank holidays
Thu 1 Jan (UK), Fri 2 Jan (Scotland only), Tue 17 Mar (Northern Ireland only), Fri 3 Apr (Good Friday, UK),
Mon 6 Apr (Easter Monday: England, Wales and Northern Ireland, not Scotland)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from complaints.api.serializers import ComplaintSerializer
from complaints.models import Category, Complaint, DefinitionPoint, Extension, Representative, Resident, Response, Stage
from complaints.selectors import complaints_with_stages
from core.api import CountedUpToPagination
from tests.factories import ResidentFactory

LIST = "/api/v1/complaints/"


def url(complaint_id: int, action: str | None = None) -> str:
    return f"{LIST}{complaint_id}/" + (f"{action}/" if action else "")


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, path: str, body: dict[str, Any], **headers: str):
    return client.post(path, body, format="json", headers=headers or None)


NEW_RESIDENT = {
    "name": "Grace Okafor",
    "email": "grace@resident.example",
    "phone": "07700 900456",
    "address": "Flat 3, 12 Mill Lane, Leeds",
    "postcode": "ls1 4ab",
    "preferred_contact": "email",
}

DEFINITION = [
    {"point": "Repair appointments were missed", "outcome_sought": "Boiler repaired this week"},
    {"point": "Nobody called back", "outcome_sought": "An apology"},
]


def new_complaint(**overrides: Any) -> dict[str, Any]:
    body = {
        "received_on": "2026-02-02",
        "nation": "england",
        "channel": "phone",
        "summary": "The repair to my boiler was booked three times and nobody came.",
        "resident": dict(NEW_RESIDENT),
        "categories": ["repairs", "heating"],
    }
    body.update(overrides)
    return body


def response_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "responded_on": "2026-02-20",
        "decision": "partly_upheld",
        "reasons": "The appointments were missed because of a scheduling error; our call log shows call-backs.",
        "point_decisions": [
            {"point": 1, "decision": "upheld", "reason": "Three appointments were missed."},
            {"point": 2, "decision": "not_upheld", "reason": "Our call log shows two call-backs."},
        ],
        "remedies": [{"kind": "apology", "description": "A written apology", "due_on": "2026-02-20"}],
        "outstanding_actions": [{"description": "Replace the boiler", "due_on": "2026-03-13"}],
    }
    body.update(overrides)
    return body


def extension_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "working_days": 5,
        "reason": "We are waiting for the contractor's report on the boiler.",
        "resident_informed_on": "2026-02-18",
        "ombudsman_details_given": True,
        "update_interval_working_days": 5,
    }
    body.update(overrides)
    return body


def fetch(complaint_id: int, user: Any) -> dict[str, Any]:
    answer = client_for(user).get(url(complaint_id))
    assert answer.status_code == 200, answer.data
    return answer.data


# --- building cases through the API --------------------------------------------------------------------


@pytest.fixture
def logged(officer) -> dict[str, Any]:
    """England, received Mon 2 Feb 2026 by phone; logged by the officer."""
    answer = post(client_for(officer), LIST, new_complaint())
    assert answer.status_code == 201, answer.data
    return answer.data


@pytest.fixture
def acknowledged(logged, officer) -> dict[str, Any]:
    """Acknowledged Wed 4 Feb 2026 with a two-point definition: response due Wed 18 Feb."""
    answer = post(
        client_for(officer),
        url(logged["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-04", "definition": DEFINITION},
    )
    assert answer.status_code == 200, answer.data
    return answer.data


@pytest.fixture
def responded(acknowledged, officer) -> dict[str, Any]:
    """Stage 1 response issued Fri 20 Feb 2026 by the officer."""
    answer = post(client_for(officer), url(acknowledged["id"], "respond"), response_body())
    assert answer.status_code == 200, answer.data
    return answer.data


@pytest.fixture
def escalated(responded, officer) -> dict[str, Any]:
    """Escalation requested Mon 23 Feb 2026: stage 2 acknowledgement due Mon 2 Mar."""
    answer = post(client_for(officer), url(responded["id"], "escalate"), {"requested_on": "2026-02-23"})
    assert answer.status_code == 200, answer.data
    return answer.data


@pytest.fixture
def in_stage_2_review(escalated, officer, manager) -> dict[str, Any]:
    """The senior manager reviews stage 2, acknowledged Mon 2 Mar 2026: response due Mon 30 Mar."""
    answer = post(
        client_for(officer),
        url(escalated["id"], "acknowledge"),
        {"acknowledged_on": "2026-03-02", "definition": DEFINITION, "reviewer": manager.pk},
    )
    assert answer.status_code == 200, answer.data
    return answer.data


# --- logging ------------------------------------------------------------------------------------------


def test_logging_a_complaint_with_a_new_resident_returns_the_acknowledgement_due_five_working_days_later(officer):
    answer = post(client_for(officer), LIST, new_complaint())

    assert answer.status_code == 201
    data = answer.data
    assert isinstance(data["id"], int)
    assert data["reference"].startswith("CMP-")
    assert data["stage"] == 1
    assert data["status"] == "awaiting_acknowledgement"
    assert data["nation"] == "england"
    assert data["received_on"] == "2026-02-02"
    # Mon 2 Feb + 5 working days (3, 4, 5, 6, 9 Feb) = Mon 9 Feb.
    assert data["acknowledgement_due"] == "2026-02-09"
    assert data["response_due"] is None
    assert data["channel"] == "phone"
    assert sorted(data["categories"]) == ["heating", "repairs"]
    assert answer.headers["ETag"] == f'"{data["version"]}"'

    resident = Resident.objects.get(pk=data["resident"]["id"])
    assert data["resident"]["name"] == "Grace Okafor"
    assert resident.email == "grace@resident.example"
    assert resident.preferred_contact == "email"
    assert resident.home.postcode == "LS1 4AB"
    assert resident.home.nation == "england"
    complaint = Complaint.objects.get(pk=data["id"])
    assert complaint.logged_by == officer
    assert complaint.resident == resident


def test_logging_a_complaint_for_an_existing_resident_by_id_creates_no_new_resident(officer):
    resident = ResidentFactory(name="Amir Khan")
    residents_before = Resident.objects.count()

    answer = post(client_for(officer), LIST, new_complaint(resident=resident.pk, channel="email", categories=[]))

    assert answer.status_code == 201, answer.data
    assert answer.data["resident"] == {"id": resident.pk, "name": "Amir Khan"}
    assert answer.data["channel"] == "email"
    assert answer.data["categories"] == []
    assert Resident.objects.count() == residents_before


def test_a_scottish_complaint_has_no_acknowledgement_and_its_frontline_response_is_due_five_working_days_after_receipt(
    officer,
):
    answer = post(client_for(officer), LIST, new_complaint(nation="scotland"))

    assert answer.status_code == 201, answer.data
    assert answer.data["status"] == "in_progress"
    assert answer.data["acknowledgement_due"] is None
    # Mon 2 Feb + 5 working days (3, 4, 5, 6, 9 Feb) = Mon 9 Feb, counted from receipt (SPSO frontline).
    assert answer.data["response_due"] == "2026-02-09"
    assert answer.data["stages"][0]["name"] == "Frontline response"


@pytest.mark.parametrize(
    ("nation", "acknowledgement_due", "response_due"),
    [
        # Wed 31 Dec 2025; Thu 1 Jan is a holiday everywhere; Fri 2 Jan is a working day outside Scotland:
        # 2, 5, 6, 7, 8 Jan -> Thu 8 Jan (in Northern Ireland, NIPSO's frontline response, counted from receipt).
        ("england", "2026-01-08", None),
        ("wales", "2026-01-08", None),
        ("northern_ireland", None, "2026-01-08"),
        # Scotland also closes on Fri 2 Jan: 5, 6, 7, 8, 9 Jan -> Fri 9 Jan, for the frontline response.
        ("scotland", None, "2026-01-09"),
    ],
)
def test_the_second_of_january_is_a_holiday_only_for_a_home_in_scotland(
    officer, nation, acknowledgement_due, response_due
):
    answer = post(client_for(officer), LIST, new_complaint(received_on="2025-12-31", nation=nation))

    assert answer.status_code == 201, answer.data
    assert answer.data["acknowledgement_due"] == acknowledgement_due
    assert answer.data["response_due"] == response_due


@pytest.mark.parametrize(
    ("nation", "field", "due"),
    [
        # Wed 1 Apr 2026: Thu 2 Apr, (Good Friday 3 Apr, Easter Monday 6 Apr), 7, 8, 9, 10 Apr -> Fri 10 Apr.
        ("england", "acknowledgement_due", "2026-04-10"),
        ("wales", "acknowledgement_due", "2026-04-10"),
        ("northern_ireland", "response_due", "2026-04-10"),
        # Scotland works on Easter Monday: 2, (3 Apr), 6, 7, 8, 9 Apr -> Thu 9 Apr.
        ("scotland", "response_due", "2026-04-09"),
    ],
)
def test_easter_monday_is_a_working_day_only_in_scotland(officer, frozen_today, nation, field, due):
    frozen_today.move_to(datetime.datetime(2026, 4, 10, 12, 0, tzinfo=datetime.UTC))

    answer = post(client_for(officer), LIST, new_complaint(received_on="2026-04-01", nation=nation))

    assert answer.status_code == 201, answer.data
    assert answer.data[field] == due


def test_a_staff_member_can_log_a_complaint_for_a_resident_and_see_it(staff_member):
    client = client_for(staff_member)
    answer = post(client, LIST, new_complaint())

    assert answer.status_code == 201, answer.data
    assert Complaint.objects.get(pk=answer.data["id"]).logged_by == staff_member
    assert client.get(url(answer.data["id"])).status_code == 200
    assert [row["id"] for row in client.get(LIST).data["results"]] == [answer.data["id"]]


def test_logging_refuses_missing_fields_with_an_error_for_each(officer):
    answer = post(client_for(officer), LIST, {})

    assert answer.status_code == 400
    assert {"received_on", "nation", "channel", "summary", "resident"} <= set(answer.data)
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nation": "atlantis"}, "nation"),
        ({"nation": "England"}, "nation"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"categories": ["repairs", "no_such_category"]}, "categories"),
        ({"received_on": "2nd February"}, "received_on"),
        ({"resident": 999_999}, "resident"),
        ({"resident": "Grace Okafor"}, "resident"),
        ({"resident": True}, "resident"),
        ({"resident": {"email": "no-name@resident.example"}}, "resident"),
        ({"resident": {"name": "Grace", "preferred_contact": "telepathy"}}, "resident"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 10_001}, "summary"),
        ({"resident": {"name": "Grace", "address": "x" * 10_001}}, "resident"),
    ],
)
def test_logging_refuses_invalid_input_with_a_field_error(officer, overrides, field):
    residents_before = Resident.objects.count()

    answer = post(client_for(officer), LIST, new_complaint(**overrides))

    assert answer.status_code == 400
    assert field in answer.data
    assert Complaint.objects.count() == 0
    assert Resident.objects.count() == residents_before


def test_a_text_longer_than_a_page_takes_is_refused_saying_the_limit(officer):
    answer = post(client_for(officer), LIST, new_complaint(summary="x" * 10_001))
    assert answer.data["summary"] == ["Ensure this field has no more than 10000 characters."]
    assert post(client_for(officer), LIST, new_complaint(summary="x" * 10_000)).status_code == 201


def test_logging_refuses_a_complaint_received_in_the_future_and_keeps_no_new_resident(officer):
    # Today is Mon 2 Mar 2026; tomorrow is in the future.
    answer = post(client_for(officer), LIST, new_complaint(received_on="2026-03-03"))

    assert answer.status_code == 400
    assert "future" in answer.data["received_on"][0]
    assert Complaint.objects.count() == 0
    # The new resident was created in the same transaction, and rolled back with it.
    assert not Resident.objects.filter(name="Grace Okafor").exists()


def test_logging_refuses_a_nation_that_contradicts_the_existing_residents_home(officer):
    resident = ResidentFactory(home__nation="scotland", home__postcode="EH1 1AA")

    answer = post(client_for(officer), LIST, new_complaint(resident=resident.pk, nation="england"))

    assert answer.status_code == 400
    assert "nation" in answer.data
    assert Complaint.objects.count() == 0


def test_logging_accepts_a_complaint_received_today(officer):
    answer = post(client_for(officer), LIST, new_complaint(received_on="2026-03-02"))

    assert answer.status_code == 201, answer.data
    # Mon 2 Mar + 5 working days = Mon 9 Mar.
    assert answer.data["acknowledgement_due"] == "2026-03-09"


def test_logging_refuses_a_receipt_date_outside_the_calendar_with_a_400(officer):
    client = client_for(officer)
    client.raise_request_exception = False

    answer = post(client, LIST, new_complaint(received_on="1999-01-04"))

    assert answer.status_code == 400
    assert Complaint.objects.count() == 0


# --- acknowledging and defining ----------------------------------------------------------------------


def test_acknowledging_sets_the_response_due_ten_working_days_after_the_acknowledgement(logged, officer):
    answer = post(
        client_for(officer),
        url(logged["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-04", "definition": DEFINITION},
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "in_progress"
    assert answer.data["acknowledgement_due"] == "2026-02-09"
    # Wed 4 Feb + 10 working days (5, 6, 9-13, 16, 17, 18 Feb) = Wed 18 Feb.
    assert answer.data["response_due"] == "2026-02-18"
    assert answer.data["version"] == logged["version"] + 1
    stage = answer.data["stages"][0]
    assert stage["acknowledged_on"] == "2026-02-04"
    assert stage["handler"] == officer.pk
    assert [(p["position"], p["point"], p["outcome_sought"]) for p in stage["definition"]] == [
        (1, "Repair appointments were missed", "Boiler repaired this week"),
        (2, "Nobody called back", "An apology"),
    ]


def test_a_late_acknowledgement_still_counts_the_response_from_the_acknowledgement(logged, officer):
    # Acknowledged Fri 13 Feb, after the Mon 9 Feb due date: 16-20, 23-27 Feb -> Fri 27 Feb.
    answer = post(
        client_for(officer),
        url(logged["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-13", "definition": DEFINITION},
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["response_due"] == "2026-02-27"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"acknowledged_on": "2026-03-03", "definition": DEFINITION}, "acknowledged_on"),
        ({"acknowledged_on": "2026-01-30", "definition": DEFINITION}, "acknowledged_on"),
        ({"acknowledged_on": "2026-02-04", "definition": []}, "definition"),
        ({"acknowledged_on": "2026-02-04", "definition": [{"point": "Missed repairs"}]}, "definition"),
        (
            {
                "acknowledged_on": "2026-02-04",
                "definition": [{"point": "Noise", "outcome_sought": "Quiet", "landlord_responsible": False}],
            },
            "definition",
        ),
        ({"definition": DEFINITION}, "acknowledged_on"),
    ],
    ids=["in-the-future", "before-receipt", "no-points", "no-outcome", "not-ours-without-saying-whose", "no-date"],
)
def test_acknowledging_refuses_a_bad_date_or_definition_and_changes_nothing(logged, officer, body, field):
    answer = post(client_for(officer), url(logged["id"], "acknowledge"), body)

    assert answer.status_code == 400
    assert field in answer.data
    after = fetch(logged["id"], officer)
    assert after["status"] == "awaiting_acknowledgement"
    assert after["response_due"] is None
    assert after["version"] == logged["version"]
    assert after["stages"][0]["definition"] == []


def test_acknowledging_twice_is_refused(acknowledged, officer):
    answer = post(
        client_for(officer),
        url(acknowledged["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-05", "definition": DEFINITION},
    )

    assert answer.status_code == 400
    assert "cannot acknowledge" in answer.data["detail"]
    assert fetch(acknowledged["id"], officer)["response_due"] == "2026-02-18"


def test_defining_before_acknowledging_records_the_points_but_leaves_it_awaiting_acknowledgement(logged, officer):
    answer = post(client_for(officer), url(logged["id"], "define"), {"definition": DEFINITION[:1]})

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "awaiting_acknowledgement"
    assert answer.data["response_due"] is None
    assert [p["point"] for p in answer.data["stages"][0]["definition"]] == ["Repair appointments were missed"]


def test_a_scottish_frontline_complaint_is_defined_not_acknowledged(officer):
    created = post(client_for(officer), LIST, new_complaint(nation="scotland")).data

    acknowledge = post(
        client_for(officer),
        url(created["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-03", "definition": DEFINITION},
    )
    define = post(client_for(officer), url(created["id"], "define"), {"definition": DEFINITION})

    assert acknowledge.status_code == 400
    assert define.status_code == 200, define.data
    assert define.data["response_due"] == "2026-02-09"
    assert len(define.data["stages"][0]["definition"]) == 2


# --- extensions ---------------------------------------------------------------------------------------


def test_extending_moves_the_response_due_by_working_days_and_records_the_extension(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "extend"), extension_body(working_days=5))

    assert answer.status_code == 200, answer.data
    # Wed 18 Feb + 5 working days (19, 20, 23, 24, 25 Feb) = Wed 25 Feb.
    assert answer.data["response_due"] == "2026-02-25"
    assert answer.data["extended"] is True
    stage = answer.data["stages"][0]
    assert stage["extension_days"] == 5
    assert stage["update_interval"] == 5
    # The resident was told on Wed 18 Feb and is to be updated every 5 working days: Wed 25 Feb.
    assert stage["update_due"] == "2026-02-25"
    [extension] = stage["extensions"]
    assert extension["previous_due"] == "2026-02-18"
    assert extension["new_due"] == "2026-02-25"
    assert extension["beyond_cap"] is False


def test_extensions_up_to_ten_working_days_in_total_are_allowed_at_stage_1(acknowledged, officer):
    client = client_for(officer)

    first = post(client, url(acknowledged["id"], "extend"), extension_body(working_days=6))
    second = post(client, url(acknowledged["id"], "extend"), extension_body(working_days=4))

    # Wed 18 Feb + 6 = Thu 26 Feb; + 4 more (27 Feb, 2, 3, 4 Mar) = Wed 4 Mar.
    assert first.data["response_due"] == "2026-02-26"
    assert second.status_code == 200, second.data
    assert second.data["response_due"] == "2026-03-04"
    assert second.data["stages"][0]["extension_days"] == 10


def test_a_further_extension_beyond_the_stage_1_cap_without_a_good_reason_is_refused(acknowledged, officer):
    client = client_for(officer)
    assert post(client, url(acknowledged["id"], "extend"), extension_body(working_days=6)).status_code == 200

    answer = post(client, url(acknowledged["id"], "extend"), extension_body(working_days=5))

    assert answer.status_code == 400
    assert "11 working days" in answer.data["detail"]
    assert "beyond the 10" in answer.data["detail"]
    assert answer.data["good_reason"] == [answer.data["detail"]]
    after = fetch(acknowledged["id"], officer)
    assert after["response_due"] == "2026-02-26"
    assert after["stages"][0]["extension_days"] == 6
    assert Extension.objects.count() == 1


def test_an_officer_cannot_extend_beyond_the_cap_even_with_a_good_reason(acknowledged, officer):
    answer = post(
        client_for(officer),
        url(acknowledged["id"], "extend"),
        extension_body(working_days=11, good_reason="The boiler part is on back order from the manufacturer."),
    )

    assert answer.status_code == 400
    assert "senior manager" in answer.data["detail"]
    assert fetch(acknowledged["id"], officer)["response_due"] == "2026-02-18"
    assert Extension.objects.count() == 0


def test_a_senior_manager_with_a_good_reason_can_extend_beyond_the_cap(acknowledged, manager):
    answer = post(
        client_for(manager),
        url(acknowledged["id"], "extend"),
        extension_body(working_days=11, good_reason="The boiler part is on back order from the manufacturer."),
    )

    assert answer.status_code == 200, answer.data
    # Wed 18 Feb + 11 working days (19, 20, 23-27 Feb, 2-5 Mar) = Thu 5 Mar.
    assert answer.data["response_due"] == "2026-03-05"
    [extension] = answer.data["stages"][0]["extensions"]
    assert extension["beyond_cap"] is True
    assert extension["good_reason"] == "The boiler part is on back order from the manufacturer."
    assert Extension.objects.get().approved_by == manager


def test_a_senior_manager_still_needs_a_good_reason_to_go_beyond_the_cap(acknowledged, manager):
    answer = post(client_for(manager), url(acknowledged["id"], "extend"), extension_body(working_days=11))

    assert answer.status_code == 400
    assert "good_reason" in answer.data
    assert Extension.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ombudsman_details_given": False}, "ombudsman_details_given"),
        ({"reason": ""}, "reason"),
        ({"working_days": 0}, "working_days"),
        ({"update_interval_working_days": 0}, "update_interval_working_days"),
        ({"resident_informed_on": "2026-02-03"}, "resident_informed_on"),
        ({"resident_informed_on": "2026-03-03"}, "resident_informed_on"),
    ],
    ids=["no-ombudsman-details", "no-reason", "zero-days", "no-update-interval", "before-ack", "in-the-future"],
)
def test_an_extension_missing_what_the_resident_must_be_told_is_refused(acknowledged, officer, overrides, field):
    answer = post(client_for(officer), url(acknowledged["id"], "extend"), extension_body(**overrides))

    assert answer.status_code == 400
    assert field in answer.data
    assert fetch(acknowledged["id"], officer)["response_due"] == "2026-02-18"


@pytest.mark.parametrize(
    ("nation", "received_on", "before", "after"),
    [
        # Acknowledged Mon 2 Mar 2026: response due 10 working days on, Mon 16 Mar; + 2: 17, 18 Mar -> Wed 18 Mar.
        ("england", "2026-03-02", "2026-03-16", "2026-03-18"),
        # NIPSO's frontline response is due 5 working days after receipt, Mon 10 Mar 2025, and Northern Ireland
        # closes on St Patrick's Day, Mon 17 Mar: 11, 12, 13, 14, 18 Mar -> Tue 18 Mar; + 2: 19, 20 -> Thu 20 Mar.
        ("northern_ireland", "2025-03-10", "2025-03-18", "2025-03-20"),
    ],
)
def test_an_extension_counts_the_bank_holidays_of_the_nation_of_the_home(officer, nation, received_on, before, after):
    client = client_for(officer)
    created = post(client, LIST, new_complaint(received_on=received_on, nation=nation)).data
    if created["status"] == "awaiting_acknowledgement":
        created = post(
            client, url(created["id"], "acknowledge"), {"acknowledged_on": received_on, "definition": DEFINITION}
        ).data
    assert created["response_due"] == before

    answer = post(
        client, url(created["id"], "extend"), extension_body(working_days=2, resident_informed_on=received_on)
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["response_due"] == after


# --- responding ---------------------------------------------------------------------------------------


def test_a_stage_1_response_with_every_element_of_the_code_is_issued(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "respond"), response_body())

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "responded"
    stage = answer.data["stages"][0]
    assert stage["responded_on"] == "2026-02-20"
    assert stage["response"]["decision"] == "partly_upheld"
    assert "stage 2" in stage["response"]["next_step"]
    assert [(p["decision"], p["decision_reason"]) for p in stage["definition"]] == [
        ("upheld", "Three appointments were missed."),
        ("not_upheld", "Our call log shows two call-backs."),
    ]
    # Responded Fri 20 Feb after the Wed 18 Feb due date: the record keeps the due date; the case is not
    # "overdue" once answered.
    assert answer.data["response_due"] == "2026-02-18"
    assert answer.data["overdue"] is False
    response = Response.objects.get(stage__complaint_id=acknowledged["id"])
    assert response.responded_by == officer
    assert response.stage.remedies.get().kind.code == "apology"
    assert response.stage.outstanding_actions.get().owner == officer


def test_a_response_with_no_remedies_and_no_outstanding_actions_is_issued(acknowledged, officer):
    body = response_body(
        decision="not_upheld",
        point_decisions=[
            {"point": 1, "decision": "not_upheld", "reason": "The engineer attended each time; no one was in."},
            {"point": 2, "decision": "not_upheld", "reason": "Our call log shows two call-backs."},
        ],
        remedies=[],
        outstanding_actions=[],
    )

    answer = post(client_for(officer), url(acknowledged["id"], "respond"), body)

    assert answer.status_code == 200, answer.data
    assert answer.data["stages"][0]["response"]["decision"] == "not_upheld"


def test_it_refuses_a_response_before_acknowledgement(logged, officer):
    client = client_for(officer)
    assert post(client, url(logged["id"], "define"), {"definition": DEFINITION}).status_code == 200

    answer = post(client, url(logged["id"], "respond"), response_body(responded_on="2026-02-03"))

    assert answer.status_code == 400
    assert "not been acknowledged" in answer.data["detail"]
    assert fetch(logged["id"], officer)["status"] == "awaiting_acknowledgement"
    assert not Response.objects.exists()


def test_it_refuses_a_response_dated_before_the_acknowledgement(acknowledged, officer):
    # Acknowledged Wed 4 Feb; a response dated Tue 3 Feb is impossible.
    answer = post(client_for(officer), url(acknowledged["id"], "respond"), response_body(responded_on="2026-02-03"))

    assert answer.status_code == 400
    assert "4 February 2026" in answer.data["responded_on"][0]
    assert fetch(acknowledged["id"], officer)["status"] == "in_progress"
    assert not Response.objects.exists()


def test_it_refuses_a_response_dated_in_the_future(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "respond"), response_body(responded_on="2026-03-03"))

    assert answer.status_code == 400
    assert "future" in answer.data["responded_on"][0]
    assert not Response.objects.exists()


RESPONSE_FAULTS = {
    "no-reasons": ({"reasons": ""}, "reasons", None),
    "blank-reasons": ({"reasons": "   "}, "reasons", None),
    "no-decision": ({"decision": None}, "decision", None),
    "unknown-decision": ({"decision": "sort_of"}, "decision", None),
    "a-point-without-a-decision": (
        {"point_decisions": [{"point": 1, "decision": "upheld", "reason": "Three appointments were missed."}]},
        "point_decisions",
        "point 2",
    ),
    "a-point-decision-without-a-reason": (
        {
            "point_decisions": [
                {"point": 1, "decision": "upheld", "reason": "Three appointments were missed."},
                {"point": 2, "decision": "not_upheld", "reason": ""},
            ]
        },
        "point_decisions",
        None,
    ),
    "a-decision-on-a-point-not-in-the-definition": (
        {
            "point_decisions": [
                {"point": 1, "decision": "upheld", "reason": "Missed."},
                {"point": 2, "decision": "not_upheld", "reason": "Called back."},
                {"point": 3, "decision": "upheld", "reason": "Not a point."},
            ]
        },
        "point_decisions",
        "no point 3",
    ),
    "overall-decision-contradicts-the-points": ({"decision": "upheld"}, "decision", "does not match"),
    "no-point-decisions-at-all": ({"point_decisions": []}, "point_decisions", "point 1"),
    "remedies-left-out": ({"remedies": None}, "remedies", None),
    "outstanding-actions-left-out": ({"outstanding_actions": None}, "outstanding_actions", None),
    "unknown-remedy-kind": (
        {"remedies": [{"kind": "free_holiday", "description": "A holiday", "due_on": "2026-02-20"}]},
        "remedies",
        "unknown kind",
    ),
    "financial-remedy-without-an-amount": (
        {"remedies": [{"kind": "financial", "description": "Compensation", "due_on": "2026-02-27"}]},
        "remedies",
        "amount",
    ),
    "outstanding-action-without-a-date": (
        {"outstanding_actions": [{"description": "Replace the boiler"}]},
        "outstanding_actions",
        None,
    ),
}


@pytest.mark.parametrize(("overrides", "field", "message"), RESPONSE_FAULTS.values(), ids=RESPONSE_FAULTS.keys())
def test_it_refuses_a_response_missing_an_element_of_code_6_9(acknowledged, officer, overrides, field, message):
    body = response_body(**overrides)
    body = {key: value for key, value in body.items() if value is not None}

    answer = post(client_for(officer), url(acknowledged["id"], "respond"), body)

    assert answer.status_code == 400
    assert field in answer.data
    if message:
        assert message in answer.data["detail"]
        assert answer.data[field] == [answer.data["detail"]]
    after = fetch(acknowledged["id"], officer)
    assert after["status"] == "in_progress"
    assert after["version"] == acknowledged["version"]
    assert not Response.objects.exists()


def test_it_refuses_two_contradictory_decisions_on_the_same_point(acknowledged, officer):
    # Today the second decision on point 1 silently replaces the first, and the response is issued as "not upheld".
    body = response_body(
        decision="not_upheld",
        point_decisions=[
            {"point": 1, "decision": "upheld", "reason": "Three appointments were missed."},
            {"point": 1, "decision": "not_upheld", "reason": "No appointment was missed."},
            {"point": 2, "decision": "not_upheld", "reason": "Our call log shows two call-backs."},
        ],
    )

    answer = post(client_for(officer), url(acknowledged["id"], "respond"), body)

    assert answer.status_code == 400
    assert "point_decisions" in answer.data
    assert not Response.objects.exists()


def test_a_response_at_a_scottish_frontline_stage_needs_no_acknowledgement(officer):
    client = client_for(officer)
    created = post(client, LIST, new_complaint(nation="scotland")).data
    post(client, url(created["id"], "define"), {"definition": DEFINITION})

    answer = post(client, url(created["id"], "respond"), response_body(responded_on="2026-02-06"))

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "responded"
    # The SPSO procedure's next step is an investigation at stage 2, not the Housing Ombudsman's wording.
    assert "investigate your complaint at stage 2" in answer.data["stages"][0]["response"]["next_step"]


# --- escalation and stage 2 ---------------------------------------------------------------------------


def test_escalating_after_the_stage_1_response_starts_stage_2_with_an_acknowledgement_due_in_five_working_days(
    responded, officer
):
    answer = post(
        client_for(officer),
        url(responded["id"], "escalate"),
        {"requested_on": "2026-02-23", "escalation_reason": "The boiler is still broken."},
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["stage"] == 2
    assert answer.data["status"] == "awaiting_acknowledgement"
    # Mon 23 Feb + 5 working days (24, 25, 26, 27 Feb, 2 Mar) = Mon 2 Mar.
    assert answer.data["acknowledgement_due"] == "2026-03-02"
    assert answer.data["response_due"] is None
    assert [stage["number"] for stage in answer.data["stages"]] == [1, 2]
    stage_1, stage_2 = answer.data["stages"]
    assert stage_1["response"]["decision"] == "partly_upheld"
    assert stage_2["requested_on"] == "2026-02-23"
    assert stage_2["handler"] is None
    assert Complaint.objects.get(pk=responded["id"]).current_stage.escalation_reason == "The boiler is still broken."


def test_escalation_needs_no_reason_from_the_resident(responded, officer):
    answer = post(client_for(officer), url(responded["id"], "escalate"), {"requested_on": "2026-02-23"})

    assert answer.status_code == 200, answer.data
    assert answer.data["stage"] == 2


def test_it_refuses_to_escalate_before_the_stage_1_response(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "escalate"), {"requested_on": "2026-02-23"})

    assert answer.status_code == 400
    assert "only after the stage 1 response" in answer.data["detail"]
    after = fetch(acknowledged["id"], officer)
    assert after["stage"] == 1
    assert len(after["stages"]) == 1


@pytest.mark.parametrize("requested_on", ["2026-02-19", "2026-03-03"], ids=["before-the-response", "in-the-future"])
def test_it_refuses_an_escalation_request_dated_before_the_stage_1_response_or_in_the_future(
    responded, officer, requested_on
):
    # The stage 1 response was issued on Fri 20 Feb; today is Mon 2 Mar.
    answer = post(client_for(officer), url(responded["id"], "escalate"), {"requested_on": requested_on})

    assert answer.status_code == 400
    assert "requested_on" in answer.data
    assert fetch(responded["id"], officer)["stage"] == 1


def test_a_scottish_stage_2_investigation_is_acknowledged_in_three_working_days_and_due_twenty_after_the_request(
    officer,
):
    client = client_for(officer)
    created = post(client, LIST, new_complaint(nation="scotland")).data
    post(client, url(created["id"], "define"), {"definition": DEFINITION})
    assert post(client, url(created["id"], "respond"), response_body(responded_on="2026-02-06")).status_code == 200

    answer = post(client, url(created["id"], "escalate"), {"requested_on": "2026-02-09"})

    assert answer.status_code == 200, answer.data
    assert answer.data["stage"] == 2
    assert answer.data["status"] == "awaiting_acknowledgement"
    # Mon 9 Feb + 3 working days (10, 11, 12 Feb) = Thu 12 Feb.
    assert answer.data["acknowledgement_due"] == "2026-02-12"
    # The SPSO clock runs from the request, not the acknowledgement: Mon 9 Feb + 20 working days
    # (10-13, 16-20, 23-27 Feb, 2-6, 9 Mar) = Mon 9 Mar.
    assert answer.data["response_due"] == "2026-03-09"
    assert answer.data["stages"][1]["name"] == "Investigation"


def test_there_is_no_third_stage(in_stage_2_review, officer):
    answer = post(client_for(officer), url(in_stage_2_review["id"], "escalate"), {"requested_on": "2026-03-02"})

    assert answer.status_code == 400
    assert "no third stage" in answer.data["detail"]


def test_acknowledging_stage_2_needs_a_reviewer(escalated, officer):
    answer = post(
        client_for(officer),
        url(escalated["id"], "acknowledge"),
        {"acknowledged_on": "2026-03-02", "definition": DEFINITION},
    )

    assert answer.status_code == 400
    assert "reviewer" in answer.data
    assert "6.13" in answer.data["detail"]
    assert fetch(escalated["id"], officer)["status"] == "awaiting_acknowledgement"


def test_acknowledging_stage_2_with_a_reviewer_sets_the_response_due_twenty_working_days_later(
    escalated, officer, manager
):
    answer = post(
        client_for(officer),
        url(escalated["id"], "acknowledge"),
        {"acknowledged_on": "2026-03-02", "definition": DEFINITION, "reviewer": manager.pk},
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "in_progress"
    # Mon 2 Mar + 20 working days (3-6, 9-13, 16-20, 23-27, 30 Mar) = Mon 30 Mar.
    assert answer.data["response_due"] == "2026-03-30"
    assert answer.data["stages"][1]["handler"] == manager.pk
    assert answer.data["stages"][0]["handler"] == officer.pk


def test_a_reviewer_assigned_first_lets_an_officer_acknowledge_stage_2(escalated, officer, manager):
    client = client_for(officer)
    assigned = post(client, url(escalated["id"], "assign-reviewer"), {"reviewer": manager.pk})
    answer = post(
        client, url(escalated["id"], "acknowledge"), {"acknowledged_on": "2026-02-27", "definition": DEFINITION}
    )

    assert assigned.status_code == 200, assigned.data
    assert assigned.data["stages"][1]["handler"] == manager.pk
    assert answer.status_code == 200, answer.data
    # Fri 27 Feb + 20 working days (2-6, 9-13, 16-20, 23-27 Mar) = Fri 27 Mar.
    assert answer.data["response_due"] == "2026-03-27"


def test_the_senior_manager_who_handled_stage_1_cannot_review_stage_2(officer, manager, other_manager):
    officer_client, manager_client = client_for(officer), client_for(manager)
    created = post(officer_client, LIST, new_complaint()).data
    post(manager_client, url(created["id"], "acknowledge"), {"acknowledged_on": "2026-02-04", "definition": DEFINITION})
    assert post(manager_client, url(created["id"], "respond"), response_body()).status_code == 200
    post(officer_client, url(created["id"], "escalate"), {"requested_on": "2026-02-23"})

    by_assignment = post(officer_client, url(created["id"], "assign-reviewer"), {"reviewer": manager.pk})
    in_acknowledgement = post(
        officer_client,
        url(created["id"], "acknowledge"),
        {"acknowledged_on": "2026-03-02", "definition": DEFINITION, "reviewer": manager.pk},
    )
    # Acknowledging without naming a reviewer does not quietly make the stage 1 handler the reviewer either.
    self_assigned = post(
        manager_client, url(created["id"], "acknowledge"), {"acknowledged_on": "2026-03-02", "definition": DEFINITION}
    )

    for answer in (by_assignment, in_acknowledgement, self_assigned):
        assert answer.status_code == 400
        assert "reviewer" in answer.data
    assert "6.13" in by_assignment.data["detail"]
    assert fetch(created["id"], officer)["stages"][1]["handler"] is None

    answer = post(officer_client, url(created["id"], "assign-reviewer"), {"reviewer": other_manager.pk})
    assert answer.status_code == 200, answer.data
    assert answer.data["stages"][1]["handler"] == other_manager.pk


def test_replacing_the_stage_2_reviewer_needs_a_reason(escalated, officer, manager, other_manager):
    client = client_for(officer)
    assert post(client, url(escalated["id"], "assign-reviewer"), {"reviewer": manager.pk}).status_code == 200

    unexplained = post(client, url(escalated["id"], "assign-reviewer"), {"reviewer": other_manager.pk})
    explained = post(
        client, url(escalated["id"], "assign-reviewer"), {"reviewer": other_manager.pk, "reason": "Mo is on leave."}
    )

    assert unexplained.status_code == 400
    assert unexplained.data["reason"] == ["Say why the complaint is being reassigned."]
    assert explained.status_code == 200, explained.data
    assert explained.data["stages"][1]["handler"] == other_manager.pk


def test_a_stage_2_reviewer_must_be_a_senior_manager(escalated, officer, staff_member):
    client = client_for(officer)
    for reviewer in (officer, staff_member):
        answer = post(client, url(escalated["id"], "assign-reviewer"), {"reviewer": reviewer.pk})
        assert answer.status_code == 400
        assert "senior manager" in answer.data["reviewer"][0]


def test_a_reviewer_cannot_be_assigned_at_stage_1(acknowledged, officer, manager):
    answer = post(client_for(officer), url(acknowledged["id"], "assign-reviewer"), {"reviewer": manager.pk})

    assert answer.status_code == 400
    assert fetch(acknowledged["id"], officer)["stages"][0]["handler"] == officer.pk


def test_a_senior_manager_who_did_not_handle_stage_1_becomes_the_reviewer_by_acknowledging(escalated, manager):
    answer = post(
        client_for(manager),
        url(escalated["id"], "acknowledge"),
        {"acknowledged_on": "2026-03-02", "definition": DEFINITION},
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["stages"][1]["handler"] == manager.pk
    assert answer.data["response_due"] == "2026-03-30"


def test_the_stage_2_reviewer_issues_the_final_response_with_the_ombudsman_step(in_stage_2_review, manager):
    body = response_body(
        responded_on="2026-03-02",
        decision="upheld",
        point_decisions=[
            {"point": 1, "decision": "upheld", "reason": "Confirmed."},
            {"point": 2, "decision": "upheld", "reason": "On review, the call-backs were not made."},
        ],
    )

    answer = post(client_for(manager), url(in_stage_2_review["id"], "respond"), body)

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "responded"
    assert answer.data["stage"] == 2
    assert "Housing Ombudsman" in answer.data["stages"][1]["response"]["next_step"]
    assert answer.data["stages"][0]["response"]["decision"] == "partly_upheld"


def test_only_the_assigned_reviewer_can_respond_at_stage_2(in_stage_2_review, other_manager):
    body = response_body(responded_on="2026-03-02")

    answer = post(client_for(other_manager), url(in_stage_2_review["id"], "respond"), body)

    assert answer.status_code == 400
    assert "assigned stage 2 reviewer" in answer.data["detail"]
    assert not Response.objects.filter(stage__number=2).exists()


def test_a_senior_manager_can_extend_stage_2_across_easter(in_stage_2_review, manager):
    answer = post(
        client_for(manager),
        url(in_stage_2_review["id"], "extend"),
        extension_body(working_days=5, resident_informed_on="2026-03-02"),
    )

    assert answer.status_code == 200, answer.data
    # Mon 30 Mar + 5 working days: 31 Mar, 1, 2 Apr, (Good Friday 3 Apr, Easter Monday 6 Apr), 7, 8 Apr.
    assert answer.data["response_due"] == "2026-04-08"


def test_stage_2_allows_twenty_working_days_of_extension_without_a_good_reason_and_no_more(in_stage_2_review, manager):
    client = client_for(manager)
    path = url(in_stage_2_review["id"], "extend")

    beyond = post(client, path, extension_body(working_days=21, resident_informed_on="2026-03-02"))
    at_cap = post(client, path, extension_body(working_days=20, resident_informed_on="2026-03-02"))

    assert beyond.status_code == 400
    assert "beyond the 20" in beyond.data["detail"]
    assert "6.15" in beyond.data["detail"]
    assert at_cap.status_code == 200, at_cap.data
    # Mon 30 Mar + 20 working days, skipping 3 and 6 Apr: 31 Mar, 1, 2, 7-10, 13-17, 20-24, 27, 28, 29 Apr.
    assert at_cap.data["response_due"] == "2026-04-29"


# --- refusing, withdrawing, closing, reopening --------------------------------------------------------

REFUSAL = {
    "reason": "legal_proceedings",
    "explanation": "The resident's disrepair claim was filed at the county court.",
    "evidence": "Claim form ref 1234",
    "decided_on": "2026-02-05",
}


def test_refusing_a_complaint_records_the_reason_and_a_letter(logged, officer):
    answer = post(client_for(officer), url(logged["id"], "refuse"), REFUSAL)

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "refused"
    complaint = Complaint.objects.get(pk=logged["id"])
    assert complaint.refusals.get().reason.code == "legal_proceedings"
    assert "county court" in complaint.correspondence.get().body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "does_not_like_us"}, "reason"),
        ({"explanation": ""}, "explanation"),
        ({"reason": "over_12_months"}, "discretion_note"),
        ({"decided_on": "2026-01-30"}, "decided_on"),
    ],
)
def test_a_refusal_without_its_grounds_is_refused(logged, officer, overrides, field):
    answer = post(client_for(officer), url(logged["id"], "refuse"), {**REFUSAL, **overrides})

    assert answer.status_code == 400
    assert field in answer.data
    assert fetch(logged["id"], officer)["status"] == "awaiting_acknowledgement"


def test_an_acknowledged_complaint_cannot_then_be_refused(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "refuse"), REFUSAL)

    assert answer.status_code == 400
    assert "acknowledged" in answer.data["detail"]


def test_reopening_a_refused_complaint_starts_the_acknowledgement_clock_again(logged, officer):
    client = client_for(officer)
    post(client, url(logged["id"], "refuse"), REFUSAL)

    answer = post(
        client, url(logged["id"], "reopen"), {"reopened_on": "2026-03-02", "reason": "The court claim was withdrawn."}
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["status"] == "awaiting_acknowledgement"
    # Mon 2 Mar + 5 working days = Mon 9 Mar (it was Mon 9 Feb from the original receipt).
    assert answer.data["acknowledgement_due"] == "2026-03-09"


def test_it_refuses_to_reopen_a_complaint_on_a_date_before_it_was_refused(logged, officer):
    client = client_for(officer)
    post(client, url(logged["id"], "refuse"), REFUSAL)  # decided Thu 5 Feb

    answer = post(client, url(logged["id"], "reopen"), {"reopened_on": "2026-02-03", "reason": "Claim withdrawn."})

    assert answer.status_code == 400
    assert "reopened_on" in answer.data


def test_withdrawing_closes_the_complaint_and_reopening_returns_it_to_where_it_was(acknowledged, officer):
    client = client_for(officer)

    withdrawn = post(
        client,
        url(acknowledged["id"], "withdraw"),
        {"withdrawn_on": "2026-02-10", "note": "Resident phoned to withdraw."},
    )
    reopened = post(
        client,
        url(acknowledged["id"], "reopen"),
        {"reopened_on": "2026-02-12", "reason": "Resident changed their mind."},
    )

    assert withdrawn.status_code == 200, withdrawn.data
    assert withdrawn.data["status"] == "withdrawn"
    assert reopened.status_code == 200, reopened.data
    assert reopened.data["status"] == "in_progress"
    assert reopened.data["response_due"] == "2026-02-18"


def test_a_withdrawal_needs_a_note_of_how_the_resident_asked(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "withdraw"), {"withdrawn_on": "2026-02-10", "note": ""})

    assert answer.status_code == 400
    assert "note" in answer.data


def test_it_refuses_a_withdrawal_dated_before_the_complaint_was_received(logged, officer):
    # Received Mon 2 Feb 2026.
    answer = post(
        client_for(officer), url(logged["id"], "withdraw"), {"withdrawn_on": "2026-01-15", "note": "Resident phoned."}
    )

    assert answer.status_code == 400
    assert "withdrawn_on" in answer.data


def test_closing_needs_the_response_first(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "close"), {"closed_on": "2026-02-20"})

    assert answer.status_code == 400
    assert fetch(acknowledged["id"], officer)["status"] == "in_progress"


def test_a_closed_stage_1_complaint_can_still_be_escalated(responded, officer):
    client = client_for(officer)

    early = post(client, url(responded["id"], "close"), {"closed_on": "2026-02-19"})
    closed = post(client, url(responded["id"], "close"), {"closed_on": "2026-02-20"})
    escalated = post(client, url(responded["id"], "escalate"), {"requested_on": "2026-02-23"})

    assert early.status_code == 400  # before the Fri 20 Feb response
    assert "closed_on" in early.data
    assert closed.status_code == 200, closed.data
    assert closed.data["status"] == "closed"
    assert escalated.status_code == 200, escalated.data
    assert escalated.data["stage"] == 2
    assert escalated.data["status"] == "awaiting_acknowledgement"
    assert Complaint.objects.get(pk=responded["id"]).closed_on is None


def test_reopening_a_complaint_that_is_open_is_refused(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "reopen"), {"reopened_on": "2026-02-12", "reason": "?"})

    assert answer.status_code == 400
    assert "cannot reopen" in answer.data["detail"]


# --- issues raised during the complaint (6.8) and correspondence --------------------------------------


def test_a_related_issue_raised_during_stage_1_joins_the_definition(acknowledged, officer):
    answer = post(
        client_for(officer),
        url(acknowledged["id"], "issues"),
        {
            "point": "The radiator also leaks",
            "outcome_sought": "Radiator fixed",
            "raised_on": "2026-02-10",
            "related": True,
        },
    )

    assert answer.status_code == 200, answer.data
    assert answer.data["id"] == acknowledged["id"]
    added = answer.data["stages"][0]["definition"][-1]
    assert (added["position"], added["point"], added["added_on"]) == (3, "The radiator also leaks", "2026-02-10")


def test_an_unrelated_issue_is_logged_as_a_new_linked_complaint(acknowledged, officer):
    answer = post(
        client_for(officer),
        url(acknowledged["id"], "issues"),
        {
            "point": "My neighbour's dog barks",
            "outcome_sought": "Action on ASB",
            "raised_on": "2026-02-10",
            "related": False,
        },
    )

    assert answer.status_code == 201, answer.data
    assert answer.data["id"] != acknowledged["id"]
    assert answer.data["reference"] != acknowledged["reference"]
    assert answer.data["received_on"] == "2026-02-10"
    # Tue 10 Feb + 5 working days = Tue 17 Feb.
    assert answer.data["acknowledgement_due"] == "2026-02-17"
    assert answer.data["resident"] == acknowledged["resident"]
    assert Complaint.objects.get(pk=answer.data["id"]).related.get().pk == acknowledged["id"]
    assert len(fetch(acknowledged["id"], officer)["stages"][0]["definition"]) == 2


def test_a_related_issue_after_the_stage_1_response_becomes_a_new_complaint(responded, officer):
    answer = post(
        client_for(officer),
        url(responded["id"], "issues"),
        {
            "point": "The radiator also leaks",
            "outcome_sought": "Radiator fixed",
            "raised_on": "2026-02-24",
            "related": True,
        },
    )

    assert answer.status_code == 201, answer.data
    assert answer.data["id"] != responded["id"]


def test_recording_an_update_sent_to_the_resident_restarts_the_update_interval(acknowledged, officer):
    client = client_for(officer)
    extended = post(client, url(acknowledged["id"], "extend"), extension_body(working_days=5))
    assert extended.data["stages"][0]["update_due"] == "2026-02-25"

    answer = post(
        client,
        url(acknowledged["id"], "correspondence"),
        {
            "direction": "out",
            "party": "resident",
            "channel": "email",
            "occurred_on": "2026-02-27",
            "subject": "Update on your complaint",
        },
    )

    assert answer.status_code == 200, answer.data
    # Fri 27 Feb + 5 working days (2-6 Mar) = Fri 6 Mar.
    assert answer.data["stages"][0]["update_due"] == "2026-03-06"
    assert answer.data["version"] == extended.data["version"] + 1


def test_correspondence_dated_before_the_complaint_was_received_is_refused(logged, officer):
    answer = post(
        client_for(officer),
        url(logged["id"], "correspondence"),
        {
            "direction": "in",
            "party": "resident",
            "channel": "letter",
            "occurred_on": "2026-01-30",
            "subject": "Hi",
        },
    )

    assert answer.status_code == 400
    assert "occurred_on" in answer.data


# --- reading: detail, list, filters, ordering ---------------------------------------------------------


def test_the_detail_returns_the_complaint_with_its_stages_and_an_etag_of_its_version(responded, officer):
    answer = client_for(officer).get(url(responded["id"]))

    assert answer.status_code == 200
    assert answer.headers["ETag"] == f'"{responded["version"]}"'
    assert answer.data["version"] == responded["version"]
    for field in ("id", "reference", "stage", "status", "nation", "received_on", "acknowledgement_due", "response_due"):
        assert answer.data[field] == responded[field]
    [stage] = answer.data["stages"]
    assert stage["number"] == 1
    assert stage["name"] == "Stage 1"
    assert stage["acknowledged_on"] == "2026-02-04"
    assert stage["response"]["decision"] == "partly_upheld"


def test_a_complaint_past_its_acknowledgement_due_date_is_shown_as_overdue(logged, officer):
    # Acknowledgement was due Mon 9 Feb; today is Mon 2 Mar.
    assert fetch(logged["id"], officer)["overdue"] is True


def test_an_unknown_complaint_is_not_found(officer):
    assert client_for(officer).get(url(999_999)).status_code == 404


def test_complaints_cannot_be_changed_or_deleted_except_through_the_workflow(logged, officer):
    client = client_for(officer)

    assert client.delete(url(logged["id"])).status_code == 405
    assert client.put(url(logged["id"]), new_complaint(), format="json").status_code == 405
    assert client.patch(url(logged["id"]), {"status": "closed"}, format="json").status_code == 405
    assert Complaint.objects.get(pk=logged["id"]).status == "awaiting_acknowledgement"


@pytest.fixture
def register(officer) -> dict[str, int]:
    """Three complaints in different nations, stages and channels."""
    client = client_for(officer)
    england = post(client, LIST, new_complaint(received_on="2026-02-02", categories=["repairs"])).data
    scotland = post(
        client,
        LIST,
        new_complaint(received_on="2026-02-16", nation="scotland", channel="email", categories=["damp_mould"]),
    ).data
    wales = post(client, LIST, new_complaint(received_on="2026-01-12", nation="wales", channel="web_form")).data
    post(client, url(wales["id"], "acknowledge"), {"acknowledged_on": "2026-01-13", "definition": DEFINITION})
    post(client, url(wales["id"], "respond"), response_body(responded_on="2026-01-23"))
    post(client, url(wales["id"], "escalate"), {"requested_on": "2026-01-26"})
    return {"england": england["id"], "scotland": scotland["id"], "wales": wales["id"]}


def test_the_list_is_paginated_and_newest_first(register, officer):
    answer = client_for(officer).get(LIST)

    assert answer.status_code == 200
    assert answer.data["count"] == 3
    assert answer.data["next"] is None
    assert [row["id"] for row in answer.data["results"]] == [
        register["scotland"],
        register["england"],
        register["wales"],
    ]
    wales = answer.data["results"][2]
    assert (wales["stage"], wales["status"], wales["nation"]) == (2, "awaiting_acknowledgement", "wales")
    # Mon 26 Jan + 5 working days = Mon 2 Feb.
    assert wales["acknowledgement_due"] == "2026-02-02"


def test_pages_link_to_each_other_and_count_what_they_can_exactly(register, officer, monkeypatch):
    monkeypatch.setattr(CountedUpToPagination, "page_size", 2)
    client = client_for(officer)

    first = client.get(LIST).data
    second = client.get(first["next"]).data

    assert first["count"] == second["count"] == 3
    assert [row["id"] for row in first["results"]] == [register["scotland"], register["england"]]
    assert first["next"].endswith(f"{LIST}?page=2") and first["previous"] is None
    assert [row["id"] for row in second["results"]] == [register["wales"]]
    assert second["next"] is None and second["previous"].endswith(LIST)
    beyond = client.get(f"{LIST}?page=3")
    assert beyond.status_code == 404 and "no page 3" in beyond.data["detail"]
    for page in ["0", "last", "two", "²", "-1", "999999999", "9" * 5000]:
        assert client.get(f"{LIST}?page={page}").status_code == 404


def test_a_list_longer_than_the_bound_is_not_counted_whole(register, officer, monkeypatch):
    monkeypatch.setattr(CountedUpToPagination, "page_size", 1)
    monkeypatch.setattr(CountedUpToPagination, "COUNT_UP_TO", 2)
    client = client_for(officer)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST).data
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"] and "complaints_complaint" in query["sql"]]

    # More than the bound: not a number that would be wrong, but null; the page still says there is a next.
    assert first["count"] is None and first["next"]
    assert len(counts) == 1 and "LIMIT 3" in counts[0] and "ORDER BY" not in counts[0]
    assert client.get(f"{LIST}?page=2").data["count"] is None
    # The last page knows how many there were.
    assert client.get(f"{LIST}?page=3").data["count"] == 3
    assert client.get(f"{LIST}?nation=wales").data["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nation=scotland", ["scotland"]),
        ("nation=wales", ["wales"]),
        ("status=in_progress", ["scotland"]),
        ("status=awaiting_acknowledgement", ["england", "wales"]),
        ("stage=2", ["wales"]),
        ("stage=1", ["scotland", "england"]),
        ("channel=email", ["scotland"]),
        ("channel=phone", ["england"]),
        ("category=damp_mould", ["scotland"]),
        ("category=repairs", ["england", "wales"]),
        ("received_after=2026-02-02", ["scotland", "england"]),
        ("received_before=2026-02-02", ["england", "wales"]),
        ("received_after=2026-01-13&received_before=2026-02-15", ["england"]),
        ("nation=england&stage=2", []),
        ("ordering=received_on", ["wales", "england", "scotland"]),
        ("ordering=-received_on", ["scotland", "england", "wales"]),
        # Acknowledgement due: Wales Mon 2 Feb (stage 2), England Mon 9 Feb, Scotland none (sorts last).
        ("ordering=current_stage__acknowledgement_due", ["wales", "england", "scotland"]),
    ],
)
def test_the_list_filters_and_orders(register, officer, query, expected):
    answer = client_for(officer).get(f"{LIST}?{query}")

    assert answer.status_code == 200, answer.data
    assert [row["id"] for row in answer.data["results"]] == [register[name] for name in expected]
    assert answer.data["count"] == len(expected)


@pytest.mark.parametrize("query", ["nation=atlantis", "status=lost", "received_after=last-tuesday", "stage=two"])
def test_an_invalid_filter_is_refused(register, officer, query):
    answer = client_for(officer).get(f"{LIST}?{query}")

    assert answer.status_code == 400
    assert query.split("=")[0] in answer.data


def test_listing_twenty_complaints_takes_no_more_queries_than_listing_five(
    officer, manager, django_assert_max_num_queries
):
    officer_client = client_for(officer)

    def add(count: int) -> None:
        for n in range(count):
            created = post(officer_client, LIST, new_complaint(resident=ResidentFactory().pk)).data
            post(
                officer_client,
                url(created["id"], "acknowledge"),
                {"acknowledged_on": "2026-02-04", "definition": DEFINITION},
            )
            if n % 2:
                post(officer_client, url(created["id"], "extend"), extension_body(working_days=2))
            if n % 3 == 0:
                post(officer_client, url(created["id"], "respond"), response_body())

    add(5)
    client = client_for(manager)
    with CaptureQueriesContext(connection) as five:
        answer = client.get(LIST)
    queries_for_five = len(five.captured_queries)  # read now: the next request resets the query log
    assert len(answer.data["results"]) == 5

    add(15)
    with django_assert_max_num_queries(queries_for_five):
        answer = client.get(LIST)
    assert answer.data["count"] == 20
    assert len(answer.data["results"]) == 20
    assert all(row["stages"][0]["definition"] for row in answer.data["results"])


# --- concurrency --------------------------------------------------------------------------------------


def test_a_stale_version_in_the_body_is_refused_with_409_and_nothing_changes(logged, officer):
    client = client_for(officer)
    seen = logged["version"]
    assert post(client, url(logged["id"], "define"), {"definition": DEFINITION, "version": seen}).status_code == 200

    answer = post(
        client,
        url(logged["id"], "acknowledge"),
        {"acknowledged_on": "2026-02-04", "definition": DEFINITION[:1], "version": seen},
    )

    assert answer.status_code == 409
    assert "changed" in answer.data["detail"]
    after = fetch(logged["id"], officer)
    assert after["status"] == "awaiting_acknowledgement"
    assert after["version"] == seen + 1
    assert len(after["stages"][0]["definition"]) == 2


def test_a_stale_if_match_header_is_refused_with_409_and_nothing_changes(acknowledged, officer):
    client = client_for(officer)
    etag = client.get(url(acknowledged["id"])).headers["ETag"]
    assert post(client, url(acknowledged["id"], "extend"), extension_body(), **{"If-Match": etag}).status_code == 200

    answer = post(client, url(acknowledged["id"], "respond"), response_body(), **{"If-Match": etag})

    assert answer.status_code == 409
    after = fetch(acknowledged["id"], officer)
    assert after["status"] == "in_progress"
    assert after["response_due"] == "2026-02-25"
    assert not Response.objects.exists()


def test_the_current_if_match_header_lets_the_action_through_and_the_answer_carries_the_new_etag(acknowledged, officer):
    client = client_for(officer)
    etag = client.get(url(acknowledged["id"])).headers["ETag"]
    assert etag == f'"{acknowledged["version"]}"'

    answer = post(client, url(acknowledged["id"], "respond"), response_body(), **{"If-Match": etag})

    assert answer.status_code == 200, answer.data
    assert answer.headers["ETag"] == f'"{acknowledged["version"] + 1}"'
    assert client.get(url(acknowledged["id"])).headers["ETag"] == answer.headers["ETag"]


def test_a_weak_if_match_header_is_understood(acknowledged, officer):
    stale = f'W/"{acknowledged["version"] - 1}"'

    answer = post(client_for(officer), url(acknowledged["id"], "extend"), extension_body(), **{"If-Match": stale})

    assert answer.status_code == 409


def test_the_if_match_header_wins_over_the_version_in_the_body(acknowledged, officer):
    current = acknowledged["version"]

    answer = post(
        client_for(officer),
        url(acknowledged["id"], "extend"),
        extension_body(version=current),
        **{"If-Match": f'"{current - 1}"'},
    )

    assert answer.status_code == 409


def test_a_malformed_if_match_header_is_refused(acknowledged, officer):
    answer = post(client_for(officer), url(acknowledged["id"], "extend"), extension_body(), **{"If-Match": "yesterday"})

    assert answer.status_code == 400
    assert "If-Match" in answer.data
    assert fetch(acknowledged["id"], officer)["response_due"] == "2026-02-18"


def test_a_stale_version_is_refused_on_issues_and_correspondence_too(acknowledged, officer):
    client = client_for(officer)
    stale = acknowledged["version"] - 1

    issue = post(
        client,
        url(acknowledged["id"], "issues"),
        {"point": "Leak", "outcome_sought": "Fixed", "raised_on": "2026-02-10", "related": False, "version": stale},
    )
    letter = post(
        client,
        url(acknowledged["id"], "correspondence"),
        {
            "direction": "out",
            "party": "resident",
            "channel": "email",
            "occurred_on": "2026-02-10",
            "subject": "Update",
            "version": stale,
        },
    )

    assert (issue.status_code, letter.status_code) == (409, 409)
    assert Complaint.objects.count() == 1
    assert not Complaint.objects.get().correspondence.filter(subject="Update").exists()


# --- authentication and permissions -------------------------------------------------------------------


def test_a_real_token_in_the_authorization_header_authenticates(officer):
    token = Token.objects.create(user=officer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    created = post(client, LIST, new_complaint())
    listed = client.get(LIST)

    assert created.status_code == 201, created.data
    assert Complaint.objects.get(pk=created.data["id"]).logged_by == officer
    assert listed.status_code == 200
    assert [row["id"] for row in listed.data["results"]] == [created.data["id"]]


def test_an_unknown_token_is_refused_with_401(logged):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    answer = client.get(LIST)

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("method", "path_for"),
    [
        ("get", lambda c: LIST),
        ("post", lambda c: LIST),
        ("get", lambda c: url(c["id"])),
        ("post", lambda c: url(c["id"], "acknowledge")),
    ],
    ids=["list", "create", "detail", "action"],
)
def test_an_unauthenticated_request_gets_401_with_a_token_challenge(logged, method, path_for):
    client = APIClient()

    answer = getattr(client, method)(path_for(logged), new_complaint() if method == "post" else None, format="json")

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Token"
    assert Complaint.objects.count() == 1


def test_a_session_without_a_csrf_token_cannot_post(officer, login_with_mfa):
    client = APIClient(enforce_csrf_checks=True)
    login_with_mfa(client, officer)

    listed = client.get(LIST)
    created = post(client, LIST, new_complaint())

    assert listed.status_code == 200
    assert created.status_code == 403
    assert "CSRF" in created.data["detail"]
    assert Complaint.objects.count() == 0


def test_a_board_member_is_refused_the_list_detail_creation_and_history(logged, board_member):
    client = client_for(board_member)

    assert client.get(LIST).status_code == 403
    assert client.get(url(logged["id"])).status_code == 403
    assert client.get(url(logged["id"], "history")).status_code == 403
    assert post(client, LIST, new_complaint()).status_code == 403
    assert Complaint.objects.count() == 1


ACTIONS = {
    "acknowledge": {"acknowledged_on": "2026-02-04", "definition": DEFINITION},
    "define": {"definition": DEFINITION},
    "refuse": REFUSAL,
    "withdraw": {"withdrawn_on": "2026-02-10", "note": "Resident phoned."},
    "issues": {"point": "Leak", "outcome_sought": "Fixed", "raised_on": "2026-02-10", "related": True},
    "correspondence": {
        "direction": "in",
        "party": "resident",
        "channel": "email",
        "occurred_on": "2026-02-10",
        "subject": "Any news?",
    },
}


@pytest.mark.parametrize(("action", "body"), ACTIONS.items(), ids=ACTIONS.keys())
def test_a_board_member_is_refused_every_workflow_action(logged, board_member, action, body):
    answer = post(client_for(board_member), url(logged["id"], action), body)

    assert answer.status_code == 403
    after = Complaint.objects.get(pk=logged["id"])
    assert (after.status, after.version) == ("awaiting_acknowledgement", logged["version"])
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(("action", "body"), ACTIONS.items(), ids=ACTIONS.keys())
def test_a_staff_member_is_refused_workflow_actions_on_a_complaint_they_logged(staff_member, action, body):
    client = client_for(staff_member)
    created = post(client, LIST, new_complaint()).data

    answer = post(client, url(created["id"], action), body)

    assert answer.status_code == 403
    after = Complaint.objects.get(pk=created["id"])
    assert (after.status, after.version) == ("awaiting_acknowledgement", created["version"])
    assert Complaint.objects.count() == 1


def test_a_staff_member_is_refused_a_complaint_someone_else_logged_and_does_not_see_it_listed(logged, staff_member):
    client = client_for(staff_member)
    own = post(client, LIST, new_complaint(received_on="2026-02-20")).data

    assert client.get(url(logged["id"])).status_code == 403
    assert post(client, url(logged["id"], "acknowledge"), ACTIONS["acknowledge"]).status_code == 403
    listed = client.get(LIST).data
    assert listed["count"] == 1
    assert [row["id"] for row in listed["results"]] == [own["id"]]
    assert client.get(f"{LIST}?nation=england").data["count"] == 1


@pytest.mark.parametrize("who", ["board_member", "staff_member"])
def test_a_denied_user_gets_403_even_when_their_action_body_is_incomplete(logged, request, who):
    client = client_for(request.getfixturevalue(who))

    answer = post(client, url(logged["id"], "acknowledge"), {})

    assert answer.status_code == 403


def test_an_officer_cannot_respond_at_stage_2(in_stage_2_review, officer):
    answer = post(
        client_for(officer), url(in_stage_2_review["id"], "respond"), response_body(responded_on="2026-03-02")
    )

    assert answer.status_code == 403
    assert "senior manager" in answer.data["detail"]
    assert not Response.objects.filter(stage__number=2).exists()


def test_an_officer_cannot_extend_at_stage_2(in_stage_2_review, officer):
    answer = post(
        client_for(officer),
        url(in_stage_2_review["id"], "extend"),
        extension_body(working_days=2, resident_informed_on="2026-03-02"),
    )

    assert answer.status_code == 403
    assert "senior manager" in answer.data["detail"]
    assert fetch(in_stage_2_review["id"], officer)["response_due"] == "2026-03-30"


@pytest.fixture
def deadlines(officer) -> dict[str, int]:
    """Three open complaints in England, next due: 'late' Mon 9 Feb (acknowledgement), 'extended' Wed 25 Feb
    (response, extended by 5 working days from Wed 18 Feb) and 'recent' Fri 6 Mar (acknowledgement)."""
    client = client_for(officer)
    late = post(client, LIST, new_complaint()).data
    extended = post(client, LIST, new_complaint()).data
    post(client, url(extended["id"], "acknowledge"), {"acknowledged_on": "2026-02-04", "definition": DEFINITION})
    answer = post(client, url(extended["id"], "extend"), extension_body())
    assert answer.data["response_due"] == "2026-02-25"
    recent = post(client, LIST, new_complaint(received_on="2026-02-27")).data
    return {"late": late["id"], "extended": extended["id"], "recent": recent["id"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overdue=true", ["late", "extended"]),
        ("overdue=false", ["recent"]),
        ("extended=true", ["extended"]),
        ("extended=false", ["late", "recent"]),
        ("due_before=2026-02-25", ["late", "extended"]),
        ("due_after=2026-02-10", ["extended", "recent"]),
        ("due_after=2026-02-26&due_before=2026-03-06", ["recent"]),
    ],
)
def test_the_list_filters_by_the_next_deadline_overdue_and_extended(deadlines, officer, query, expected):
    answer = client_for(officer).get(f"{LIST}?{query}&ordering=next_due")

    assert answer.status_code == 200, answer.data
    assert [row["id"] for row in answer.data["results"]] == [deadlines[name] for name in expected]


def test_the_list_sorts_by_the_next_deadline_latest_first(deadlines, officer):
    answer = client_for(officer).get(f"{LIST}?ordering=-next_due")

    assert [row["id"] for row in answer.data["results"]] == [deadlines[n] for n in ["recent", "extended", "late"]]


@pytest.mark.parametrize("ordering", ["next_due", "-next_due", "received_on", "-received_on"])
def test_complaints_equal_in_the_asked_order_come_in_the_order_of_their_ids(officer, ordering):
    """Without a last key, PostgreSQL may return equal rows in any order, and paging would repeat or skip them.
    Logged the same day, the four share their received date and their next deadline."""
    client = client_for(officer)
    ids = [post(client, LIST, new_complaint(resident=ResidentFactory().pk)).data["id"] for _ in range(4)]

    listed = [row["id"] for row in client.get(f"{LIST}?ordering={ordering}").data["results"]]

    assert listed == (sorted(ids, reverse=True) if ordering.startswith("-") else sorted(ids))


@pytest.mark.parametrize("query", ["overdue=perhaps", "extended=maybe", "due_before=soon"])
def test_an_invalid_deadline_filter_is_refused(deadlines, officer, query):
    answer = client_for(officer).get(f"{LIST}?{query}")

    assert answer.status_code == 400
    assert query.split("=")[0] in answer.data


# --- representatives (Code 3.6) ---------------------------------------------------------------------------

REPRESENTATIVE = {
    "name": "Councillor Ann Reed",
    "relationship": "Ward councillor",
    "authority": "elected_representative",
    "authority_given_on": "2026-01-30",
    "authority_evidence": "Email from the resident of 30 January",
}


def test_a_complaint_made_through_a_representative_records_them_with_their_authority(officer):
    answer = post(client_for(officer), LIST, new_complaint(representative=dict(REPRESENTATIVE)))

    assert answer.status_code == 201, answer.data
    complaint = Complaint.objects.select_related("representative").get(pk=answer.data["id"])
    assert answer.data["representative"] == complaint.representative_id
    assert complaint.representative.resident_id == complaint.resident_id
    assert (complaint.representative.name, complaint.representative.authority) == (
        "Councillor Ann Reed",
        "elected_representative",
    )
    assert complaint.representative.authority_given_on == datetime.date(2026, 1, 30)


def test_a_representative_already_recorded_for_the_resident_is_named_by_id(officer):
    resident = ResidentFactory()
    first = post(client_for(officer), LIST, new_complaint(resident=resident.pk, representative=dict(REPRESENTATIVE)))
    representative_id = first.data["representative"]

    again = post(client_for(officer), LIST, new_complaint(resident=resident.pk, representative=representative_id))

    assert again.status_code == 201, again.data
    assert again.data["representative"] == representative_id
    assert Representative.objects.filter(resident=resident).count() == 1


def test_another_residents_representative_is_refused_and_nothing_is_logged(officer):
    someone_else = ResidentFactory()
    theirs = post(client_for(officer), LIST, new_complaint(resident=someone_else.pk, representative=REPRESENTATIVE))
    complaints_before = Complaint.objects.count()

    answer = post(
        client_for(officer),
        LIST,
        new_complaint(resident=ResidentFactory().pk, representative=theirs.data["representative"]),
    )

    assert answer.status_code == 400
    assert "does not act for this resident" in str(answer.data["representative"])
    assert Complaint.objects.count() == complaints_before


@pytest.mark.parametrize(
    ("representative", "message"),
    [
        ({**REPRESENTATIVE, "authority": "said_so"}, "is not a valid choice"),
        ({key: value for key, value in REPRESENTATIVE.items() if key != "authority_given_on"}, "required"),
        (999_999, "There is no representative"),
        ("Ann", "Give the id of a representative"),
    ],
)
def test_an_invalid_representative_is_refused_with_a_field_error(officer, representative, message):
    answer = post(client_for(officer), LIST, new_complaint(representative=representative))

    assert answer.status_code == 400
    assert message in str(answer.data["representative"])
    assert not Representative.objects.exists()


def test_a_representative_is_not_kept_when_the_complaint_is_refused(officer):
    answer = post(
        client_for(officer), LIST, new_complaint(received_on="2026-03-09", representative=dict(REPRESENTATIVE))
    )

    assert answer.status_code == 400
    assert "received_on" in answer.data
    assert not Representative.objects.exists()
    assert not Resident.objects.filter(name=NEW_RESIDENT["name"]).exists()


def test_an_officer_records_a_representative_for_a_resident(officer, board_member):
    resident = ResidentFactory()
    path = f"/api/v1/residents/{resident.pk}/representatives/"

    answer = post(client_for(officer), path, dict(REPRESENTATIVE))

    assert answer.status_code == 201, answer.data
    assert [r["name"] for r in answer.data["representatives"]] == ["Councillor Ann Reed"]
    assert post(client_for(board_member), path, dict(REPRESENTATIVE)).status_code == 403
    assert post(client_for(officer), path, {**REPRESENTATIVE, "name": " "}).status_code == 400
    assert Representative.objects.filter(resident=resident).count() == 1


# --- what the API reads and answers ---------------------------------------------------------------------


def read_row_by_row(complaint_id: int) -> Complaint:
    """The complaint with each related row read by a query of its own, as the ORM reads them: what the one statement
    of complaints_with_stages must match."""
    stages = Stage.objects.select_related("regime_stage", "response").prefetch_related(
        Prefetch("definition", queryset=DefinitionPoint.objects.select_related("decision"), to_attr="point_list"),
        Prefetch("extensions", to_attr="extension_list"),
    )
    complaint = (
        Complaint.objects.select_related("channel", "team", "resident", "regime")
        .prefetch_related(
            Prefetch("stages", queryset=stages, to_attr="stage_list"), Prefetch("categories", to_attr="category_list")
        )
        .get(pk=complaint_id)
    )
    complaint.current_stage = next(s for s in complaint.stage_list if s.pk == complaint.current_stage_id)  # type: ignore[attr-defined]
    return complaint


def test_a_complaint_read_in_one_statement_is_the_complaint_read_row_by_row(
    in_stage_2_review, manager, django_assert_num_queries
):
    complaint_id = in_stage_2_review["id"]
    client = client_for(manager)
    # Stage 2's definition revised: the first points are superseded and kept, the current ones have no decision yet.
    for definition in [DEFINITION, DEFINITION[1:]]:
        defined = post(client, url(complaint_id, "define"), {"definition": definition})
        assert defined.status_code == 200, defined.data
    for days in [2, 3]:
        extended = post(
            client, url(complaint_id, "extend"), extension_body(working_days=days, resident_informed_on="2026-03-02")
        )
        assert extended.status_code == 200, extended.data
    # Today is frozen, so both were made at the same moment: the first an hour earlier, for an order to compare.
    first_made = Extension.objects.filter(stage__complaint_id=complaint_id, working_days=2)
    first_made.update(created_at=first_made.get().created_at - datetime.timedelta(hours=1))

    with django_assert_num_queries(1):
        in_one = ComplaintSerializer(complaints_with_stages(Complaint.objects.all()).get(pk=complaint_id)).data
    by_rows = ComplaintSerializer(read_row_by_row(complaint_id)).data

    assert JSONRenderer().render(in_one) == JSONRenderer().render(by_rows)
    # Every kind of related row was there to compare: two stages (stage 1 answered, with its points' decisions;
    # stage 2 redefined and extended twice), and the categories in their own order.
    first, second = in_one["stages"]
    assert first["response"]["decision"] == "partly_upheld"
    assert [p["decision"] for p in first["definition"]] == ["upheld", "not_upheld"]
    assert second["response"] is None
    assert [(p["point"], p["decision"]) for p in second["definition"]] == [("Nobody called back", None)]
    assert [e["working_days"] for e in second["extensions"]] == [2, 3]
    assert in_one["extended"] is True
    assert in_one["categories"] == list(Category.objects.filter(complaints=complaint_id).values_list("code", flat=True))
    assert len(in_one["categories"]) == 2


@pytest.mark.parametrize(
    "body",
    [
        # The same category twice, and out of their order.
        new_complaint(categories=["heating", "repairs", "heating"]),
        new_complaint(representative=dict(REPRESENTATIVE), categories=[]),
        # A serious complaint in Scotland starts at stage 2 (seed 003 §24).
        new_complaint(nation="scotland", stage_2_reason="A gas leak reported twice and not attended."),
    ],
    ids=["categories", "representative", "stage 2 from the start"],
)
def test_the_answer_to_logging_a_complaint_is_the_complaint_as_read_afterwards(officer, body):
    client = client_for(officer)

    created = post(client, LIST, body)

    assert created.status_code == 201, created.data
    read = client.get(url(created.data["id"]))
    assert JSONRenderer().render(created.data) == JSONRenderer().render(read.data)
    assert created.headers["ETag"] == read.headers["ETag"]
    assert created.data["stage"] == (2 if body.get("stage_2_reason") else 1)
