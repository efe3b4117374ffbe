"""Staff pages for a resident's personal data: subject access, rectification, erasure and legal holds. Each
validates its form, calls a service, and shows the service's message beside the field it names."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from complaints.models import Resident
from privacy import forms as f
from privacy import services
from privacy.models import Anonymisation, DataRequest, LegalHold, SpecialCategoryView
from privacy.selectors import holds_in_force, retention_cutoff
from privacy.subject_access import subject_access_export
from ui.pages import require, submit

PERMISSION = "privacy.handle_data_requests"


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION)
    today = timezone.localdate()
    context = {
        "holds": holds_in_force().select_related("resident", "placed_by"),
        "requests": DataRequest.objects.select_related("resident", "handled_by")[:25],
        "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS,
        "cutoff": retention_cutoff(today),
        "anonymised_residents": Anonymisation.objects.filter(resident__isnull=False).count(),
        "anonymised_complaints": Anonymisation.objects.filter(complaint__isnull=False).count(),
    }
    return render(request, "privacy/overview.html", context)


@login_required
@require_GET
def resident_page(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    resident = get_object_or_404(Resident, pk=pk)
    context = {
        "resident": resident,
        "anonymisation": Anonymisation.objects.filter(resident=resident).first(),
        "holds": LegalHold.objects.filter(resident=resident).select_related("placed_by", "released_by"),
        "requests": resident.data_requests.select_related("handled_by"),
        "views": SpecialCategoryView.objects.filter(resident=resident).select_related("viewer")[:100],
        "erasure_refusal": services.erasure_refusal(resident),
    }
    return render(request, "privacy/resident.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    resident = get_object_or_404(Resident, pk=pk)
    form = f.RequestForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda: subject_access_export(
                actor=request.user,
                resident=resident,
                received_on=form.cleaned_data["received_on"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if result:
            data_request, content = result
            response = HttpResponse(content, content_type="application/zip")
            # The file name carries the request's number, never the resident's name.
            filename = f"subject-access-request-{data_request.pk}.zip"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    return _form_page(request, form, resident, "Export everything held (subject access)", "Export as a zip")


@login_required
@require_http_methods(["GET", "POST"])
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    resident = get_object_or_404(Resident.objects.select_related("home"), pk=pk)
    initial = {name: getattr(resident, name) for name in services.RESIDENT_FIELDS}
    if resident.home:
        initial.update(address=resident.home.address, postcode=resident.home.postcode)
    form = f.RectificationForm(request.POST or None, initial=initial, has_home=resident.home is not None)
    if request.method == "POST" and submit(
        form,
        lambda: services.resident_rectify(
            actor=request.user,
            resident=resident,
            received_on=form.cleaned_data["received_on"],
            reason=form.cleaned_data["reason"],
            corrections=form.corrections(),
        ),
    ):
        messages.success(request, "The corrections are saved and the request is recorded.")
        return redirect("privacy:resident", pk=pk)
    return _form_page(request, form, resident, "Correct the resident's details (rectification)", "Save corrections")


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    resident = get_object_or_404(Resident, pk=pk)
    form = f.ErasureForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda: services.resident_erase(
            actor=request.user,
            resident=resident,
            received_on=form.cleaned_data["received_on"],
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, "The resident's personal data has been removed. The statistics are kept.")
        return redirect("privacy:resident", pk=pk)
    return _form_page(
        request,
        form,
        resident,
        "Erase the resident's personal data",
        "Erase personal data",
        warning="This removes the resident's name, contact details, address, needs and everything written on their "
        "complaints, now and for good. The dates and outcomes stay for the landlord's statistics.",
        refusal=services.erasure_refusal(resident),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    resident = get_object_or_404(Resident, pk=pk)
    form = f.HoldForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda: services.legal_hold_place(actor=request.user, resident=resident, reason=form.cleaned_data["reason"]),
    ):
        messages.success(request, "Legal hold placed: nothing about this resident will be anonymised while it lasts.")
        return redirect("privacy:resident", pk=pk)
    return _form_page(request, form, resident, "Place a legal hold", "Place the hold")


@login_required
@require_http_methods(["GET", "POST"])
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION)
    hold = get_object_or_404(LegalHold.objects.select_related("resident"), pk=pk)
    form = f.ReleaseForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda: services.legal_hold_release(actor=request.user, hold=hold, reason=form.cleaned_data["reason"])
    ):
        messages.success(request, "Legal hold released.")
        return redirect("privacy:resident", pk=hold.resident_id)
    return _form_page(request, form, hold.resident, "Release the legal hold", "Release the hold")


def _form_page(
    request: HttpRequest,
    form,
    resident: Resident,
    title: str,
    button: str,
    warning: str = "",
    refusal: str | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "resident": resident,
        "title": title,
        "button": button,
        "warning": warning,
        "refusal": refusal,
    }
    return render(request, "privacy/form_page.html", context)
