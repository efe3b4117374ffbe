"""Pages: the published assessment for everyone (Code 8.2), and minimal staff pages to read an assessment with its
live figures, compare it with the last approved one, and download the form. Changes go through the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from selfassessment import outputs
from selfassessment.models import SelfAssessment
from selfassessment.selectors import (
    assessment_compare,
    assessment_last_approved,
    assessment_published_latest,
    assessments_visible_to,
    figures_by_provision,
)

DOWNLOADS = {
    "pdf": ("application/pdf", outputs.assessment_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        outputs.assessment_docx,
    ),
    "csv": ("text/csv; charset=utf-8", outputs.assessment_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", outputs.assessment_xlsx),
}


def _readable(request: HttpRequest, pk: int) -> SelfAssessment:
    """The published assessment for anyone; the others for the roles that may see them."""
    return get_object_or_404(assessments_visible_to(request.user), pk=pk)


def public_assessment(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        assessment = assessment_published_latest()
        if assessment is None:
            raise Http404("No self-assessment has been published yet.")
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


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm("selfassessment.view_assessment"):
        raise PermissionDenied("Your role cannot see self-assessments in preparation.")


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(request, "selfassessment/staff_list.html", {"assessments": assessments_visible_to(request.user)})


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    return render(
        request,
        "selfassessment/staff_detail.html",
        {
            "assessment": assessment,
            "sections": outputs.assessment_form(assessment),
            "figures": assessment.figures.all(),
            "figures_by_provision": figures_by_provision(assessment),
        },
    )


@login_required
def staff_compare(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    earlier = assessment.amends or assessment.carried_forward_from
    earlier = earlier or assessment_last_approved(code_version_id=assessment.code_version_id, before=assessment)
    changes = assessment_compare(earlier=earlier, later=assessment) if earlier else []
    return render(
        request,
        "selfassessment/staff_compare.html",
        {"assessment": assessment, "earlier": earlier, "changes": changes},
    )
