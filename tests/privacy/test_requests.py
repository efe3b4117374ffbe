from __future__ import annotations

import datetime
import io
import json
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils.html import escape

from complaints.models import Resident
from privacy.anonymise import ANONYMOUS_NAME, NAME_REMOVED
from privacy.models import Anonymisation, DataRequest, LegalHold, SpecialCategoryView
from tests.casework.conftest import date_fields
from tests.privacy.conftest import EMAIL, NAME, SURNAME, UPLOAD_BYTES
from tests.privacy.helpers import figures, statistics, where_found

D = datetime.date


def request_fields(**extra):
    return {**date_fields("received_on", D(2026, 2, 27)), "reason": "Asked by letter dated 26 February", **extra}


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def pdf_info(content: bytes) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout
    pairs = (line.split(":", 1) for line in output.decode().splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


# Subject access


@pytest.mark.real_pdf
def test_subject_access_exports_everything_held_as_a_zip_of_pdf_json_and_the_files(
    client, officer, full_record, login_with_mfa
):
    resident = full_record.resident
    login_with_mfa(client, officer)
    client.get(reverse("casework:resident", args=[resident.pk]))

    response = client.post(reverse("privacy:subject-access", args=[resident.pk]), request_fields())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert SURNAME not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    data = json.loads(archive.read("personal-data.json"))
    assert data["resident"]["name"] == NAME and data["resident"]["email"] == EMAIL
    assert data["home"]["postcode"] == "LS6 2QX"
    assert data["representatives"][0]["name"] == "Ada Brightwater"
    assert data["disabilities_and_vulnerabilities"][0]["description"] == f"{NAME} has a hearing impairment"
    assert data["reasonable_adjustments"][0]["adjustment"] == f"Write to {NAME} rather than phone"
    assert data["contact_restrictions"][0]["scope"] == "Email only"
    assert data["service_requests"][0]["description"] == f"{NAME} reports a leaking boiler"
    closed, refused = data["complaints"]
    assert closed["reference"] == full_record.closed.reference
    definition = closed["stages"][0]["complaint_definition"]
    assert [p["outcome_sought"] for p in definition] == ["A new boiler", f"{SURNAME} wants an apology"]
    assert definition[0]["superseded_at"] and definition[1]["superseded_at"] is None
    assert closed["stages"][0]["response"]["decision"] == "Upheld"
    assert closed["remedies"][0]["amount"] == "150.00"
    assert any(c["body"].startswith("Dear officer, this is") for c in closed["correspondence"])
    assert refused["refusals"][0]["explanation"] == f"{NAME} has filed a claim at court"
    referral = closed["ombudsman_referrals"][0]
    assert referral["findings"][0]["determination"] == "Maladministration"
    assert referral["orders_and_recommendations"][0]["evidence"] == f"Letter of apology to {NAME}"
    assert closed["satisfaction_surveys"][0]["comments"] == f"{NAME} here: it took too long"
    assert closed["learning_points"][0]["learning"].startswith("Contractors must confirm")
    # Every document and letter is in the zip, as stored.
    photo = next(d for d in closed["documents"] if d["title"] == f"Photo from {SURNAME}")
    assert archive.read(photo["file"]) == UPLOAD_BYTES
    letters = closed["letters"] + refused["letters"]
    assert letters and all(archive.read(letter["file"]).startswith(b"%PDF") for letter in letters)
    assert len([n for n in names if n.startswith("documents/")]) == len(closed["documents"] + refused["documents"])
    # Who saw their special-category data, and the legal hold, are theirs to see too.
    assert data["who_saw_special_category_data"][0]["where"] == "Resident page"
    assert data["who_saw_special_category_data"][0]["who"] == officer.get_full_name()
    assert data["legal_holds"][0]["reason"] == f"Claim by {NAME}"
    # The PDF says the same, tagged and titled.
    pdf = archive.read("personal-data.pdf")
    text = pdf_text(pdf)
    assert f"Personal data held about {NAME}" in text
    assert "has a hearing impairment" in text and full_record.closed.reference in text
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes" and info["Title"] == f"Personal data held about {NAME}"


def test_a_subject_access_export_is_recorded_and_logged_as_a_view_of_special_category_data(
    client, officer, full_record, login_with_mfa
):
    login_with_mfa(client, officer)
    client.post(reverse("privacy:subject-access", args=[full_record.resident.pk]), request_fields())
    request = DataRequest.objects.get(kind=DataRequest.Kind.SUBJECT_ACCESS)
    assert (request.handled_by, request.received_on, request.reason) == (
        officer,
        D(2026, 2, 27),
        "Asked by letter dated 26 February",
    )
    assert request.outcome_note.startswith("Exported 2 complaint(s) and ")
    assert SpecialCategoryView.objects.filter(shown_on="Subject access export", viewer=officer).count() == 1


def test_subject_access_needs_the_request_recorded(client, officer, full_record, login_with_mfa):
    login_with_mfa(client, officer)
    page = client.post(reverse("privacy:subject-access", args=[full_record.resident.pk]), request_fields(reason=""))
    assert page.status_code == 200
    assert "Enter the request: who asked, how, and what for" in page.content.decode()
    assert not DataRequest.objects.exists()


# Rectification


def test_rectification_corrects_the_details_and_records_who_when_and_why(client, officer, full_record, login_with_mfa):
    resident = full_record.resident
    login_with_mfa(client, officer)
    page = client.get(reverse("privacy:rectify", args=[resident.pk]))
    assert NAME in page.content.decode()

    response = client.post(
        reverse("privacy:rectify", args=[resident.pk]),
        request_fields(
            name="Zebedee Quillfeather-Smith",
            email=EMAIL,
            phone="07700 900777",
            preferred_contact="letter",
            tenancy_reference="TEN-QF-1",
            address="17 Larkspur Mews\nHeadingley\nLeeds",
            postcode="LS6 2QY",
            reason="Married; the postcode was mistyped",
        ),
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    resident.home.refresh_from_db()
    assert (resident.name, resident.preferred_contact, resident.home.postcode) == (
        "Zebedee Quillfeather-Smith",
        "letter",
        "LS6 2QY",
    )
    request = DataRequest.objects.get(kind=DataRequest.Kind.RECTIFICATION)
    assert request.handled_by == officer
    assert request.reason == "Married; the postcode was mistyped"
    assert request.outcome_note == "Corrected: name, preferred way of contact, postcode."
    # The audit trail keeps what was corrected, as the record of the correction.
    names = list(Resident.pgh_event_model.objects.filter(pgh_obj_id=resident.pk).values_list("name", flat=True))
    assert names[-2:] == [NAME, "Zebedee Quillfeather-Smith"]


def test_rectification_that_changes_nothing_is_refused_with_a_message(client, officer, full_record, login_with_mfa):
    resident = full_record.resident
    login_with_mfa(client, officer)
    page = client.post(
        reverse("privacy:rectify", args=[resident.pk]),
        request_fields(
            name=NAME,
            email=EMAIL,
            phone="07700 900777",
            preferred_contact="email",
            tenancy_reference="TEN-QF-1",
            address=resident.home.address,
            postcode=resident.home.postcode,
        ),
    )
    assert "Nothing was changed: correct at least one detail." in page.content.decode()
    assert not DataRequest.objects.exists()


# Erasure


def test_erasure_is_refused_while_a_complaint_is_open_and_the_refusal_recorded(
    client, officer, full_record, log_complaint, login_with_mfa
):
    resident = full_record.resident
    live = log_complaint(resident=resident)
    login_with_mfa(client, officer)

    page = client.post(reverse("privacy:erase", args=[resident.pk]), request_fields(confirm="on"))

    assert f"The resident has an open complaint ({live.reference})" in page.content.decode()
    assert Resident.objects.get(pk=resident.pk).name == NAME
    request = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE)
    assert request.outcome == DataRequest.Outcome.REFUSED
    assert request.outcome_note.startswith("The resident has an open complaint")


def test_erasure_is_refused_while_a_legal_hold_is_in_force(client, officer, manager, full_record, login_with_mfa):
    resident = full_record.resident
    login_with_mfa(client, manager)
    client.post(reverse("privacy:hold-place", args=[resident.pk]), {"reason": "Disrepair claim at court"})
    hold = LegalHold.objects.get(released_at__isnull=True)
    assert hold.placed_by == manager

    page = client.post(reverse("privacy:erase", args=[resident.pk]), request_fields(confirm="on"))

    assert "A legal hold is in force for this resident" in page.content.decode()
    assert not Anonymisation.objects.exists()

    client.post(reverse("privacy:hold-release", args=[hold.pk]), {"reason": "Claim struck out"})
    hold.refresh_from_db()
    assert (hold.released_by, hold.release_reason) == (manager, "Claim struck out")
    response = client.post(reverse("privacy:erase", args=[resident.pk]), request_fields(confirm="on"))
    assert response.status_code == 302
    assert Resident.objects.get(pk=resident.pk).name == ANONYMOUS_NAME


def test_erasure_needs_the_confirmation(client, officer, full_record, login_with_mfa):
    login_with_mfa(client, officer)
    page = client.post(reverse("privacy:erase", args=[full_record.resident.pk]), request_fields())
    assert "Confirm that you understand the data cannot be restored." in page.content.decode()
    assert not DataRequest.objects.exists()


def test_erasure_removes_every_personal_value_now_and_keeps_the_figures(client, officer, full_record, login_with_mfa):
    resident = full_record.resident
    # As they stood the day before: adjustments and restrictions in place end with the erasure today.
    before_stats, before_figures = statistics(), figures(as_of=D(2026, 3, 1))
    login_with_mfa(client, officer)

    response = client.post(
        reverse("privacy:erase", args=[resident.pk]),
        request_fields(confirm="on", reason=f"{NAME} emailed from {EMAIL} asking to be forgotten"),
    )

    assert response.status_code == 302
    assert where_found(SURNAME) == []
    assert where_found(EMAIL) == []
    assert statistics() == before_stats
    assert figures(as_of=D(2026, 3, 1)) == before_figures
    request = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE)
    assert (request.outcome, request.handled_by) == (DataRequest.Outcome.DONE, officer)
    assert request.reason == f"{NAME_REMOVED} emailed from {NAME_REMOVED} asking to be forgotten"
    done = Anonymisation.objects.get(resident=resident)
    assert (done.cause, done.anonymised_by, done.request) == ("erasure", officer, request)
    assert Anonymisation.objects.filter(complaint__resident=resident, cause="erasure").count() == 2


# Who may


PAGES = ["subject-access", "rectify", "erase", "hold-place"]


@pytest.mark.parametrize("role", ["board_member", "staff_member"])
def test_board_members_and_other_staff_are_refused_every_personal_data_page(
    client, request, role, full_record, login_with_mfa
):
    login_with_mfa(client, request.getfixturevalue(role))
    resident = full_record.resident
    hold = LegalHold.objects.create(resident=resident, reason="Claim", placed_by=request.getfixturevalue("manager"))
    for url in [reverse("privacy:overview"), reverse("privacy:resident", args=[resident.pk])]:
        assert client.get(url).status_code == 403, url
    urls = [reverse(f"privacy:{page}", args=[resident.pk]) for page in PAGES]
    urls.append(reverse("privacy:hold-release", args=[hold.pk]))
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, request_fields(confirm="on")).status_code == 403, url
    assert Resident.objects.get(pk=resident.pk).name == NAME
    assert LegalHold.objects.get(pk=hold.pk).in_force
    assert not DataRequest.objects.exists()


def test_the_overview_and_resident_pages_only_read(client, officer, resident, login_with_mfa):
    login_with_mfa(client, officer)
    assert client.post(reverse("privacy:overview")).status_code == 405
    assert client.post(reverse("privacy:resident", args=[resident.pk])).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client, resident):
    response = client.get(reverse("privacy:resident", args=[resident.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_case_workers_find_the_personal_data_pages_from_the_resident_and_the_menu(
    client, officer, full_record, login_with_mfa
):
    login_with_mfa(client, officer)
    resident_page = client.get(reverse("casework:resident", args=[full_record.resident.pk])).content.decode()
    assert reverse("privacy:resident", args=[full_record.resident.pk]) in resident_page
    assert reverse("privacy:overview") in resident_page
    overview = client.get(reverse("privacy:overview"))
    assert "6 years after it ends" in overview.content.decode()
    page = client.get(reverse("privacy:resident", args=[full_record.resident.pk])).content.decode()
    assert escape(full_record.resident.name) in page and "Export everything held" in page


def test_staff_members_do_not_see_the_personal_data_links(client, staff_member, resident, login_with_mfa):
    login_with_mfa(client, staff_member)
    page = client.get(reverse("casework:resident", args=[resident.pk])).content.decode()
    assert reverse("privacy:overview") not in page
    assert reverse("privacy:resident", args=[resident.pk]) not in page
