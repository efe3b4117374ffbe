"""Internal notes (issue 15 §3): for the people handling the case, never for the resident or the board, and part of
what a subject access request returns."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from complaints.services import workflow
from core.errors import WorkflowError
from notes.models import Draft, Note
from notes.selectors import case_notes
from notes.services import draft_save, note_add, note_pin
from privacy.anonymise import REMOVED, complaints_anonymise
from privacy.models import Anonymisation
from privacy.subject_access import resident_personal_data
from tests.conftest import POINTS
from tests.oversight import senior_lead
from tests.public.test_resident_view import let_in

__all__ = ["senior_lead"]

pytestmark = pytest.mark.django_db

TEXT = "Resident prefers a call after 5pm; the contractor's manager promised a visit on Friday."


@pytest.fixture
def complaint(log_complaint):
    return log_complaint()


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def page(client, complaint):
    return client.get(reverse("casework:complaint", args=[complaint.reference]))


# --- the services -----------------------------------------------------------------------------------------------


def test_a_case_worker_adds_a_note_with_its_author_and_text_trimmed(complaint, officer, manager):
    note = note_add(actor=manager, complaint=complaint, text=f"  {TEXT}\n")

    assert (note.author, note.text, note.pinned) == (manager, TEXT, False)
    assert list(case_notes(viewer=officer, complaint=complaint)) == [note]


def test_an_empty_note_is_refused_with_the_field_at_fault(complaint, officer):
    with pytest.raises(WorkflowError) as refused:
        note_add(actor=officer, complaint=complaint, text="   ")

    assert (refused.value.field, refused.value.message) == ("text", "Enter the note.")
    assert not Note.objects.exists()


@pytest.mark.parametrize("who", ["board_member", "staff_member", "senior_lead"])
def test_only_case_workers_add_or_read_notes(who, request, complaint, officer):
    person = request.getfixturevalue(who)
    note = note_add(actor=officer, complaint=complaint, text=TEXT)

    with pytest.raises(PermissionDenied):
        note_add(actor=person, complaint=complaint, text="Mine")
    with pytest.raises(PermissionDenied):
        note_pin(actor=person, note=note, pinned=True)
    assert list(case_notes(viewer=person, complaint=complaint)) == []


def test_pinning_is_kept_in_the_notes_history_with_who_did_it(complaint, officer, manager):
    note = note_add(actor=officer, complaint=complaint, text=TEXT)

    note_pin(actor=manager, note=note, pinned=True)
    note_pin(actor=officer, note=note, pinned=False)

    note.refresh_from_db()
    assert note.pinned is False
    history = Note.pgh_event_model.objects.filter(pgh_obj_id=note.pk).order_by("pgh_id")
    assert [(e.pinned, e.pgh_context.metadata["user"]) for e in history] == [
        (False, officer.pk),
        (True, manager.pk),
        (False, officer.pk),
    ]


def test_a_note_cannot_be_deleted(complaint, officer):
    note = note_add(actor=officer, complaint=complaint, text=TEXT)

    with pytest.raises(Exception, match="protect_deletes"):
        Note.objects.filter(pk=note.pk).delete()


# --- the case page ----------------------------------------------------------------------------------------------


def test_the_case_page_shows_notes_newest_first_and_pinned_ones_under_the_heading(
    client, complaint, officer, frozen_today, login_with_mfa
):
    note_add(actor=officer, complaint=complaint, text="First: the older note.")
    frozen_today.shift(60)
    note_add(actor=officer, complaint=complaint, text="Second: do not visit without calling.", pinned=True)
    login_with_mfa(client, officer)

    html = page(client, complaint).content.decode()

    heading, pinned, notes = html.index("<h1"), html.index('id="pinned-notes"'), html.index('id="notes"')
    assert heading < pinned < notes
    assert html.index("Second: do not visit", pinned) < notes
    assert "First: the older note." not in html[pinned:notes]
    section = html[notes:]
    assert section.index("Second: do not visit") < section.index("First: the older note.")


def test_an_officer_adds_a_note_and_pins_it_from_the_pages(client, complaint, officer, login_with_mfa):
    login_with_mfa(client, officer)
    form = client.get(reverse("casework:complaint-action", args=[complaint.reference, "note"])).content.decode()
    assert "Do not record health or disability details here" in form

    response = client.post(
        reverse("casework:complaint-action", args=[complaint.reference, "note"]),
        {"text": TEXT, "version": complaint.version},
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert 'id="pinned-notes"' not in page(client, complaint).content.decode()

    response = client.post(reverse("notes:pin", args=[complaint.reference, note.pk]), {"pinned": "on"})

    assert response.status_code == 302 and response.url.endswith("#notes")
    assert 'id="pinned-notes"' in page(client, complaint).content.decode()
    client.post(reverse("notes:pin", args=[complaint.reference, note.pk]), {})
    assert 'id="pinned-notes"' not in page(client, complaint).content.decode()


def test_an_empty_note_is_explained_on_the_form(client, complaint, officer, login_with_mfa):
    login_with_mfa(client, officer)

    response = client.post(
        reverse("casework:complaint-action", args=[complaint.reference, "note"]), {"text": "", "version": 1}
    )

    assert response.status_code == 200
    assert "Enter the note." in response.content.decode()
    assert not Note.objects.exists()


def test_staff_who_logged_the_case_see_it_without_its_notes(
    client, log_complaint, officer, staff_member, login_with_mfa
):
    complaint = log_complaint(actor=staff_member)
    note_add(actor=officer, complaint=complaint, text=TEXT, pinned=True)
    login_with_mfa(client, staff_member)

    response = page(client, complaint)

    assert response.status_code == 200
    assert TEXT not in response.content.decode()
    assert 'id="notes"' not in response.content.decode()
    note = Note.objects.get()
    assert client.post(reverse("notes:pin", args=[complaint.reference, note.pk]), {}).status_code == 403
    add = reverse("casework:complaint-action", args=[complaint.reference, "note"])
    assert client.post(add, {"text": "Mine", "version": 1}).status_code == 403


def test_the_board_can_neither_see_nor_add_notes(client, complaint, officer, board_member, login_with_mfa):
    note = note_add(actor=officer, complaint=complaint, text=TEXT)
    login_with_mfa(client, board_member)

    assert page(client, complaint).status_code == 403
    add = reverse("casework:complaint-action", args=[complaint.reference, "note"])
    assert client.post(add, {"text": "Mine", "version": 1}).status_code == 403
    assert client.post(reverse("notes:pin", args=[complaint.reference, note.pk]), {"pinned": "on"}).status_code == 403
    assert list(Note.objects.values_list("text", "pinned")) == [(TEXT, False)]


# --- the resident and their data --------------------------------------------------------------------------------


def test_a_subject_access_export_includes_the_notes_on_the_residents_complaints(complaint, officer, resident):
    note_add(actor=officer, complaint=complaint, text=TEXT)

    data, _ = resident_personal_data(resident)

    [exported] = data["complaints"][0]["internal_notes"]
    assert exported["text"] == TEXT
    assert exported["author"] == officer.get_full_name()


def test_the_residents_own_view_never_shows_a_note(client, complaint, officer, resident, sending):
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
    )
    note_add(actor=officer, complaint=complaint, text=TEXT, pinned=True)
    resident.home.postcode = "AB1 2CD"
    resident.home.save()

    let_in(client, complaint, sending)
    response = client.get(reverse("public:your-complaint"))

    assert response.status_code == 200
    assert complaint.reference in response.content.decode()
    assert TEXT not in response.content.decode()
    assert "after 5pm" not in response.content.decode()


def test_anonymising_the_complaint_empties_its_notes_and_drafts_and_their_history(complaint, officer):
    note = note_add(actor=officer, complaint=complaint, text=TEXT)
    note_pin(actor=officer, note=note, pinned=True)
    draft_save(actor=officer, complaint=complaint, form="respond", field="reasons", text=TEXT)

    complaints_anonymise(complaints=[complaint], cause=Anonymisation.Cause.ERASURE)

    assert Note.objects.get().text == REMOVED
    assert set(Note.pgh_event_model.objects.values_list("text", flat=True)) == {REMOVED}
    assert Draft.objects.get().text == REMOVED
