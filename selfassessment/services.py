"""Every write to a self-assessment. Each runs in one transaction, locks the assessment row, re-checks under the
lock that the assessment may still change (an approved assessment is read-only: amendments are new versions),
and raises `WorkflowError` with the reason when it may not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from complaints.models import Complaint
from complaints.services.base import check_date
from core.errors import CaseChangedError, WorkflowError
from core.services import require_perm, service_action, today
from core.uploads import EVIDENCE_TYPES, CheckedUpload, upload_check
from selfassessment.figures import FIGURES, FIGURES_BY_KEY, Period, proposal
from selfassessment.models import (
    AssessmentRow,
    CodeVersion,
    EvidenceItem,
    LiveFigure,
    PolicyDocument,
    PolicySection,
    SelfAssessment,
)
from selfassessment.selectors import assessment_last_approved

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = SelfAssessment.Status


def _lock(assessment: SelfAssessment | int) -> SelfAssessment:
    pk = assessment.pk if isinstance(assessment, SelfAssessment) else assessment
    return SelfAssessment.objects.select_for_update(of=("self",)).select_related("code_version__regime").get(pk=pk)


def _require_editable(assessment: SelfAssessment) -> None:
    if assessment.is_read_only:
        raise WorkflowError(
            "This assessment has been approved by the governing body and can no longer be changed. "
            "Start an amendment: it becomes a new version for the governing body to approve."
        )
    if assessment.status != Status.DRAFT:
        raise WorkflowError("This assessment is waiting for approval. Return it to draft before changing it.")


def _check_upload(upload: UploadedFile) -> CheckedUpload:
    # The type is decided from the content, never from the name or the browser's claim.
    return upload_check(upload, allowed=EVIDENCE_TYPES)


# --- policy documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionInput:
    reference: str
    title: str = ""


@service_action
def policy_document_upload(
    *,
    actor: User,
    title: str,
    version: str,
    approved_on: datetime.date,
    upload: UploadedFile,
    sections: list[SectionInput],
) -> PolicyDocument:
    """A policy uploaded once, with its numbered sections, to be cited by any number of assessment rows."""
    require_perm(actor, "selfassessment.manage_policy_documents", None, "Your role cannot upload policy documents.")
    if not title.strip() or not version.strip():
        raise WorkflowError("Give the policy's title and version.", field="title" if not title.strip() else "version")
    if PolicyDocument.objects.filter(title=title, version=version).exists():
        raise WorkflowError(f"Version {version} of {title} is already uploaded: cite it instead.", field="version")
    check_date(approved_on, "approved_on", "approval date")
    references = [section.reference.strip() for section in sections]
    if any(not reference for reference in references) or len(set(references)) != len(references):
        raise WorkflowError("Each section needs its own reference, such as 4, 7.2 or page 12.", field="sections")
    checked = _check_upload(upload)
    document = PolicyDocument(
        title=title,
        version=version,
        approved_on=approved_on,
        filename=PurePath(upload.name or "policy").name[:200],
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(document.sha256, upload, save=False)
    document.save()
    PolicySection.objects.bulk_create(
        PolicySection(document=document, reference=section.reference.strip(), title=section.title, position=index)
        for index, section in enumerate(sections)
    )
    return document


# --- assessments ----------------------------------------------------------------------------------------


def _copy_rows(source: SelfAssessment, target: SelfAssessment, *, recheck: bool) -> None:
    """Copy every row and its evidence. Carried into a new year, evidence must be checked again."""
    source_rows = {row.provision_id: row for row in source.rows.prefetch_related("evidence")}
    for row in target.rows.all():
        old = source_rows.get(row.provision_id)
        if old is None:
            continue
        row.complies, row.commentary, row.comply_by = old.complies, old.commentary, old.comply_by
        row.save(update_fields=["complies", "commentary", "comply_by", "updated_at"])
        for item in old.evidence.all():
            EvidenceItem.objects.create(
                row=row,
                kind=item.kind,
                description=item.description,
                policy_section_id=item.policy_section_id,
                file=item.file.name,
                filename=item.filename,
                sha256=item.sha256,
                url=item.url,
                complaint_id=item.complaint_id,
                figure_key=item.figure_key,
                position=item.position,
                checked_on=None if recheck else item.checked_on,
            )


def _figures_compute(assessment: SelfAssessment) -> None:
    period = Period(
        start=assessment.period_start,
        end=assessment.period_end,
        as_of=min(assessment.period_end, today()),
        regime=assessment.code_version.regime,
    )
    provisions = set(assessment.code_version.provisions.values_list("number", flat=True))
    if not assessment.code_version.live_figures:
        provisions = set()
    now = timezone.now()
    keys = []
    for position, definition in enumerate(FIGURES):
        # Figures evidence provisions of this Code; a Code with other numbering gets none it does not have.
        if not provisions.issuperset(definition.provisions):
            continue
        tally = definition.tally(period)
        keys.append(definition.key)
        LiveFigure.objects.update_or_create(
            assessment=assessment,
            key=definition.key,
            defaults={
                "provisions": list(definition.provisions),
                "label": definition.label,
                "numerator": tally.numerator,
                "denominator": tally.denominator,
                "cases_met": [{"id": ref.id, "reference": ref.reference} for ref in tally.met],
                "cases_not_met": [{"id": ref.id, "reference": ref.reference} for ref in tally.not_met],
                "proposed": proposal(tally),
                "special_category": definition.special_category,
                "computed_at": now,
                "position": position,
            },
        )
    assessment.figures.exclude(key__in=keys).delete()


@service_action
def assessment_create(
    *,
    actor: User,
    code_version: CodeVersion,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    reason: str = SelfAssessment.Reason.ANNUAL,
    reason_detail: str = "",
    carry_forward: bool = True,
) -> SelfAssessment:
    """A new assessment: a row for every provision of the Code, starting as a copy of the last approved
    assessment against the same Code (evidence to be checked again), with live figures computed for the period."""
    require_perm(actor, "selfassessment.prepare_assessment", None, "Your role cannot prepare self-assessments.")
    if not title.strip():
        raise WorkflowError("Give the assessment a title, such as Self-assessment 2025/26.", field="title")
    if period_end < period_start:
        raise WorkflowError("The period must end after it starts.", field="period_end")
    if reason not in SelfAssessment.Reason.values:
        raise WorkflowError("Choose why this assessment is being carried out.", field="reason")
    if reason != SelfAssessment.Reason.ANNUAL and not reason_detail.strip():
        # Code 8.3, 8.4: say which restructure, merger, change or investigation prompted it.
        raise WorkflowError("Say what prompted this assessment outside the annual cycle.", field="reason_detail")
    assessment = SelfAssessment.objects.create(
        code_version=code_version,
        title=title,
        period_start=period_start,
        period_end=period_end,
        reason=reason,
        reason_detail=reason_detail,
        created_by=actor,
    )
    AssessmentRow.objects.bulk_create(
        AssessmentRow(assessment=assessment, provision=provision) for provision in code_version.provisions.all()
    )
    previous = assessment_last_approved(code_version_id=code_version.pk) if carry_forward else None
    if previous is not None:
        assessment.carried_forward_from = previous
        assessment.save(update_fields=["carried_forward_from", "updated_at"])
        _copy_rows(previous, assessment, recheck=True)
    _figures_compute(assessment)
    return assessment


@service_action
def assessment_row_update(
    *,
    actor: User,
    row: AssessmentRow,
    complies: str,
    commentary: str,
    comply_by: datetime.date | None = None,
    expected_revision: int | None = None,
) -> AssessmentRow:
    """Record whether the landlord complies with one provision, and why. Given the revision of the answer the
    person saw, a save made after someone else's is refused rather than written over theirs."""
    assessment = _lock(row.assessment_id)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    row = AssessmentRow.objects.select_for_update().select_related("provision").get(pk=row.pk)
    if expected_revision is not None and row.revision != expected_revision:
        raise CaseChangedError(
            f"Someone else saved an answer to {row.provision.number} while you were working on it. "
            "Nothing you entered has been saved. Look at their answer, then make your change again."
        )
    _check_row(row.provision.number, complies, commentary, comply_by)
    row.complies, row.commentary, row.comply_by = complies, commentary, comply_by
    row.revision += 1
    row.save(update_fields=["complies", "commentary", "comply_by", "revision", "updated_at"])
    return row


def _check_row(number: str, complies: str, commentary: str, comply_by: datetime.date | None) -> None:
    if complies not in AssessmentRow.Complies.values:
        raise WorkflowError(f"{number}: say whether the landlord complies: yes, no or partly.", field="complies")
    if complies in {AssessmentRow.Complies.NO, AssessmentRow.Complies.PARTLY}:
        # "Compliance with the Code": a detailed explanation and the date by which the landlord will comply.
        if not commentary.strip():
            raise WorkflowError(f"{number}: explain in detail why the landlord does not comply.", field="commentary")
        if comply_by is None:
            raise WorkflowError(f"{number}: give the date by which the landlord will comply.", field="comply_by")


@service_action
def evidence_add(
    *,
    actor: User,
    row: AssessmentRow,
    kind: str,
    description: str = "",
    policy_section: PolicySection | None = None,
    upload: UploadedFile | None = None,
    url: str = "",
    complaint: Complaint | None = None,
    figure_key: str = "",
) -> EvidenceItem:
    assessment = _lock(row.assessment_id)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    item = EvidenceItem(row=row, kind=kind, description=description, checked_on=today())
    if kind == EvidenceItem.Kind.POLICY_SECTION:
        if policy_section is None:
            raise WorkflowError("Choose the policy section that is the evidence.", field="policy_section")
        item.policy_section = policy_section
    elif kind == EvidenceItem.Kind.FILE:
        if upload is None:
            raise WorkflowError("Choose the file to upload.", field="file")
        item.sha256 = _check_upload(upload).sha256
        item.filename = PurePath(upload.name or "evidence").name[:200]
        item.file.save(item.sha256, upload, save=False)
    elif kind == EvidenceItem.Kind.URL:
        if not url.startswith(("https://", "http://")):
            raise WorkflowError("Give the full web address, starting https://.", field="url")
        item.url = url
    elif kind == EvidenceItem.Kind.CASE:
        if complaint is None:
            raise WorkflowError("Choose the case that is the evidence.", field="complaint")
        item.complaint = complaint
    elif kind == EvidenceItem.Kind.LIVE_FIGURE:
        definition = FIGURES_BY_KEY.get(figure_key)
        if definition is None or row.provision.number not in definition.provisions:
            raise WorkflowError(
                f"Choose one of the live figures for provision {row.provision.number}.", field="figure_key"
            )
        item.figure_key = figure_key
    elif kind == EvidenceItem.Kind.TEXT:
        if not description.strip():
            raise WorkflowError("Describe the evidence.", field="description")
    else:
        raise WorkflowError("Choose what kind of evidence this is.", field="kind")
    item.position = row.evidence.count()
    item.save()
    return item


@service_action
def evidence_confirm(*, actor: User, item: EvidenceItem) -> EvidenceItem:
    """Carried-forward evidence looked at again and still good."""
    assessment = _lock(item.row.assessment_id)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    item.checked_on = today()
    item.save(update_fields=["checked_on"])
    return item


@service_action
def evidence_remove(*, actor: User, item: EvidenceItem) -> None:
    assessment = _lock(item.row.assessment_id)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    item.delete()


@service_action
def assessment_figures_refresh(*, actor: User, assessment: SelfAssessment | int) -> SelfAssessment:
    """Recompute the live figures from the case data as it is now. Approved figures are frozen."""
    assessment = _lock(assessment)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    _figures_compute(assessment)
    return assessment


@service_action
def assessment_mark_ready(*, actor: User, assessment: SelfAssessment | int) -> SelfAssessment:
    """Send the completed assessment to the governing body, with its figures computed afresh."""
    assessment = _lock(assessment)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    _require_editable(assessment)
    rows = list(assessment.rows.select_related("provision").prefetch_related("evidence"))
    unanswered = [row.provision.number for row in rows if not row.complies]
    if unanswered:
        raise WorkflowError(f"Complete every provision first. Not yet answered: {', '.join(unanswered)}.")
    for row in rows:
        _check_row(row.provision.number, row.complies, row.commentary, row.comply_by)
    unchecked = sorted(
        {row.provision.number for row in rows for item in row.evidence.all() if item.checked_on is None},
        key=lambda number: [int(part) for part in number.split(".")],
    )
    if unchecked:
        raise WorkflowError(f"Check the evidence carried forward from last time for: {', '.join(unchecked)}.")
    _figures_compute(assessment)
    assessment.status = Status.READY
    assessment.revision += 1
    assessment.save(update_fields=["status", "revision", "updated_at"])
    return assessment


@service_action
def assessment_return_to_draft(*, actor: User, assessment: SelfAssessment | int) -> SelfAssessment:
    assessment = _lock(assessment)
    require_perm(actor, "selfassessment.prepare_assessment", assessment, "Your role cannot prepare self-assessments.")
    if assessment.status != Status.READY:
        raise WorkflowError("Only an assessment waiting for approval can go back to draft.")
    assessment.status = Status.DRAFT
    assessment.revision += 1
    assessment.save(update_fields=["status", "revision", "updated_at"])
    return assessment


@service_action
def assessment_record_approval(
    *,
    actor: User,
    assessment: SelfAssessment | int,
    approved_on: datetime.date,
    minute_reference: str,
    governing_body_response: str = "",
    expected_revision: int | None = None,
) -> SelfAssessment:
    """The governing body approved the assessment (Appendix B). Its figures are frozen as the body saw them. Given
    the revision the person recording it read, an assessment that went back to draft since (and perhaps came back
    changed) is refused: what is recorded as approved is what they read."""
    assessment = _lock(assessment)
    require_perm(
        actor, "selfassessment.approve_assessment", assessment, "Only the governing body can approve the assessment."
    )
    if expected_revision is not None and assessment.revision != expected_revision:
        raise CaseChangedError(
            "The assessment changed after you opened it: it went back to draft and may have been changed. Nothing "
            "has been recorded. Read the assessment again, then record the approval."
        )
    if assessment.status != Status.READY:
        raise WorkflowError("The assessment must be marked ready for approval before the governing body approves it.")
    check_date(approved_on, "approved_on", "approval date")
    if not minute_reference.strip():
        raise WorkflowError("Give the meeting or minute reference of the approval.", field="minute_reference")
    assessment.status = Status.APPROVED
    assessment.approved_on = approved_on
    assessment.minute_reference = minute_reference
    assessment.approval_recorded_by = actor
    assessment.governing_body_response = governing_body_response
    assessment.save(
        update_fields=[
            "status",
            "approved_on",
            "minute_reference",
            "approval_recorded_by",
            "governing_body_response",
            "updated_at",
        ]
    )
    return assessment


@service_action
def assessment_publish(
    *,
    actor: User,
    assessment: SelfAssessment | int,
    published_on: datetime.date,
    governing_body_response: str = "",
) -> SelfAssessment:
    """Publish the approved assessment with the governing body's response alongside it (Code 8.2)."""
    assessment = _lock(assessment)
    require_perm(actor, "selfassessment.publish_assessment", assessment, "Your role cannot publish the assessment.")
    if assessment.status != Status.APPROVED:
        raise WorkflowError("Only an assessment the governing body has approved can be published.")
    check_date(
        published_on, "published_on", "publication date", not_before=assessment.approved_on, not_before_label="approval"
    )
    response = governing_body_response.strip() or assessment.governing_body_response.strip()
    if not response:
        raise WorkflowError(
            "Record the governing body's response: it is published alongside the assessment (Code 8.2).",
            field="governing_body_response",
        )
    assessment.governing_body_response = response
    assessment.status = Status.PUBLISHED
    assessment.published_on = published_on
    assessment.save(update_fields=["status", "published_on", "governing_body_response", "updated_at"])
    return assessment


@service_action
def assessment_amend(
    *, actor: User, assessment: SelfAssessment | int, reason: str, reason_detail: str
) -> SelfAssessment:
    """Amend an approved assessment: a new version, in draft, for the governing body to approve again. The
    approved one stays as it was."""
    original = _lock(assessment)
    require_perm(actor, "selfassessment.prepare_assessment", original, "Your role cannot prepare self-assessments.")
    if not original.is_read_only:
        raise WorkflowError("This assessment has not been approved yet: change it directly.")
    if original.amendments.exists():
        raise WorkflowError("This version has already been amended: amend the latest version.")
    if reason not in SelfAssessment.Reason.values:
        raise WorkflowError("Choose why the assessment is being amended.", field="reason")
    if not reason_detail.strip():
        raise WorkflowError("Say what has changed and why it is being amended.", field="reason_detail")
    amendment = SelfAssessment.objects.create(
        code_version=original.code_version,
        title=original.title,
        period_start=original.period_start,
        period_end=original.period_end,
        reason=reason,
        reason_detail=reason_detail,
        version=original.version + 1,
        amends=original,
        carried_forward_from=original.carried_forward_from,
        created_by=actor,
    )
    AssessmentRow.objects.bulk_create(
        AssessmentRow(assessment=amendment, provision=row.provision) for row in original.rows.all()
    )
    _copy_rows(original, amendment, recheck=False)
    _figures_compute(amendment)
    return amendment
