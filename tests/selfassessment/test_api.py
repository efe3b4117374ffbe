"""The self-assessment API: who sees what, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from selfassessment import services
from selfassessment.models import SelfAssessment
from tests.files import pdf_bytes

D = datetime.date


def client(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_provisions_of_a_code_version_are_public_and_complete(db):
    answer = client().get("/api/v1/code-versions/hos-2024/provisions/")

    assert answer.status_code == 200
    provisions = answer.json()
    assert len(provisions) == 72
    assert provisions[0]["number"] == "1.2" and provisions[-1]["number"] == "9.8"
    six_nine = next(p for p in provisions if p["number"] == "6.9")
    assert [item["label"] for item in six_nine["items"]] == list("abcdefg")
    assert six_nine["section_title"] == "Complaints stages"


def test_the_2022_code_is_served_with_its_provisions_1_4_to_1_7_from_seed_002(db):
    answer = client().get("/api/v1/code-versions/hos-2022/provisions/")

    numbers = [provision["number"] for provision in answer.json()]
    assert numbers[:7] == ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"]
    assert (
        answer.json()[5]["requirement"]
        == "A landlord must accept a complaint unless there is a valid reason not to do so."
    )


def test_an_unknown_code_version_is_not_found(db):
    assert client().get("/api/v1/code-versions/hos-1999/provisions/").status_code == 404


def test_the_public_sees_only_published_assessments(published, officer, hos_2024):
    draft = services.assessment_create(
        actor=officer, code_version=hos_2024, title="2026/27", period_start=D(2026, 3, 1), period_end=D(2026, 3, 2)
    )

    listed = client().get("/api/v1/self-assessments/").json()["results"]

    assert [item["id"] for item in listed] == [published.pk]
    assert client().get(f"/api/v1/self-assessments/{draft.pk}/").status_code == 404
    assert {item["id"] for item in client(officer).get("/api/v1/self-assessments/").json()["results"]} == {
        published.pk,
        draft.pk,
    }


def test_an_assessment_has_all_its_provision_rows_and_figures_without_case_lists_for_the_public(published):
    body = client().get(f"/api/v1/self-assessments/{published.pk}/").json()

    assert [row["provision"] for row in body["rows"]][:3] == ["1.2", "1.3", "1.4"]
    assert len(body["rows"]) == 72
    row_3_4 = next(row for row in body["rows"] if row["provision"] == "3.4")
    assert (row_3_4["complies"], row_3_4["comply_by"]) == ("no", "2026-06-30")
    row_6_2 = next(row for row in body["rows"] if row["provision"] == "6.2")
    assert row_6_2["figures"] == ["6.2"]
    assert row_6_2["evidence"][0]["kind"] == "live_figure"
    figure = next(f for f in body["figures"] if f["key"] == "6.2")
    assert figure["cases_met"] is None and figure["cases_not_met"] is None
    assert body["minute_reference"] == "Board 2026/14"


def test_case_workers_see_the_cases_behind_a_figure_and_the_board_sees_counts(winter, draft, officer, board_member):
    for user, expected in [(officer, {winter.c.reference, winter.d.reference}), (board_member, None)]:
        body = client(user).get(f"/api/v1/self-assessments/{draft.pk}/").json()
        figure = next(f for f in body["figures"] if f["key"] == "6.2")
        assert (figure["numerator"], figure["denominator"]) == (3, 5)
        listed = figure["cases_not_met"]
        assert (None if listed is None else {case["reference"] for case in listed}) == expected


def test_an_officer_prepares_and_the_board_approves_through_the_api(draft, officer, board_member):
    answer = client(officer).post(
        f"/api/v1/self-assessments/{draft.pk}/rows/3.4/", {"complies": "no", "commentary": "No website."}, format="json"
    )
    assert answer.status_code == 400
    assert "comply_by" in answer.json()

    answer = client(officer).post(
        f"/api/v1/self-assessments/{draft.pk}/rows/3.4/",
        {"complies": "no", "commentary": "No website.", "comply_by": "2026-06-30"},
        format="json",
    )
    assert answer.status_code == 200
    for row in draft.rows.exclude(provision__number="3.4").select_related("provision"):
        client(officer).post(
            f"/api/v1/self-assessments/{draft.pk}/rows/{row.provision.number}/", {"complies": "yes"}, format="json"
        )
    assert client(officer).post(f"/api/v1/self-assessments/{draft.pk}/mark-ready/").status_code == 200

    approval = {"approved_on": "2026-03-02", "minute_reference": "B/26/4"}
    assert client(officer).post(f"/api/v1/self-assessments/{draft.pk}/approve/", approval).status_code == 403
    assert client(board_member).post(f"/api/v1/self-assessments/{draft.pk}/approve/", approval).status_code == 200
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.APPROVED


def test_an_approval_of_an_assessment_read_before_it_changed_answers_409(draft, officer, board_member):
    for row in draft.rows.all():
        services.assessment_row_update(actor=officer, row=row, complies="yes", commentary="")
    services.assessment_mark_ready(actor=officer, assessment=draft)
    read = client(board_member).get(f"/api/v1/self-assessments/{draft.pk}/").json()
    services.assessment_return_to_draft(actor=officer, assessment=draft)
    services.assessment_mark_ready(actor=officer, assessment=draft)
    approval = {"approved_on": "2026-03-02", "minute_reference": "B/26/4"}

    stale = client(board_member).post(
        f"/api/v1/self-assessments/{draft.pk}/approve/", {**approval, "revision": read["revision"]}, format="json"
    )

    assert stale.status_code == 409
    assert "changed after you opened it" in stale.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.READY
    read = client(board_member).get(f"/api/v1/self-assessments/{draft.pk}/").json()
    approval["revision"] = read["revision"]
    assert (
        client(board_member).post(f"/api/v1/self-assessments/{draft.pk}/approve/", approval, format="json").status_code
        == 200
    )


@pytest.mark.parametrize("who", ["board_member", "staff_member", None])
def test_only_officers_and_managers_may_create_or_change_an_assessment(request, who, draft):
    user = request.getfixturevalue(who) if who else None
    body = {"code_version": "hos-2024", "title": "x", "period_start": "2025-04-01", "period_end": "2026-03-31"}

    created = client(user).post("/api/v1/self-assessments/", body, format="json")
    changed = client(user).post(f"/api/v1/self-assessments/{draft.pk}/rows/1.2/", {"complies": "yes"}, format="json")

    assert created.status_code in (401, 403) and changed.status_code in (401, 403)
    if user is not None:
        assert created.status_code == 403 and changed.status_code == 403
    assert SelfAssessment.objects.count() == 1
    assert draft.rows.get(provision__number="1.2").complies == ""


def test_an_approved_assessment_refuses_changes_with_the_reason(published, officer):
    answer = client(officer).post(
        f"/api/v1/self-assessments/{published.pk}/rows/1.2/", {"complies": "no"}, format="json"
    )

    assert answer.status_code == 400
    assert "Start an amendment" in answer.json()["detail"]


def test_the_schema_describes_the_self_assessment_endpoints(db):
    schema = client().get("/api/schema/?format=json").json()

    assert "get" in schema["paths"]["/api/v1/self-assessments/"]
    assert "get" in schema["paths"]["/api/v1/self-assessments/{id}/"]
    assert "get" in schema["paths"]["/api/v1/code-versions/{code}/provisions/"]
    upload = schema["paths"]["/api/v1/self-assessments/{id}/import/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload


def test_a_policy_document_is_uploaded_once_and_cited_as_evidence(draft, officer, board_member, winter):
    upload = SimpleUploadedFile("policy.pdf", pdf_bytes("policy"), content_type="application/pdf")
    body = {
        "title": "Complaints policy",
        "version": "3",
        "approved_on": "2025-11-20",
        "file": upload,
        "sections": ["4: What a complaint is", "7: Our principles"],
    }
    refused = client(board_member).post("/api/v1/policy-documents/", body, format="multipart")
    upload.seek(0)
    created = client(officer).post("/api/v1/policy-documents/", body, format="multipart")

    assert refused.status_code == 403
    assert created.status_code == 201
    section = next(s for s in created.json()["sections"] if s["reference"] == "4")
    evidence_url = f"/api/v1/self-assessments/{draft.pk}/rows/1.2/evidence/"
    answer = client(officer).post(
        evidence_url, {"kind": "policy_section", "policy_section": section["id"]}, format="json"
    )
    client(officer).post(evidence_url, {"kind": "case", "complaint": winter.a.reference}, format="json")

    assert answer.status_code == 201
    row = next(
        row
        for row in client(officer).get(f"/api/v1/self-assessments/{draft.pk}/").json()["rows"]
        if row["provision"] == "1.2"
    )
    assert [item["text"] for item in row["evidence"]] == [
        "Complaints policy v3, 4 (What a complaint is)",
        f"Case {winter.a.reference}",
    ]
    assert (
        client(board_member).post(evidence_url, {"kind": "url", "url": "https://x.example"}, format="json").status_code
        == 403
    )


def test_a_reference_holding_a_nul_character_is_refused_not_a_server_error(draft, officer):
    # Found by schemathesis: PostgreSQL cannot compare text holding NUL, so the lookup failed with a 500.
    evidence_url = f"/api/v1/self-assessments/{draft.pk}/rows/1.2/evidence/"
    answer = client(officer).post(evidence_url, {"kind": "case", "complaint": "CMP-\x00"}, format="json")
    created = client(officer).post(
        "/api/v1/self-assessments/", {"code_version": "hos\x00", "period_start": "2025-04-01"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["complaint"] == ["A code or reference cannot contain a NUL character."]
    assert created.status_code == 400 and "NUL character" in str(created.json()["code_version"])
