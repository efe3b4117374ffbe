"""Communication needs as reasonable adjustments (Code 5.10): recorded as structured needs, and what we send follows
them. Large print letters are drawn in large print and no longer offer other formats; the rest are shown to staff
where they act on them (tests/casework). Special-category data: for case workers only, never in logs."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from complaints.models import CommunicationNeed, Letter, LetterKind, LetterTemplate, ReasonableAdjustment
from complaints.services import record, workflow
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.pdf import pdf_font_sizes, pdf_text

D = datetime.date
AGREED = D(2026, 2, 2)
REVIEW = D(2026, 8, 3)
OFFER = "If you need this letter in another format"

pytestmark = pytest.mark.django_db


def agree(officer, resident, need, **kwargs):
    return record.adjustment_agree(
        actor=officer, resident=resident, need=need, agreed_on=AGREED, review_due=REVIEW, **kwargs
    )


def end(officer, adjustment):
    record.special_category_review(
        actor=officer, item=adjustment, reviewed_on=D(2026, 2, 3), next_review_due=None, ended=True
    )


def acknowledgement(log_complaint, officer, resident):
    complaint = log_complaint(received_on=D(2026, 2, 2), resident=resident)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    return Letter.objects.get(complaint=complaint, kind=LetterKind.ACKNOWLEDGEMENT).document


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- recording a need ------------------------------------------------------------------------------------------


def test_each_need_is_recorded_as_what_it_is_and_reads_as_staff_act_on_it(resident, officer):
    large = agree(officer, resident, "large_print", adjustment="18 point Arial")
    polish = agree(officer, resident, "other_language", language="Polish")
    other = agree(officer, resident, "other", adjustment="Visits only in the morning")
    assert [(a.need, a.language, a.adjustment) for a in resident.adjustments.in_place()] == [
        ("large_print", "", "18 point Arial"),
        ("other_language", "Polish", ""),
        ("other", "", "Visits only in the morning"),
    ]
    assert (large.summary, polish.summary, other.summary) == (
        "Large print (18 point Arial)",
        "Another language: Polish",
        "Visits only in the morning",
    )


@pytest.mark.parametrize(
    ("need", "details", "field", "message"),
    [
        ("other_language", {}, "language", "Say which language the resident needs."),
        ("other_language", {"language": "  "}, "language", "Say which language the resident needs."),
        ("large_print", {"language": "Welsh"}, "language", "A language is recorded only for another language."),
        ("other", {}, "adjustment", "Describe the adjustment agreed."),
        ("sign_writing", {}, "need", "Choose the need the adjustment meets, or another adjustment."),
    ],
)
def test_a_need_missing_what_staff_would_act_on_is_refused_with_the_reason(
    resident, officer, need, details, field, message
):
    with pytest.raises(WorkflowError) as refused:
        agree(officer, resident, need, **details)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not ReasonableAdjustment.objects.exists()


def test_the_same_need_is_not_recorded_twice_while_the_first_is_in_place(resident, officer):
    first = agree(officer, resident, "other_language", language="Polish")
    with pytest.raises(WorkflowError, match="Another language: Polish is already recorded, with a review by 3 August"):
        agree(officer, resident, "other_language", language="polish")
    agree(officer, resident, "other_language", language="Urdu")  # another language is another need
    agree(officer, resident, "other", adjustment="Calls after 2pm")
    agree(officer, resident, "other", adjustment="Calls after 2pm")  # other adjustments are whatever was agreed
    end(officer, first)
    agree(officer, resident, "other_language", language="Polish")
    assert resident.adjustments.filter(language="Polish").count() == 2


def test_only_roles_that_see_special_category_data_record_needs(resident, staff_member, board_member):
    for user in (staff_member, board_member):
        with pytest.raises(PermissionDenied):
            agree(user, resident, "large_print")
    assert not ReasonableAdjustment.objects.exists()


def test_the_database_refuses_a_need_without_what_it_needs(resident, officer):
    adjustment = agree(officer, resident, "braille")
    for changes in ({"need": "other_language"}, {"need": "other"}, {"need": "semaphore"}, {"language": "Welsh"}):
        with pytest.raises(IntegrityError, match="adjustment_"), transaction.atomic():
            ReasonableAdjustment.objects.filter(pk=adjustment.pk).update(**changes)


# --- the API ----------------------------------------------------------------------------------------------------


def test_a_case_worker_records_a_need_through_the_api_and_reads_it_back(resident, officer):
    answer = api(officer).post(
        f"/api/v1/residents/{resident.pk}/adjustments/",
        {"need": "other_language", "language": "Tigrinya", "agreed_on": "2026-02-02", "review_due": "2026-08-03"},
        format="json",
    )
    assert answer.status_code == 201
    (shown,) = answer.json()["adjustments"]
    assert (shown["need"], shown["language"], shown["adjustment"]) == ("other_language", "Tigrinya", "")


def test_the_api_explains_a_need_it_cannot_record(resident, officer):
    client = api(officer)
    url = f"/api/v1/residents/{resident.pk}/adjustments/"
    answer = client.post(url, {"need": "other_language", "agreed_on": "2026-02-02", "review_due": "2026-08-03"})
    assert answer.status_code == 400
    assert answer.json()["language"] == ["Say which language the resident needs."]
    answer = client.post(url, {"need": "telepathy", "agreed_on": "2026-02-02", "review_due": "2026-08-03"})
    assert answer.status_code == 400 and "need" in answer.json()
    assert not resident.adjustments.exists()


def test_an_adjustment_posted_without_a_need_is_another_adjustment(resident, officer):
    answer = api(officer).post(
        f"/api/v1/residents/{resident.pk}/adjustments/",
        {"adjustment": "Calls after 2pm", "agreed_on": "2026-02-02", "review_due": "2026-08-03"},
        format="json",
    )
    assert answer.status_code == 201
    assert resident.adjustments.get().need == CommunicationNeed.OTHER


def test_needs_are_left_out_of_the_api_for_staff_and_never_reach_the_logs(resident, officer, staff_member, caplog):
    caplog.set_level(logging.DEBUG)
    api(officer).post(
        f"/api/v1/residents/{resident.pk}/adjustments/",
        {"need": "other_language", "language": "Tigrinya", "agreed_on": "2026-02-02", "review_due": "2026-08-03"},
        format="json",
    )
    api(officer).get(f"/api/v1/residents/{resident.pk}/")
    seen_by_staff = api(staff_member).get(f"/api/v1/residents/{resident.pk}/")
    assert resident.adjustments.count() == 1
    assert "adjustments" not in seen_by_staff.json() and "Tigrinya" not in seen_by_staff.content.decode()
    assert "Tigrinya" not in caplog.text


# --- letters follow the needs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "offered"),
    [
        ([], True),
        (["large_print"], False),
        (["braille"], False),
        (["other_language"], False),
        (["easy_read"], False),
        (["audio"], False),
        # Not a format of the letter: the offer still stands.
        (["phone_calls"], True),
        (["bsl"], True),
        (["other"], True),
    ],
)
def test_someone_who_told_us_the_format_they_need_is_not_offered_other_formats(
    log_complaint, officer, resident, needs, offered
):
    for need in needs:
        agree(
            officer,
            resident,
            need,
            language="Polish" if need == "other_language" else "",
            adjustment="Calls after 2pm" if need == "other" else "",
        )
    text = pdf_text(acknowledgement(log_complaint, officer, resident))
    assert (OFFER in text) is offered
    assert "We will keep you informed while we look into your complaint." in text


def test_a_need_that_has_ended_no_longer_shapes_the_letters(log_complaint, officer, resident):
    large = agree(officer, resident, "large_print")
    end(officer, large)
    assert OFFER in pdf_text(acknowledgement(log_complaint, officer, resident))


def test_the_offer_is_the_administrators_to_word(log_complaint, officer, resident):
    LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).update(
        other_formats="Ask {{ landlord_name }} for this letter in another format, quoting {{ reference }}."
    )
    text = pdf_text(acknowledgement(log_complaint, officer, resident))
    assert f"Ask {settings.LANDLORD_NAME} for this letter in another format, quoting CMP-" in text
    assert OFFER not in text


def _body_sizes(document, resident):
    """The size of everything drawn except the address in the envelope's window."""
    window = {resident.name, *resident.home.postal_lines}
    return [(size, text) for size, text in pdf_font_sizes(document) if text not in window]


@pytest.mark.real_pdf
def test_a_letter_to_someone_who_needs_large_print_is_drawn_at_16_points_or_more(log_complaint, officer, resident):
    agree(officer, resident, "large_print")
    document = acknowledgement(log_complaint, officer, resident)
    sizes = _body_sizes(document, resident)
    assert [text for size, text in sizes if size < 16] == []
    texts = " ".join(text for _, text in sizes)
    for part in ("Our reference", f"Dear {resident.name},", "What we understand your complaint to be", "Page 1 of"):
        assert part in texts
    assert OFFER not in pdf_text(document)


@pytest.mark.real_pdf
def test_a_letter_to_someone_without_the_need_is_drawn_at_the_usual_size(log_complaint, officer, resident):
    sizes = _body_sizes(acknowledgement(log_complaint, officer, resident), resident)
    assert min(size for size, _ in sizes) < 12
    assert {text: size for size, text in sizes}[f"Dear {resident.name},"] == 11


# --- the migration ----------------------------------------------------------------------------------------------

BEFORE = [("complaints", "0016_outgoing_message_code_kind")]
AFTER = [("complaints", "0018_other_formats_offered_apart_from_the_closing")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_adjustments_recorded_as_free_text_become_other_adjustments_with_their_words(
    committed_reference_data, resident, officer
):
    try:
        old = migrate(BEFORE)
        old.get_model("complaints", "ReasonableAdjustment").objects.create(
            resident_id=resident.pk,
            adjustment="All letters in large print (18 point Arial).",
            agreed_on=AGREED,
            review_due=REVIEW,
            recorded_by_id=officer.pk,
        )
        assert OFFER in old.get_model("complaints", "LetterTemplate").objects.get(kind="acknowledgement").closing
        migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    adjustment = ReasonableAdjustment.objects.get()
    assert (adjustment.need, adjustment.adjustment, adjustment.language) == (
        "other",
        "All letters in large print (18 point Arial).",
        "",
    )
    # The offer of other formats now stands apart from the closing it ended.
    template = LetterTemplate.objects.get(kind="acknowledgement")
    assert template.closing == "We will keep you informed while we look into your complaint."
    assert template.other_formats.startswith(OFFER)
