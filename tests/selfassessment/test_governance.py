"""Draft, ready for approval, approved by the governing body, published; frozen once approved; amendments are
new versions; next year starts from the last approved one."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.services import workflow
from core.errors import WorkflowError
from selfassessment import services
from selfassessment.models import AssessmentRow, CodeVersion, EvidenceItem, SelfAssessment
from selfassessment.selectors import assessment_compare
from tests.conftest import POINTS
from tests.files import pdf_bytes
from tests.selfassessment.conftest import PERIOD

D = datetime.date
START, END = PERIOD


def complete(assessment, actor, complies="yes"):
    for row in assessment.rows.all():
        services.assessment_row_update(actor=actor, row=row, complies=complies, commentary="Set out in our policy.")


def approved(assessment, officer, board_member):
    complete(assessment, officer)
    services.assessment_mark_ready(actor=officer, assessment=assessment)
    return services.assessment_record_approval(
        actor=board_member, assessment=assessment, approved_on=D(2026, 3, 2), minute_reference="Board 2026/14, item 6"
    )


def test_a_new_assessment_has_a_row_for_every_provision_of_its_code(draft):
    assert draft.rows.count() == 72
    assert draft.status == SelfAssessment.Status.DRAFT


def test_a_no_needs_the_explanation_and_the_date_by_which_the_landlord_will_comply(draft, officer):
    row = draft.rows.get(provision__number="3.4")

    with pytest.raises(WorkflowError, match="explain"):
        services.assessment_row_update(actor=officer, row=row, complies="no", commentary="  ")
    with pytest.raises(WorkflowError, match="date by which"):
        services.assessment_row_update(actor=officer, row=row, complies="no", commentary="No website yet.")

    services.assessment_row_update(
        actor=officer, row=row, complies="no", commentary="No website yet.", comply_by=D(2026, 6, 30)
    )
    row.refresh_from_db()
    assert (row.complies, row.comply_by) == ("no", D(2026, 6, 30))


def test_it_cannot_go_for_approval_with_provisions_unanswered(draft, officer):
    services.assessment_row_update(actor=officer, row=draft.rows.first(), complies="yes", commentary="")

    with pytest.raises(WorkflowError, match=r"Not yet answered: 1\.3, 1\.4"):
        services.assessment_mark_ready(actor=officer, assessment=draft)


def test_approval_freezes_the_figures_and_the_rows(winter, draft, officer, manager, board_member, log_complaint):
    figure = draft.figures.get(key="6.2")
    assert (figure.numerator, figure.denominator) == (3, 5)
    approved(draft, officer, board_member)

    # More cases arrive after approval: a draft would count them, the approved figures do not move.
    workflow.complaint_acknowledge(actor=officer, complaint=winter.d, acknowledged_on=D(2026, 1, 13), points=POINTS)
    log_complaint(received_on=D(2026, 2, 9))
    with pytest.raises(WorkflowError, match="can no longer be changed"):
        services.assessment_figures_refresh(actor=officer, assessment=draft)
    with pytest.raises(WorkflowError, match="can no longer be changed"):
        services.assessment_row_update(actor=officer, row=draft.rows.first(), complies="no", commentary="x")

    figure.refresh_from_db()
    assert (figure.numerator, figure.denominator) == (3, 5)
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.APPROVED
    assert draft.minute_reference == "Board 2026/14, item 6"
    assert draft.approval_recorded_by == board_member


def test_a_draft_recomputes_its_figures_from_the_cases_as_they_are_now(winter, draft, officer):
    workflow.complaint_acknowledge(actor=officer, complaint=winter.d, acknowledged_on=D(2026, 1, 13), points=POINTS)

    services.assessment_figures_refresh(actor=officer, assessment=draft)

    figure = draft.figures.get(key="6.2")
    assert (figure.numerator, figure.denominator) == (4, 5)


def test_publishing_needs_approval_and_the_governing_bodys_response(draft, officer, board_member):
    complete(draft, officer)
    services.assessment_mark_ready(actor=officer, assessment=draft)
    with pytest.raises(WorkflowError, match="approved"):
        services.assessment_publish(actor=board_member, assessment=draft, published_on=D(2026, 3, 2))
    services.assessment_record_approval(
        actor=board_member, assessment=draft, approved_on=D(2026, 3, 2), minute_reference="B/26/3"
    )
    with pytest.raises(WorkflowError, match=r"8\.2"):
        services.assessment_publish(actor=board_member, assessment=draft, published_on=D(2026, 3, 2))

    services.assessment_publish(
        actor=board_member,
        assessment=draft,
        published_on=D(2026, 3, 2),
        governing_body_response="The Board is assured that complaints are handled in line with the Code.",
    )
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.PUBLISHED


def test_an_amendment_is_a_new_version_and_the_approved_one_stays_as_it_was(draft, officer, board_member):
    approved(draft, officer, board_member)

    amendment = services.assessment_amend(
        actor=officer,
        assessment=draft,
        reason=SelfAssessment.Reason.OMBUDSMAN_INVESTIGATION,
        reason_detail="The Ombudsman's determination on case 202412345 asked us to review 5.9.",
    )
    row = amendment.rows.get(provision__number="5.9")
    services.assessment_row_update(
        actor=officer, row=row, complies="partly", commentary="Intervals agreed by phone only.", comply_by=D(2026, 5, 1)
    )

    assert (amendment.version, amendment.amends, amendment.status) == (2, draft, SelfAssessment.Status.DRAFT)
    assert draft.rows.get(provision__number="5.9").complies == "yes"
    with pytest.raises(WorkflowError, match="already been amended"):
        services.assessment_amend(actor=officer, assessment=draft, reason="annual", reason_detail="Again")


def test_next_year_starts_from_last_years_approved_assessment_with_evidence_to_check_again(
    draft, officer, board_member, hos_2024
):
    row = draft.rows.get(provision__number="1.2")
    services.evidence_add(actor=officer, row=row, kind="url", url="https://landlord.example/complaints")
    approved(draft, officer, board_member)

    next_year = services.assessment_create(
        actor=officer,
        code_version=hos_2024,
        title="Self-assessment 2026/27",
        period_start=D(2026, 3, 1),
        period_end=D(2026, 3, 2),
    )

    assert next_year.carried_forward_from == draft
    carried = next_year.rows.get(provision__number="1.2")
    assert carried.complies == "yes"
    item = carried.evidence.get()
    assert (item.url, item.checked_on) == ("https://landlord.example/complaints", None)
    with pytest.raises(WorkflowError, match=r"Check the evidence carried forward from last time for: 1\.2"):
        services.assessment_mark_ready(actor=officer, assessment=next_year)
    services.evidence_confirm(actor=officer, item=item)
    services.assessment_mark_ready(actor=officer, assessment=next_year)


def test_the_side_by_side_view_shows_what_changed_since_last_year(draft, officer, board_member, hos_2024):
    approved(draft, officer, board_member)
    next_year = services.assessment_create(
        actor=officer, code_version=hos_2024, title="2026/27", period_start=D(2026, 3, 1), period_end=D(2026, 3, 2)
    )
    row = next_year.rows.get(provision__number="6.13")
    services.assessment_row_update(
        actor=officer, row=row, complies="no", commentary="One legacy case.", comply_by=D(2026, 4, 1)
    )

    changes = {change.provision.number: change for change in assessment_compare(earlier=draft, later=next_year)}

    assert changes["6.13"].changed == ["complies", "commentary"]
    assert changes["6.13"].before.complies == "yes" and changes["6.13"].after.complies == "no"
    assert changes["1.2"].changed == []


def test_evidence_can_cite_a_policy_section_a_file_a_case_and_a_live_figure(draft, officer, winter):
    document = services.policy_document_upload(
        actor=officer,
        title="Complaints policy",
        version="2.1",
        approved_on=D(2025, 11, 20),
        upload=SimpleUploadedFile("policy.pdf", pdf_bytes("policy"), content_type="application/pdf"),
        sections=[services.SectionInput("4", "What a complaint is"), services.SectionInput("7", "Our principles")],
    )
    row = draft.rows.get(provision__number="6.2")

    services.evidence_add(
        actor=officer, row=row, kind="policy_section", policy_section=document.sections.get(reference="4")
    )
    services.evidence_add(
        actor=officer,
        row=row,
        kind="file",
        upload=SimpleUploadedFile("training.pdf", pdf_bytes("slides"), content_type="application/pdf"),
    )
    services.evidence_add(actor=officer, row=row, kind="case", complaint=winter.a)
    services.evidence_add(actor=officer, row=row, kind="live_figure", figure_key="6.2")

    assert [item.kind for item in row.evidence.all()] == ["policy_section", "file", "case", "live_figure"]
    with pytest.raises(WorkflowError, match=r"Choose one of the live figures for provision 6\.2") as refused:
        services.evidence_add(actor=officer, row=row, kind="live_figure", figure_key="6.14")
    assert refused.value.field == "figure_key"


def test_only_the_governing_body_records_approval(draft, officer, manager, board_member):
    complete(draft, officer)
    services.assessment_mark_ready(actor=officer, assessment=draft)

    for actor in (officer, manager):
        with pytest.raises(PermissionDenied):
            services.assessment_record_approval(
                actor=actor, assessment=draft, approved_on=D(2026, 3, 2), minute_reference="B/1"
            )
    assert SelfAssessment.objects.get(pk=draft.pk).status == SelfAssessment.Status.READY


def test_board_members_and_staff_cannot_prepare_an_assessment(draft, board_member, staff_member, hos_2024):
    row = draft.rows.first()
    for actor in (board_member, staff_member):
        with pytest.raises(PermissionDenied):
            services.assessment_row_update(actor=actor, row=row, complies="yes", commentary="")
        with pytest.raises(PermissionDenied):
            services.assessment_create(
                actor=actor, code_version=hos_2024, title="x", period_start=START, period_end=END
            )
    assert AssessmentRow.objects.get(pk=row.pk).complies == ""
    assert not EvidenceItem.objects.exists()


def test_an_assessment_against_the_2022_code_keeps_its_numbering_and_gets_no_live_figures(officer):
    assessment = services.assessment_create(
        actor=officer,
        code_version=CodeVersion.objects.get(code="hos-2022"),
        title="Self-assessment 2022/23",
        period_start=D(2022, 4, 1),
        period_end=D(2023, 3, 31),
    )

    assert assessment.rows.filter(provision__number="5.20").exists()
    assert not assessment.figures.exists()
