from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casework import forms as f
from casework.selectors import residents_search
from complaints.models import Resident, ServiceRequest
from complaints.selectors import complaints_visible_to
from complaints.services import record, workflow
from ui.pages import require, submit


@login_required
def service_request_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.log_complaint")
    status = request.GET.get("status", ServiceRequest.Status.OPEN)
    requests = ServiceRequest.objects.select_related("resident", "category", "channel").order_by("reported_on", "id")
    if status in ServiceRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    return render(
        request, "casework/service_requests.html", {"page": page, "status": status, "statuses": ServiceRequest.Status}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_request_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.log_complaint")
    resident_id = request.GET.get("resident")
    if not resident_id:
        search = f.SearchForm(request.GET or None)
        results = residents_search(search.cleaned_data["q"]) if search.is_valid() and search.cleaned_data["q"] else None
        return render(
            request,
            "casework/log_find_resident.html",
            {"form": search, "results": results, "for_service_request": True},
        )
    resident = get_object_or_404(Resident, pk=resident_id)
    form = f.ServiceRequestForm(request.POST or None)
    if request.method == "POST":
        created = submit(
            form, lambda: record.service_request_log(actor=request.user, resident=resident, **form.cleaned_data)
        )
        if created:
            messages.success(request, f"Service request {created.reference} logged.")
            return redirect("casework:service-request", pk=created.pk)
    return render(
        request, "casework/form_page.html", {"form": form, "title": "Log a service request", "resident": resident}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "complaints.log_complaint")
    service_request = get_object_or_404(ServiceRequest.objects.select_related("resident", "channel", "category"), pk=pk)
    raise_form = f.RaiseComplaintForm(request.POST if request.POST.get("form") == "raise" else None, prefix="raise")
    complete_form = f.CompleteForm(request.POST if request.POST.get("form") == "complete" else None, prefix="complete")
    if request.method == "POST" and request.POST.get("form") == "raise":
        complaint = submit(
            raise_form,
            lambda: workflow.complaint_raise_from_service_request(
                actor=request.user, service_request=service_request, **raise_form.cleaned_data
            ),
        )
        if complaint:
            messages.success(request, f"Complaint {complaint.reference} raised; the service request stays open.")
            return redirect("casework:service-request", pk=pk)
    completing = request.method == "POST" and request.POST.get("form") == "complete"
    if completing and submit(
        complete_form,
        lambda: record.service_request_complete(
            actor=request.user, service_request=service_request, completed_on=complete_form.cleaned_data["completed_on"]
        ),
    ):
        messages.success(request, "Service request marked as completed.")
        return redirect("casework:service-request", pk=pk)
    complaints = list(complaints_visible_to(request.user).filter(service_request=service_request))
    return render(
        request,
        "casework/service_request.html",
        {"sr": service_request, "raise_form": raise_form, "complete_form": complete_form, "complaints": complaints},
    )
