from __future__ import annotations

import re

import pytest
from django.urls import reverse

from complaints.services import workflow
from public_pages.models import PublicPage
from tests.conftest import POINTS, TODAY

pytestmark = pytest.mark.django_db


def without_csrf(html: str) -> str:
    # The CSRF token and the Content-Security-Policy nonce differ on every answer.
    return re.sub(r'nonce="[^"]+"', "", re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))


@pytest.fixture
def acknowledged(log_complaint, officer, resident):
    resident.home.postcode = "AB1 2CD"
    resident.home.save()
    complaint = log_complaint(received_on=TODAY)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=TODAY, points=POINTS)
    return complaint


def check(client, reference, given):
    return client.post(reverse("public:check"), {"reference": reference, "email_or_postcode": given})


def test_reference_and_email_show_stage_status_next_due_date_and_letters(client, acknowledged, resident):
    page = check(client, acknowledged.reference.lower(), resident.email.upper()).content.decode()
    stage = acknowledged.current_stage
    stage.refresh_from_db()
    assert "Stage 1" in page
    assert "We are looking into it" in page
    assert f"by {stage.response_due:%-d %B %Y}" in page
    assert "2 March 2026: Acknowledgement" in page  # the letter issued when it was acknowledged
    assert resident.name not in page  # nothing else about the resident
    assert resident.home.address.splitlines()[0] not in page


def test_the_postcode_works_whatever_its_spacing_or_case(client, acknowledged):
    page = check(client, acknowledged.reference, "ab12cd").content.decode()
    assert f"Your complaint {acknowledged.reference}" in page


def test_a_wrong_email_answers_exactly_like_an_unknown_reference(client, acknowledged):
    wrong = check(client, acknowledged.reference, "someone@else.example")
    unknown = check(client, "CMP-999999", "someone@else.example")
    assert wrong.status_code == unknown.status_code == 200
    assert "We could not find a complaint" in wrong.content.decode()
    # Identical but for the reference typed in, which the form shows back.
    same = without_csrf(wrong.content.decode()).replace(acknowledged.reference, "CMP-999999")
    assert same == without_csrf(unknown.content.decode())


def test_the_policy_page_shows_what_the_administrator_wrote_as_escaped_paragraphs(client):
    PublicPage.objects.filter(slug="policy").update(
        title="How we handle complaints", body="First paragraph.\n\nSecond <script>alert(1)</script> paragraph."
    )
    page = client.get(reverse("public:policy")).content.decode()
    assert '<h1 class="govuk-heading-xl">How we handle complaints</h1>' in page
    assert "<p>First paragraph.</p>" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_the_default_pages_explain_the_stages_and_the_ombudsman_contact_details(client):
    policy = client.get(reverse("public:policy")).content.decode()
    assert "within 5 working days" in policy and "stage 2" in policy.lower()
    ombudsman = client.get(reverse("public:ombudsman")).content.decode()
    assert "0300 111 3000" in ombudsman


def test_the_brand_stylesheet_carries_the_landlords_colours(client, settings):
    settings.LANDLORD_BRAND_COLOUR = "#00703c"
    css = client.get(reverse("ui:brand-css")).content.decode()
    assert "--govuk-brand-colour:#00703c" in css


def test_every_page_carries_the_landlords_name_and_no_gov_uk_branding(client, settings):
    settings.LANDLORD_NAME = "Northfield Housing"
    page = client.get(reverse("public:home")).content.decode()
    assert "Northfield Housing" in page
    assert "GOV.UK" not in page and "crown" not in page.lower()
