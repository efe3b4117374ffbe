from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from complaints.models import (
    Channel,
    Complaint,
    ContactRestriction,
    ReasonableAdjustment,
    Representative,
    Resident,
    ServiceRequest,
)
from complaints.services import record
from tests.casework.conftest import date_fields
from tests.conftest import TODAY
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_staff_find_a_resident_by_postcode_to_log_a_complaint(client, staff_member, login_with_mfa):
    resident = ResidentFactory(home__postcode="ZZ9 9ZZ")
    login_with_mfa(client, staff_member)
    page = client.get(reverse("casework:complaint-log"), {"q": "zz99zz"}).content.decode()
    assert escape(resident.name) in page
    assert f"?resident={resident.pk}" in page


def test_a_member_of_staff_logs_a_complaint_from_any_channel(client, staff_member, login_with_mfa):
    resident = ResidentFactory()
    login_with_mfa(client, staff_member)
    response = client.post(
        reverse("casework:complaint-log") + f"?resident={resident.pk}",
        {
            "channel": Channel.objects.get(code="in_person").pk,
            **date_fields("received_on", TODAY),
            "summary": "Told me at the community event that the heating is still off.",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert (complaint.resident, complaint.channel.code, complaint.logged_by) == (resident, "in_person", staff_member)


def test_an_officer_logs_a_serious_scottish_complaint_at_stage_2_and_an_english_one_is_refused_beside_the_field(
    as_officer, client, staff_member, login_with_mfa
):
    scottish, english = ResidentFactory(home__nation="scotland"), ResidentFactory(home__nation="england")
    data = {
        "channel": Channel.objects.get(code="phone").pk,
        **date_fields("received_on", TODAY),
        "summary": "Gas smell again.",
        "stage_2_reason": "High-risk: gas (seed 003 §24).",
    }

    logged = as_officer.post(reverse("casework:complaint-log") + f"?resident={scottish.pk}", data)
    refused = as_officer.post(reverse("casework:complaint-log") + f"?resident={english.pk}", data)

    assert logged.status_code == 302
    assert Complaint.objects.get().stage == 2
    assert refused.status_code == 200
    assert "every complaint starts at stage 1" in refused.context["form"].errors["stage_2_reason"][0]
    # A member of staff logs complaints but does not decide one starts at stage 2.
    login_with_mfa(client, staff_member)
    assert (
        'name="stage_2_reason"'
        not in client.get(reverse("casework:complaint-log") + f"?resident={scottish.pk}").content.decode()
    )


def test_a_possible_duplicate_is_flagged_and_needs_confirming(as_officer, log_complaint, resident):
    existing = log_complaint()
    url = reverse("casework:complaint-log") + f"?resident={resident.pk}"
    data = {"channel": existing.channel.pk, **date_fields("received_on", TODAY), "summary": "The boiler again"}
    page = as_officer.get(url).content.decode()
    assert 'id="duplicate-warning"' in page and existing.reference in page
    refused = as_officer.post(url, data)
    assert "Check the new complaint is not one of them" in refused.content.decode()
    assert Complaint.objects.count() == 1
    as_officer.post(url, {**data, "not_a_duplicate": "on"})
    assert Complaint.objects.count() == 2


def test_service_requests_are_logged_listed_and_raise_a_linked_complaint(as_officer, resident):
    phone = Channel.objects.get(code="phone")
    as_officer.post(
        reverse("casework:service-request-new") + f"?resident={resident.pk}",
        {"channel": phone.pk, **date_fields("reported_on", TODAY), "description": "Kitchen tap leaking"},
    )
    service_request = ServiceRequest.objects.get()
    assert service_request.reference in as_officer.get(reverse("casework:service-requests")).content.decode()
    as_officer.post(
        reverse("casework:service-request", args=[service_request.pk]),
        {
            "form": "raise",
            "raise-summary": "Nobody has come to fix the tap after two weeks.",
            **date_fields("raise-received_on", TODAY),
            "raise-channel": phone.pk,
        },
    )
    complaint = Complaint.objects.get()
    assert complaint.service_request == service_request
    service_request.refresh_from_db()
    assert service_request.status == ServiceRequest.Status.OPEN  # work carries on (Code 1.5)


def test_a_representative_is_recorded_with_their_authority(as_officer, resident):
    as_officer.post(
        reverse("casework:resident-add", args=[resident.pk, "representative"]),
        {
            "name": "Cllr Jones",
            "relationship": "Local councillor",
            "authority": "elected_representative",
            **date_fields("authority_given_on", TODAY),
            "authority_evidence": "Email from the resident on file",
        },
    )
    representative = Representative.objects.get()
    assert (representative.resident, representative.authority) == (resident, "elected_representative")


def test_adjustments_and_restrictions_have_review_dates_and_are_reviewed(as_officer, resident):
    as_officer.post(
        reverse("casework:resident-add", args=[resident.pk, "adjustment"]),
        {
            "need": "easy_read",
            **date_fields("agreed_on", TODAY),
            **date_fields("review_due", datetime.date(2026, 9, 1)),
        },
    )
    adjustment = ReasonableAdjustment.objects.get()
    assert (adjustment.need, adjustment.review_due) == ("easy_read", datetime.date(2026, 9, 1))
    response = as_officer.post(
        reverse("casework:resident-add", args=[resident.pk, "restriction"]),
        {
            "reason": "Abusive calls",
            "evidence": "Call logs",
            "scope": "Contact by email only",
            "equality_considerations": "No disability known",
            **date_fields("starts_on", TODAY),
            **date_fields("review_due", TODAY),
        },
    )
    assert "The review date must be after the start" in response.content.decode()
    assert not ContactRestriction.objects.exists()
    as_officer.post(
        reverse("casework:resident-review", args=[resident.pk, "adjustment", adjustment.pk]),
        {**date_fields("reviewed_on", TODAY), **date_fields("next_review_due", datetime.date(2027, 3, 1))},
    )
    adjustment.refresh_from_db()
    assert (adjustment.last_reviewed_on, adjustment.review_due) == (TODAY, datetime.date(2027, 3, 1))


def test_a_need_missing_its_language_is_explained_beside_the_field_and_nothing_is_recorded(as_officer, resident):
    url = reverse("casework:resident-add", args=[resident.pk, "adjustment"])
    data = {**date_fields("agreed_on", TODAY), **date_fields("review_due", datetime.date(2026, 9, 1))}
    html = as_officer.post(url, {"need": "other_language", **data}).content.decode()
    assert "Say which language the resident needs." in html and 'id="id_language-error"' in html
    html = as_officer.post(url, data).content.decode()
    assert "Choose what the resident needs, or another adjustment" in html
    assert not ReasonableAdjustment.objects.exists()
    as_officer.post(url, {"need": "other_language", "language": "Polish", **data})
    html = as_officer.get(reverse("casework:resident", args=[resident.pk])).content.decode()
    assert "Another language: Polish" in html


def test_the_review_queue_names_each_need(as_officer, resident, officer):
    record.adjustment_agree(
        actor=officer, resident=resident, need="braille", agreed_on=TODAY, review_due=datetime.date(2026, 3, 4)
    )
    html = as_officer.get(reverse("casework:queue", args=["reviews-due"])).content.decode()
    assert "Reasonable adjustment: Braille" in html and "Contact restriction" not in html


def test_a_new_resident_needs_the_nation_when_the_postcode_crosses_a_border(as_officer):
    response = as_officer.post(
        reverse("casework:resident-new"), {"name": "New Person", "address": "1 Road", "postcode": "CH5 1AA"}
    )
    assert "Say which nation the home is in" in response.content.decode()
    response = as_officer.post(
        reverse("casework:resident-new"),
        {"name": "New Person", "address": "1 Road", "postcode": "CH5 1AA", "nation": "wales"},
    )
    assert response.status_code == 302


def test_special_category_pages_refuse_staff_members(client, staff_member, resident, login_with_mfa):
    login_with_mfa(client, staff_member)
    assert client.get(reverse("casework:resident-add", args=[resident.pk, "disclosure"])).status_code == 403
    assert client.post(reverse("casework:resident-add", args=[resident.pk, "restriction"]), {}).status_code == 403


@pytest.mark.parametrize(("chosen", "nation"), [("", "scotland"), ("england", "england")])
def test_a_new_residents_nation_comes_from_the_postcode_unless_staff_choose_one(as_officer, chosen, nation):
    response = as_officer.post(
        reverse("casework:resident-new"),
        {"name": "Morag Resident", "address": "1 High Street\nEdinburgh", "postcode": "eh1 1yz", "nation": chosen},
    )
    assert response.status_code == 302
    assert Resident.objects.get(name="Morag Resident").home.nation == nation
