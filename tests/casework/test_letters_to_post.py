"""Letters to post show, beside each letter, what its resident needs (Code 5.10), so that staff arrange Braille, a
translation or a call before it goes in the post. Special-category data: for case workers, and each showing logged."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import OutgoingMessage
from complaints.services import record, workflow
from privacy.models import SpecialCategoryView
from tests.conftest import POINTS, TODAY
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def letter_to_post(log_complaint, officer, *needs):
    """An acknowledgement waiting in the post batch for a resident who prefers letters and has these needs."""
    resident = ResidentFactory(preferred_contact="letter")
    for need, language in needs:
        record.adjustment_agree(
            actor=officer,
            resident=resident,
            need=need,
            language=language,
            agreed_on=TODAY,
            review_due=datetime.date(2026, 9, 1),
        )
    complaint = log_complaint(resident=resident)
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 4), points=POINTS
    )
    return OutgoingMessage.objects.get(complaint=complaint, route=OutgoingMessage.Route.POST)


def row_of(html, message):
    (row,) = [row for row in html.split('class="govuk-checkboxes__item"') if f'id="letter-{message.pk}"' in row]
    return row


def test_each_letter_shows_what_its_resident_needs(client, login_with_mfa, log_complaint, officer):
    braille = letter_to_post(log_complaint, officer, ("braille", ""), ("other_language", "Polish"))
    plain = letter_to_post(log_complaint, officer)
    login_with_mfa(client, officer)
    html = client.get(reverse("casework:letters-to-post")).content.decode()
    row = row_of(html, braille)
    assert "The resident's needs:</strong> Braille; Another language: Polish" in row
    assert f'aria-describedby="letter-{braille.pk}-needs"' in row
    assert "needs" not in row_of(html, plain)


def test_showing_the_needs_is_logged_for_each_resident_shown(client, login_with_mfa, log_complaint, officer):
    first = letter_to_post(log_complaint, officer, ("audio", ""))
    second = letter_to_post(log_complaint, officer)
    login_with_mfa(client, officer)
    client.get(reverse("casework:letters-to-post"))
    views = SpecialCategoryView.objects.filter(viewer=officer, shown_on="Letters to post")
    assert sorted(views.values_list("resident_id", flat=True)) == sorted(
        [first.complaint.resident_id, second.complaint.resident_id]
    )
    assert SpecialCategoryView.objects.count() == 2


def test_the_page_takes_a_fixed_number_of_queries_however_many_letters(client, login_with_mfa, log_complaint, officer):
    letter_to_post(log_complaint, officer, ("easy_read", ""))
    login_with_mfa(client, officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("casework:letters-to-post"))
        return len(queries)

    before = count()
    for _ in range(3):
        letter_to_post(log_complaint, officer, ("large_print", ""), ("phone_calls", ""))
    assert count() == before
