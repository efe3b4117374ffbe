"""Server-side drafts of a case form's long text boxes (issue 15 §3): saved while typing, restored when the form is
opened again, the author's only, gone once the form is sent or after DRAFT_KEPT_DAYS."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from complaints.services import workflow
from notes.models import Draft
from notes.services import draft_save, drafts_expire
from notes.tasks import expire_drafts
from tests.conftest import POINTS

pytestmark = pytest.mark.django_db

REASONS = "We upheld the complaint because the repair was booked three times and missed each time."


@pytest.fixture
def complaint(log_complaint, officer):
    complaint = log_complaint()
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
    )
    complaint.refresh_from_db()
    return complaint


def drafts_url(complaint, form="respond"):
    return reverse("notes:drafts", args=[complaint.reference, form])


def respond_page(client, complaint):
    return client.get(reverse("casework:complaint-action", args=[complaint.reference, "respond"])).content.decode()


def test_a_draft_typed_into_the_response_is_restored_with_when_it_was_written(
    client, complaint, officer, login_with_mfa
):
    login_with_mfa(client, officer)

    answer = client.post(drafts_url(complaint), {"field": "reasons", "text": REASONS})

    assert answer.status_code == 200
    assert answer.json()["saved_at"] == "12:00"
    assert answer.json()["session_seconds_left"] > 0
    html = respond_page(client, complaint)
    # 12:00 UTC on 2 March 2026 is 12:00 in London (GMT).
    assert "We restored the text you were writing on 2 March 2026 at 12:00." in html
    assert f">{REASONS}</textarea>" in html


def test_a_draft_of_a_definition_point_is_restored_into_its_row(client, complaint, officer, login_with_mfa):
    login_with_mfa(client, officer)

    client.post(drafts_url(complaint, "define"), {"field": "points-2-point", "text": "The smell of damp"})

    html = client.get(reverse("casework:complaint-action", args=[complaint.reference, "define"])).content.decode()
    assert 'name="points-2-point"' in html
    assert html.index("The smell of damp") > html.index('name="points-2-point"')


def test_saving_empty_text_discards_the_draft(client, complaint, officer, login_with_mfa):
    login_with_mfa(client, officer)
    client.post(drafts_url(complaint), {"field": "reasons", "text": REASONS})

    answer = client.post(drafts_url(complaint), {"field": "reasons", "text": ""})

    assert answer.json()["saved_at"] is None
    assert not Draft.objects.exists()
    assert "We restored" not in respond_page(client, complaint)


def test_a_field_that_is_not_a_long_text_box_is_refused_with_the_reason(client, complaint, officer, login_with_mfa):
    login_with_mfa(client, officer)

    answer = client.post(drafts_url(complaint), {"field": "remedy_amount", "text": "100"})

    assert answer.status_code == 400
    assert answer.json() == {"field": ["This form has no long text box called “remedy_amount”."]}
    assert not Draft.objects.exists()


def test_another_officers_draft_is_never_shown(client, complaint, officer, manager, login_with_mfa):
    draft_save(actor=manager, complaint=complaint, form="respond", field="reasons", text=REASONS)
    login_with_mfa(client, officer)

    html = respond_page(client, complaint)

    assert REASONS not in html and "We restored" not in html


def test_someone_who_may_not_send_the_form_cannot_keep_a_draft_of_it(
    client, complaint, board_member, staff_member, login_with_mfa
):
    for person in (board_member, staff_member):
        client.logout()
        login_with_mfa(client, person)
        assert client.post(drafts_url(complaint), {"field": "reasons", "text": REASONS}).status_code == 403
    assert not Draft.objects.exists()


def test_drafts_need_a_signed_in_post(client, complaint, officer, login_with_mfa):
    assert client.post(drafts_url(complaint), {"field": "reasons", "text": REASONS}).status_code == 302
    login_with_mfa(client, officer)
    assert client.get(drafts_url(complaint)).status_code == 405
    assert not Draft.objects.exists()


def test_the_drafts_of_a_form_go_when_it_is_sent(client, log_complaint, officer, manager, login_with_mfa):
    complaint = log_complaint()
    draft_save(actor=officer, complaint=complaint, form="note", field="text", text="Half a note")
    draft_save(actor=manager, complaint=complaint, form="note", field="text", text="Someone else's")
    draft_save(actor=officer, complaint=complaint, form="respond", field="reasons", text=REASONS)
    login_with_mfa(client, officer)

    response = client.post(
        reverse("casework:complaint-action", args=[complaint.reference, "note"]),
        {"text": "The whole note", "version": complaint.version},
    )

    assert response.status_code == 302
    assert set(Draft.objects.values_list("author", "form")) == {(manager.pk, "note"), (officer.pk, "respond")}


def test_a_form_sent_with_errors_keeps_its_drafts(client, complaint, officer, login_with_mfa):
    draft_save(actor=officer, complaint=complaint, form="respond", field="reasons", text=REASONS)
    login_with_mfa(client, officer)

    response = client.post(
        reverse("casework:complaint-action", args=[complaint.reference, "respond"]),
        {"reasons": REASONS, "version": complaint.version},
    )

    assert response.status_code == 200
    assert Draft.objects.count() == 1


def test_drafts_are_removed_after_the_days_they_are_kept(complaint, officer, manager, settings, frozen_today):
    settings.DRAFT_KEPT_DAYS = 30
    draft_save(actor=officer, complaint=complaint, form="respond", field="reasons", text=REASONS)
    frozen_today.shift(datetime.timedelta(days=20))
    draft_save(actor=manager, complaint=complaint, form="respond", field="reasons", text="Newer")
    frozen_today.shift(datetime.timedelta(days=10, seconds=1))

    assert expire_drafts.delay().get() == 1

    assert list(Draft.objects.values_list("text", flat=True)) == ["Newer"]
    frozen_today.shift(datetime.timedelta(days=20))
    assert drafts_expire() == 1
