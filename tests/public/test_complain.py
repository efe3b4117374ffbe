from __future__ import annotations

import threading
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, Disclosure, Document, ReasonableAdjustment, Representative
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "token": str(uuid.uuid4()),
        "website": "",
        "what_happened": "Damp in the bedroom has been reported four times since October.",
        "outcome_wanted": "Fix the damp and repaint the wall.",
        "who": "me",
        "name": "Alex Resident",
        "email": "alex@resident.example",
        "phone": "",
        "preferred_contact": "email",
        "address": "Flat 2\n10 River Road\nAnytown",
        "postcode": "cf10  1aa",
        "needs": "",
    }
    data.update(overrides)
    return data


def test_the_form_explains_the_two_stages_the_timescales_and_the_ombudsman(client):
    page = client.get(reverse("public:complain")).content.decode()
    assert "stage 2" in page
    assert "within 5 working days" in page
    assert "within 10 working days" in page
    assert "Housing Ombudsman" in page
    assert 'name="token"' in page


def test_it_logs_a_web_form_complaint_received_today_in_the_nation_given(client):
    response = client.post(reverse("public:complain"), form_data())
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel.code == "web_form"
    assert complaint.received_on == TODAY
    assert complaint.nation == "wales"
    assert complaint.home.postcode == "CF10 1AA"
    assert complaint.resident.email == "alex@resident.example"
    assert "Damp in the bedroom" in complaint.summary and "repaint the wall" in complaint.summary
    assert complaint.logged_by.username == "web-form"
    assert not complaint.logged_by.has_usable_password()
    page = client.get(response.url).content.decode()
    assert complaint.reference in page
    assert "What happens next" in page


def test_it_emails_a_receipt_with_the_reference_when_an_email_was_given(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:complain"), form_data(needs="I am deaf: please do not phone me."))
    complaint = Complaint.objects.get()
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["alex@resident.example"]
    assert complaint.reference in receipt.subject and complaint.reference in receipt.body
    assert "deaf" not in receipt.body  # special-category data never goes in emails


def test_it_sends_no_email_when_none_was_given(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:complain"), form_data(email="", preferred_contact="letter"))
    assert Complaint.objects.count() == 1
    assert mail.outbox == []


def test_needs_are_kept_as_special_category_data_not_in_the_complaint(client):
    client.post(reverse("public:complain"), form_data(needs="Large print letters, please."))
    complaint = Complaint.objects.get()
    assert "Large print" not in complaint.summary
    # A reasonable adjustment asked for (Code 5.10), in the resident's words: not a disability they disclosed.
    adjustment = ReasonableAdjustment.objects.get(resident=complaint.resident)
    assert (adjustment.need, adjustment.adjustment) == (
        "other",
        "Asked for on the online complaint form: Large print letters, please.",
    )
    assert not Disclosure.objects.exists()


def test_the_needs_ticked_are_recorded_as_those_needs_for_a_case_worker_to_confirm(client):
    client.post(
        reverse("public:complain"),
        form_data(communication_needs=["large_print", "phone_calls"], language="Polish"),
    )
    complaint = Complaint.objects.get()
    adjustments = ReasonableAdjustment.objects.filter(resident=complaint.resident).order_by("need")
    assert [(a.need, a.language) for a in adjustments] == [
        ("large_print", ""),
        ("other_language", "Polish"),  # a language given is a language needed, ticked or not
        ("phone_calls", ""),
    ]
    # Kept under review from the start: first by the acknowledgement, 5 working days on (Code 5.10, 6.2).
    assert {(a.agreed_on, a.review_due, a.recorded_by.username) for a in adjustments} == {
        (TODAY, complaint.current_stage.acknowledgement_due, "web-form")
    }
    assert complaint.current_stage.acknowledgement_due > TODAY
    assert "Polish" not in complaint.summary


def test_another_language_without_saying_which_is_explained_and_nothing_is_logged(client):
    response = client.post(reverse("public:complain"), form_data(communication_needs=["other_language"]))
    assert response.status_code == 200
    assert "Enter the language you need" in response.content.decode()
    assert not Complaint.objects.exists() and not ReasonableAdjustment.objects.exists()


def test_a_double_submit_makes_one_complaint_and_shows_the_same_reference(client):
    data = form_data()
    first = client.post(reverse("public:complain"), data)
    second = client.post(reverse("public:complain"), data)
    assert Complaint.objects.count() == 1
    assert first.url == second.url
    assert Complaint.objects.get().reference in client.get(second.url).content.decode()


@pytest.mark.usefixtures("committed_reference_data")
def test_sixteen_identical_concurrent_posts_make_one_complaint(settings):
    settings.COMPLAINT_FORM_RATE = "100/h"
    data = form_data()
    barrier = threading.Barrier(16)
    statuses = []

    def post():
        try:
            barrier.wait()
            statuses.append(Client().post(reverse("public:complain"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 16
    assert Complaint.objects.filter(submission_token=data["token"]).count() == 1


def test_the_honeypot_logs_nothing_but_looks_accepted(client):
    response = client.post(reverse("public:complain"), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 0


def test_too_many_posts_from_one_address_are_refused_with_another_way_to_complain(client, settings):
    settings.COMPLAINT_FORM_RATE = "2/h"
    for _ in range(2):
        client.post(reverse("public:complain"), form_data())
    response = client.post(reverse("public:complain"), form_data())
    assert response.status_code == 429
    assert "by phone" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_mistakes_do_not_count_towards_the_limit_only_accepted_complaints_do(client, settings):
    """Issue 15 §7: a resident who makes mistakes is not locked out."""
    settings.COMPLAINT_FORM_RATE = "2/h"
    for _ in range(10):
        assert client.post(reverse("public:complain"), form_data(what_happened="")).status_code == 200
    assert client.post(reverse("public:complain"), form_data()).status_code == 302
    assert client.post(reverse("public:complain"), form_data()).status_code == 302
    assert client.post(reverse("public:complain"), form_data()).status_code == 429
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize(
    ("postcode", "nation"),
    [("bt1 1aa", "northern_ireland"), ("EH1 1YZ", "scotland"), ("cf10 1aa", "wales"), ("SW1A1AA", "england")],
)
def test_the_nation_comes_from_the_postcode(client, postcode, nation):
    response = client.post(reverse("public:complain"), form_data(postcode=postcode, nation="england"))
    assert response.status_code == 302
    assert Complaint.objects.get().nation == nation


def test_the_nation_is_not_asked_until_the_postcode_crosses_a_border(client):
    assert "Which country is the home in?" not in client.get(reverse("public:complain")).content.decode()
    asked = client.post(reverse("public:complain"), form_data(postcode="CH1 2AB"))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Select which country the home is in: CH postcodes cover homes on both sides of the border" in page
    assert Complaint.objects.count() == 0
    assert client.post(reverse("public:complain"), form_data(postcode="CH1 2AB", nation="wales")).status_code == 302
    assert Complaint.objects.get().nation == "wales"


@pytest.mark.parametrize("postcode", ["12345", "GY1 1AA", "ZZ1 1AA", "SW1A"])
def test_a_postcode_that_is_not_a_uk_one_is_refused(client, postcode):
    page = client.post(reverse("public:complain"), form_data(postcode=postcode)).content.decode()
    assert "Enter a UK postcode, like SW1A 1AA" in page
    assert Complaint.objects.count() == 0


def test_missing_answers_are_listed_in_an_error_summary_linking_to_each_field(client):
    response = client.post(reverse("public:complain"), form_data(what_happened="", postcode="", email=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_what_happened">Tell us what happened</a>' in page
    assert '<a href="#id_postcode">Enter the postcode of the home</a>' in page
    assert 'href="#id_email"' in page  # email chosen as the contact method but not given
    assert "<title>Error: Make a complaint" in page
    assert Complaint.objects.count() == 0


def test_someone_complaining_for_a_resident_is_recorded_as_their_representative(client):
    client.post(
        reverse("public:complain"),
        form_data(
            who="someone_else",
            resident_name="Pat Tenant",
            relationship="Daughter",
            authority="verbal_consent",
            name="Sam Helper",
            email="sam@helper.example",
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.resident.name == "Pat Tenant"
    assert complaint.resident.email == ""
    representative = Representative.objects.get()
    assert complaint.representative == representative
    assert (representative.name, representative.relationship, representative.authority) == (
        "Sam Helper",
        "Daughter",
        "verbal_consent",
    )


def test_complaining_for_someone_else_needs_their_name_and_permission(client):
    page = client.post(reverse("public:complain"), form_data(who="someone_else")).content.decode()
    assert "Enter the full name of the person you are complaining for" in page
    assert "Select how they have given you permission" in page
    assert Complaint.objects.count() == 0


def test_attachments_are_added_to_the_complaint(client):
    photo = SimpleUploadedFile("damp wall.jpg", b"\xff\xd8\xff photo bytes", content_type="image/jpeg")
    client.post(reverse("public:complain"), {**form_data(), "attachments": [photo]})
    document = Document.objects.get()
    assert document.complaint == Complaint.objects.get()
    assert document.title == "Attachment 1 from the online form"


def test_a_file_of_a_refused_type_logs_nothing_and_says_why(client):
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("public:complain"), {**form_data(), "attachments": [script]})
    assert "run.exe: Files of this type cannot be added" in response.content.decode()
    assert Complaint.objects.count() == 0
