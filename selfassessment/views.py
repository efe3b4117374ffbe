"""Pages: the published assessment for everyone (Code 8.2), and the staff pages that prepare an assessment
provision by provision, send it to the governing body, record its approval, publish it and amend it. Each form's
valid data goes to one service in `selfassessment.services`; the service decides what the Code and the
assessment's state allow, and its refusal is shown beside the field it names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.errors import WorkflowError
from core.services import require_perm, today
from core.uploads import TYPES
from selfassessment import outputs, services
from selfassessment.forms import (
    AmendForm,
    ApproveForm,
    AssessmentCreateForm,
    EvidenceForm,
    PolicyDocumentForm,
    PublishForm,
    RowForm,
)
from selfassessment.models import AssessmentRow, CodeVersion, EvidenceItem, PolicyDocument, SelfAssessment
from selfassessment.selectors import (
    assessment_compare,
    assessment_last_approved,
    assessment_published_latest,
    assessment_row,
    assessment_sections,
    assessments_visible_to,
    figures_by_provision,
)
from ui.pages import stored_file_download, submit

DOWNLOADS = {
    "pdf": ("application/pdf", outputs.assessment_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        outputs.assessment_docx,
    ),
    "csv": ("text/csv; charset=utf-8", outputs.assessment_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", outputs.assessment_xlsx),
}

VIEW = "selfassessment.view_assessment"
PREPARE = "selfassessment.prepare_assessment"
APPROVE = "selfassessment.approve_assessment"
PUBLISH = "selfassessment.publish_assessment"
CANNOT_PREPARE = "Your role cannot prepare self-assessments."


def _readable(request: HttpRequest, pk: int) -> SelfAssessment:
    """The published assessment for anyone; the others for the roles that may see them."""
    return get_object_or_404(assessments_visible_to(request.user), pk=pk)


def public_assessment(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        assessment = assessment_published_latest()
        if assessment is None:
            # Code 8.2: the page residents are sent to exists before the first one is published, and says so.
            return render(request, "selfassessment/public_none.html")
    else:
        assessment = get_object_or_404(SelfAssessment, pk=pk, status=SelfAssessment.Status.PUBLISHED)
    return render(
        request,
        "selfassessment/public.html",
        {"assessment": assessment, "sections": outputs.assessment_form(assessment)},
    )


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("No such format.")
    assessment = _readable(request, pk)
    content_type, render_output = DOWNLOADS[fmt]
    response = HttpResponse(render_output(assessment), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{assessment.pk}.{fmt}"'
    return response


# Staff.


def _staff(request: HttpRequest) -> None:
    require_perm(request.user, VIEW, None, "Your role cannot see self-assessments in preparation.")


def _assessment(request: HttpRequest, pk: int) -> SelfAssessment:
    _staff(request)
    return get_object_or_404(
        SelfAssessment.objects.select_related("code_version", "amends", "approval_recorded_by"), pk=pk
    )


def _posted(request: HttpRequest) -> Any:
    """A POST's data, or None: a POST with no fields is still a submission, to be told what is missing."""
    return request.POST if request.method == "POST" else None


def _detail_url(assessment: SelfAssessment, anchor: str = "") -> str:
    return reverse("selfassessment:staff-detail", args=[assessment.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    back_text: str,
    assessment: SelfAssessment | None = None,
    button: str = "Save",
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "selfassessment/staff_form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_text": back_text,
            "assessment": assessment,
            "button": button,
            "intro": intro,
        },
    )


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "selfassessment/staff_list.html",
        {"assessments": assessments_visible_to(request.user), "can_prepare": request.user.has_perm(PREPARE)},
    )


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, PREPARE, None, CANNOT_PREPARE)
    form = AssessmentCreateForm(_posted(request), initial={"code_version": CodeVersion.objects.first()})
    if request.method == "POST":
        assessment = submit(form, lambda: services.assessment_create(actor=request.user, **form.cleaned_data))
        if assessment is not None:
            messages.success(request, f"{assessment} has been started. Answer each provision below.")
            return redirect(_detail_url(assessment))
    return _form_page(
        request,
        form,
        title="Start a self-assessment",
        back=reverse("selfassessment:staff-list"),
        back_text="Back to self-assessments",
        button="Start the assessment",
    )


def _detail(request: HttpRequest, assessment: SelfAssessment, problem: str = "") -> HttpResponse:
    user = request.user
    status = SelfAssessment.Status
    return render(
        request,
        "selfassessment/staff_detail.html",
        {
            "assessment": assessment,
            "sections": assessment_sections(assessment),
            "figures": assessment.figures.all(),
            "amendment": assessment.amendments.order_by("-version").first(),
            "can_edit": assessment.status == status.DRAFT and user.has_perm(PREPARE, assessment),
            "can_return": assessment.status == status.READY and user.has_perm(PREPARE, assessment),
            "can_approve": assessment.status == status.READY and user.has_perm(APPROVE, assessment),
            "can_publish": assessment.status == status.APPROVED and user.has_perm(PUBLISH, assessment),
            "can_amend": assessment.is_read_only and user.has_perm(PREPARE, assessment),
            "problem_items": [{"href": "", "message": problem}] if problem else [],
        },
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _assessment(request, pk))


# The steps with nothing to fill in: the button is the whole form.
STEPS: dict[str, tuple[Callable[..., SelfAssessment], str]] = {
    "mark-ready": (services.assessment_mark_ready, "The assessment has been sent to the governing body for approval."),
    "return-to-draft": (services.assessment_return_to_draft, "The assessment is back in draft and can be changed."),
    "refresh-figures": (services.assessment_figures_refresh, "The live figures have been counted again."),
}


@login_required
@require_POST
def staff_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step.")
    assessment = _assessment(request, pk)
    service, done = STEPS[step]
    try:
        service(actor=request.user, assessment=assessment)
    except WorkflowError as error:
        return _detail(request, assessment, problem=error.message)
    messages.success(request, done)
    return redirect(_detail_url(assessment))


def _row(assessment: SelfAssessment, number: str) -> AssessmentRow:
    row = assessment_row(assessment, number)
    if row is None:
        raise Http404("This assessment has no such provision.")
    return row


@login_required
def staff_provision(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    row = _row(assessment, number)
    can_edit = assessment.status == SelfAssessment.Status.DRAFT and request.user.has_perm(PREPARE, assessment)
    form = RowForm(_posted(request), row=row)
    if request.method == "POST":
        require_perm(request.user, PREPARE, assessment, CANNOT_PREPARE)
        saved = submit(form, lambda: services.assessment_row_update(actor=request.user, row=row, **form.arguments()))
        if saved is not None:
            messages.success(request, f"Your answer to {number} has been saved.")
            return redirect(_detail_url(assessment, row.provision.anchor))
    figures = {figure.key: figure for figure in assessment.figures.all()}
    return render(
        request,
        "selfassessment/staff_provision.html",
        {
            "assessment": assessment,
            "row": row,
            "form": form,
            "can_edit": can_edit,
            "figures": figures_by_provision(assessment).get(number, []),
            "evidence": [(item, outputs.evidence_text(item, figures)) for item in row.evidence.all()],
        },
    )


@login_required
def staff_evidence_add(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    require_perm(request.user, PREPARE, assessment, CANNOT_PREPARE)
    row = _row(assessment, number)
    form = EvidenceForm(_posted(request), request.FILES, row=row)
    if request.method == "POST":
        item = submit(form, lambda: services.evidence_add(actor=request.user, row=row, **form.arguments()))
        if item is not None:
            messages.success(request, f"The evidence has been added to {number}.")
            return redirect("selfassessment:staff-provision", pk=assessment.pk, number=number)
    provision_url = reverse("selfassessment:staff-provision", args=[assessment.pk, number])
    return render(
        request,
        "selfassessment/staff_form.html",
        {
            "form": form,
            "title": f"Add evidence for {number}",
            "back": provision_url,
            "back_text": f"Back to {number}",
            "assessment": assessment,
            "button": "Add the evidence",
            "multipart": True,
            "intro": row.provision.requirement,
            "policies_url": reverse("selfassessment:staff-policies"),
        },
    )


def _evidence(request: HttpRequest, pk: int, number: str, item_pk: int) -> tuple[SelfAssessment, EvidenceItem]:
    assessment = _assessment(request, pk)
    item = get_object_or_404(
        EvidenceItem.objects.select_related("row"),
        pk=item_pk,
        row__assessment=assessment,
        row__provision__number=number,
    )
    return assessment, item


@login_required
@require_GET
def staff_evidence_file(request: HttpRequest, pk: int, number: str, item_pk: int) -> HttpResponse:
    _, item = _evidence(request, pk, number, item_pk)
    if item.kind != EvidenceItem.Kind.FILE:
        raise Http404("This evidence is not a file.")
    # The name's extension is the type upload_check found in the content when the file was added.
    name = PurePath(item.filename)
    return stored_file_download(
        item.file,
        item.sha256,
        content_type=TYPES[name.suffix.lower()].content_type,
        name=name.stem,
        what=f"self-assessment evidence {item.pk}",
    )


def _evidence_step(
    request: HttpRequest, pk: int, number: str, item_pk: int, step: Callable[..., Any], done: str
) -> HttpResponse:
    assessment, item = _evidence(request, pk, number, item_pk)
    try:
        step(actor=request.user, item=item)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("selfassessment:staff-provision", pk=assessment.pk, number=number)


@login_required
@require_POST
def staff_evidence_confirm(request: HttpRequest, pk: int, number: str, item_pk: int) -> HttpResponse:
    return _evidence_step(
        request, pk, number, item_pk, services.evidence_confirm, "The evidence has been checked and kept."
    )


@login_required
@require_POST
def staff_evidence_remove(request: HttpRequest, pk: int, number: str, item_pk: int) -> HttpResponse:
    return _evidence_step(request, pk, number, item_pk, services.evidence_remove, "The evidence has been removed.")


@login_required
def staff_approve(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    require_perm(request.user, APPROVE, assessment, "Only the governing body can approve the assessment.")
    form = ApproveForm(_posted(request), initial={"approved_on": today()}, assessment=assessment)
    if request.method == "POST":
        approved = submit(
            form,
            lambda: services.assessment_record_approval(
                actor=request.user,
                assessment=assessment,
                approved_on=form.cleaned_data["approved_on"],
                minute_reference=form.cleaned_data["minute_reference"],
                governing_body_response=form.cleaned_data["governing_body_response"],
                expected_revision=form.cleaned_data["revision"],
            ),
        )
        if approved is not None:
            messages.success(request, "The governing body's approval has been recorded. It can now be published.")
            return redirect(_detail_url(assessment))
    return _form_page(
        request,
        form,
        title="Record the governing body's approval",
        back=_detail_url(assessment),
        back_text="Back to the assessment",
        assessment=assessment,
        button="Record the approval",
    )


@login_required
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    require_perm(request.user, PUBLISH, assessment, "Your role cannot publish the assessment.")
    form = PublishForm(
        _posted(request),
        initial={"published_on": today(), "governing_body_response": assessment.governing_body_response},
    )
    if request.method == "POST":
        published = submit(
            form, lambda: services.assessment_publish(actor=request.user, assessment=assessment, **form.cleaned_data)
        )
        if published is not None:
            messages.success(request, "The assessment has been published on our website.")
            return redirect(_detail_url(assessment))
    return _form_page(
        request,
        form,
        title="Publish the assessment",
        back=_detail_url(assessment),
        back_text="Back to the assessment",
        assessment=assessment,
        button="Publish",
        intro="The assessment is published on our website with the governing body's response (Code 8.2).",
    )


@login_required
def staff_amend(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    require_perm(request.user, PREPARE, assessment, CANNOT_PREPARE)
    form = AmendForm(_posted(request))
    if request.method == "POST":
        amendment = submit(
            form, lambda: services.assessment_amend(actor=request.user, assessment=assessment, **form.cleaned_data)
        )
        if amendment is not None:
            messages.success(request, f"Version {amendment.version} has been started. The approved version is kept.")
            return redirect(_detail_url(amendment))
    return _form_page(
        request,
        form,
        title="Amend the assessment",
        back=_detail_url(assessment),
        back_text="Back to the assessment",
        assessment=assessment,
        button="Start a new version",
        intro="The approved assessment stays as it is. The amendment is a new version, starting as a copy of this "
        "one, for the governing body to approve.",
    )


@login_required
def staff_policies(request: HttpRequest) -> HttpResponse:
    _staff(request)
    can_upload = request.user.has_perm("selfassessment.manage_policy_documents")
    form = PolicyDocumentForm(_posted(request), request.FILES)
    if request.method == "POST":
        require_perm(
            request.user, "selfassessment.manage_policy_documents", None, "Your role cannot upload policy documents."
        )
        document = submit(form, lambda: services.policy_document_upload(actor=request.user, **form.arguments()))
        if document is not None:
            messages.success(request, f"{document} has been uploaded. Its sections can now be cited as evidence.")
            return redirect("selfassessment:staff-policies")
    return render(
        request,
        "selfassessment/staff_policies.html",
        {
            "documents": PolicyDocument.objects.prefetch_related("sections"),
            "form": form if can_upload else None,
        },
    )


@login_required
def staff_compare(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    earlier = assessment.amends or assessment.carried_forward_from
    earlier = earlier or assessment_last_approved(code_version_id=assessment.code_version_id, before=assessment)
    changes = assessment_compare(earlier=earlier, later=assessment) if earlier else []
    return render(
        request,
        "selfassessment/staff_compare.html",
        {"assessment": assessment, "earlier": earlier, "changes": changes},
    )
