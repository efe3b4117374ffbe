"""Pages for the annual report (Code 8.1, 8.2) and the quarterly MRC pack (9.7): the published report for everyone,
and staff pages to write the narrative, approve, and ask for PDFs, whose progress the page shows as they render.
Each form's valid data goes to one service; the service decides what is allowed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import WorkflowError
from reporting import services
from reporting.models import AnnualReport, ReportRender
from reporting.report_forms import ApproveForm, MrcPackForm, NarrativeForm, ReportCreateForm
from reporting.selectors import (
    annual_report_content,
    annual_report_published,
    approved_report_pdf,
    renders_for,
    reports_visible_to,
)


def _require(request: HttpRequest, permission: str, message: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(message)


def _show_error(form: forms.Form, error: WorkflowError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


# Public (Code 8.2): approved reports only, with no sign-in.


def public_report(request: HttpRequest, year: int | None = None) -> HttpResponse:
    report = annual_report_published(year)
    if report is None and year is None:
        # Code 8.2: the page residents are sent to exists before the first report is published, and says so.
        return render(request, "reporting/public_none.html")
    if report is None:
        raise Http404("No annual complaints report has been published for that year.")
    return render(
        request,
        "reporting/public.html",
        {
            "content": annual_report_content(report=report, as_of=timezone.localdate()),
            "pdf": approved_report_pdf(report),
            "others": AnnualReport.objects.filter(status=AnnualReport.Status.APPROVED).exclude(pk=report.pk),
        },
    )


def public_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    report = annual_report_published(year)
    rendered = approved_report_pdf(report) if report else None
    if rendered is None:
        raise Http404("This report is not available as a PDF yet.")
    return _pdf_response(rendered.pdf, f"annual-complaints-report-{year}.pdf")


# Staff.


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require(request, "reporting.view_annual_report", "Your role cannot see the annual complaints report.")
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.annual_report_create(actor=request.user, year=form.cleaned_data["year"])
        except WorkflowError as error:
            _show_error(form, error)
        else:
            return redirect("reporting:staff-detail", pk=report.pk)
    return render(
        request,
        "reporting/staff_list.html",
        {
            "reports": reports_visible_to(request.user),
            "form": form,
            "can_prepare": request.user.has_perm("reporting.prepare_annual_report"),
            "can_see_pack": request.user.has_perm("reporting.view_mrc_pack"),
        },
    )


def _staff_report(request: HttpRequest, pk: int) -> AnnualReport:
    _require(request, "reporting.view_annual_report", "Your role cannot see the annual complaints report.")
    return get_object_or_404(AnnualReport.objects.select_related("self_assessment__code_version"), pk=pk)


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    user = request.user
    return render(
        request,
        "reporting/staff_detail.html",
        {
            "content": annual_report_content(report=report, as_of=timezone.localdate()),
            "renders": renders_for(report=report)[:5],
            "can_edit": not report.is_approved and user.has_perm("reporting.prepare_annual_report", report),
            "can_approve": not report.is_approved and user.has_perm("reporting.approve_annual_report", report),
        },
    )


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    _require(request, "reporting.prepare_annual_report", "Your role cannot change the annual report.")
    if report.is_approved:
        raise PermissionDenied("The approved report can no longer be changed.")
    initial = {name: getattr(report, name) for name in NarrativeForm.base_fields}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.annual_report_update(actor=request.user, report=report, data=data, expected_revision=revision)
        except WorkflowError as error:
            _show_error(form, error)
        else:
            messages.success(request, "The report has been saved.")
            return redirect("reporting:staff-detail", pk=report.pk)
    return render(request, "reporting/staff_form.html", {"form": form, "report": report, "title": "Write the report"})


@login_required
def staff_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    _require(request, "reporting.approve_annual_report", "Only the governing body can approve the report.")
    if report.is_approved:
        raise PermissionDenied("The report has already been approved.")
    form = ApproveForm(request.POST or None, initial={"revision": report.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.annual_report_approve(
                actor=request.user,
                report=report,
                approved_on=data["approved_on"],
                minute_reference=data["minute_reference"],
                governing_body_response=data["governing_body_response"],
                expected_revision=data["revision"],
            )
        except WorkflowError as error:
            _show_error(form, error)
        else:
            messages.success(request, "The report has been approved and published with the governing body's response.")
            return redirect("reporting:staff-detail", pk=report.pk)
    return render(
        request,
        "reporting/staff_form.html",
        {"form": form, "report": report, "title": "Record the governing body's approval"},
    )


@login_required
@require_POST
def staff_render(request: HttpRequest, pk: int) -> HttpResponse:
    report = _staff_report(request, pk)
    rendered = services.annual_report_render_request(actor=request.user, report=report)
    return redirect("reporting:render", pk=rendered.pk)


@login_required
def mrc_pack(request: HttpRequest) -> HttpResponse:
    _require(request, "reporting.view_mrc_pack", "Your role cannot receive the MRC pack.")
    form = MrcPackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rendered = services.mrc_pack_request(
                actor=request.user, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
            )
        except WorkflowError as error:
            _show_error(form, error)
        else:
            return redirect("reporting:render", pk=rendered.pk)
    return render(
        request,
        "reporting/mrc_pack.html",
        {"form": form, "renders": renders_for(kind=ReportRender.Kind.MRC_PACK)[:8]},
    )


def _render_for(request: HttpRequest, pk: int, *, with_pdf: bool = False) -> ReportRender:
    renders = ReportRender.objects.all() if with_pdf else ReportRender.objects.defer("pdf")
    rendered = get_object_or_404(renders, pk=pk)
    if rendered.kind == ReportRender.Kind.MRC_PACK:
        _require(request, "reporting.view_mrc_pack", "Your role cannot receive the MRC pack.")
    else:
        _require(request, "reporting.view_annual_report", "Your role cannot see the annual complaints report.")
    return rendered


@login_required
def render_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reporting/render.html", {"render": _render_for(request, pk)})


@login_required
def render_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the page's script polls while the PDF renders."""
    rendered = _render_for(request, pk)
    return JsonResponse(
        {
            "status": rendered.status,
            "status_label": rendered.get_status_display(),
            "progress": rendered.progress,
            "step": rendered.step,
            "finished": rendered.is_finished,
            "error": rendered.error,
            "download": reverse("reporting:render-download", args=[rendered.pk])
            if rendered.status == ReportRender.Status.DONE
            else "",
        }
    )


@login_required
def render_download(request: HttpRequest, pk: int) -> HttpResponse:
    rendered = _render_for(request, pk, with_pdf=True)
    if rendered.status != ReportRender.Status.DONE:
        raise Http404("This PDF is not ready.")
    name = "mrc-pack" if rendered.kind == ReportRender.Kind.MRC_PACK else "annual-complaints-report"
    return _pdf_response(rendered.pdf, f"{name}-{rendered.period_start:%Y-%m-%d}.pdf")
