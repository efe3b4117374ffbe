"""The OpenAPI schema housing management systems integrate against, and the documentation page."""

from __future__ import annotations

import json

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from complaints.case_actions import api_actions

ACTIONS = [
    "acknowledge",
    "define",
    "extend",
    "respond",
    "escalate",
    "move-to-investigation",
    "assign-reviewer",
    "assign",
    "categorise",
    "accept-out-of-time",
    "refuse",
    "withdraw",
    "close",
    "reopen",
    "issues",
    "correspondence",
    "remedies",
    "outstanding-actions",
]


@pytest.fixture
def schema(db) -> dict:
    answer = APIClient().get("/api/schema/?format=json")
    assert answer.status_code == 200
    return json.loads(answer.content)


def test_the_schema_is_served_without_signing_in_as_openapi_yaml(db):
    # drf-spectacular's default SERVE_PERMISSIONS is AllowAny: the schema itself is public, the data is not.
    answer = APIClient().get("/api/schema/")

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.oai.openapi")
    document = yaml.safe_load(answer.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Complaints case management API"


def test_the_documentation_page_is_served_without_signing_in_and_points_at_the_schema(db, officer):
    anonymous = APIClient().get("/api/docs/")
    signed_in = APIClient()
    signed_in.force_authenticate(officer)

    assert anonymous.status_code == 200
    assert signed_in.get("/api/docs/").status_code == 200
    assert anonymous["Content-Type"].startswith("text/html")
    assert b"swagger-ui" in anonymous.content
    # The start-up script is a file of its own (no inline script under the Content Security Policy).
    assert b"/api/schema/" in APIClient().get("/api/docs/?script=").content


def test_the_schema_passes_spectacular_validation_with_warnings_as_failures(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    document = yaml.safe_load(target.read_text())
    assert "/api/v1/complaints/" in document["paths"]


def test_the_schema_describes_the_list_detail_and_every_workflow_action(schema):
    paths = schema["paths"]

    assert set(paths["/api/v1/complaints/"]) >= {"get", "post"}
    assert "get" in paths["/api/v1/complaints/{id}/"]
    for action in ACTIONS:
        operation = paths[f"/api/v1/complaints/{{id}}/{action}/"]["post"]
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "If-Match" in headers, action
        assert "requestBody" in operation, action


def test_every_action_declared_for_the_api_is_an_operation_with_its_summary(schema):
    # ACTIONS is also every action the access tests (test_api_access.py) try as each role that may not.
    assert {action.api_path for action in api_actions()} == set(ACTIONS)
    for action in api_actions():
        operation = schema["paths"][f"/api/v1/complaints/{{id}}/{action.api_path}/"]["post"]
        assert action.summary
        assert operation["summary"] == action.summary


def test_the_schema_offers_the_list_filters_and_ordering(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/complaints/"]["get"]["parameters"]}

    assert {"nation", "status", "stage", "channel", "category", "received_after", "received_before"} <= set(parameters)
    assert {"ordering", "page"} <= set(parameters)
    assert sorted(parameters["nation"]["schema"]["enum"]) == ["england", "northern_ireland", "scotland", "wales"]


def _component(schema: dict, ref_or_schema: dict) -> dict:
    ref = ref_or_schema.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else ref_or_schema


def test_the_create_request_takes_a_resident_id_or_new_details_and_a_nation_from_the_four(schema):
    body = schema["paths"]["/api/v1/complaints/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    create = _component(schema, body)

    assert {"received_on", "nation", "channel", "summary", "resident"} <= set(create["required"])
    assert "categories" not in create["required"]
    resident_forms = create["properties"]["resident"]["oneOf"]
    assert [form["type"] for form in resident_forms] == ["integer", "object"]
    assert resident_forms[1]["required"] == ["name"]
    nation = _component(schema, create["properties"]["nation"])
    assert sorted(nation["enum"]) == ["england", "northern_ireland", "scotland", "wales"]


def test_the_complaint_schema_has_the_contract_fields(schema):
    detail = schema["paths"]["/api/v1/complaints/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    complaint = _component(schema, detail["schema"])

    assert {
        "id",
        "reference",
        "stage",
        "status",
        "nation",
        "received_on",
        "acknowledgement_due",
        "response_due",
        "version",
        "stages",
    } <= set(complaint["properties"])


def test_the_schema_says_the_due_dates_can_be_null(schema):
    # response_due is null until acknowledgement; acknowledgement_due is null under the SPSO frontline stage.
    detail = schema["paths"]["/api/v1/complaints/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    complaint = _component(schema, detail["schema"])

    assert complaint["properties"]["response_due"].get("nullable") is True
    assert complaint["properties"]["acknowledgement_due"].get("nullable") is True
