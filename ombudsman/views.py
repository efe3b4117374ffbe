"""Staff pages for Ombudsman cases (Code 8.1 c, 9.7 c). Each form hands its data to one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ombudsman import selectors, services
from ombudsman.forms import ComplyForm, DetermineForm, FindingForm, HandlingFailureOrderForm, OrderForm
from ombudsman.models import HandlingFailureOrder, OmbudsmanReferral, Order
from ui.pages import require, submit


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, "ombudsman.view_ombudsman")
    orders, chfos = selectors.compliance_due()
    return render(
        request,
        "ombudsman/overview.html",
        {
            "referrals": selectors.referrals_list()[:100],
            "orders": orders,
            "chfos": chfos,
            "today": timezone.localdate(),
            "can_record": request.user.has_perm("ombudsman.record_ombudsman"),
        },
    )


def _referral(pk: int) -> OmbudsmanReferral:
    return get_object_or_404(OmbudsmanReferral.objects.select_related("complaint"), pk=pk)


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "ombudsman.view_ombudsman")
    referral = _referral(pk)
    return render(
        request,
        "ombudsman/referral.html",
        {
            "referral": referral,
            "findings": referral.findings.all(),
            "orders": referral.ombudsman_orders.select_related("finding", "owner"),
            "today": timezone.localdate(),
            "can_record": request.user.has_perm("ombudsman.record_ombudsman", referral.complaint),
        },
    )


REFERRAL_ACTIONS: dict[str, tuple[str, Any]] = {
    "determine": ("Record the overall determination", DetermineForm),
    "finding": ("Record a finding", FindingForm),
    "order": ("Record an order or recommendation", OrderForm),
}


@login_required
@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in REFERRAL_ACTIONS:
        raise Http404
    referral = _referral(pk)
    require(request.user, "ombudsman.record_ombudsman", referral.complaint)
    title, form_class = REFERRAL_ACTIONS[action]
    extra = {"referral": referral} if form_class is OrderForm else {}
    form = form_class(request.POST or None, **extra)
    perform = {
        "determine": lambda data: services.referral_determine(actor=request.user, referral=referral, **data),
        "finding": lambda data: services.finding_record(actor=request.user, referral=referral, **data),
        "order": lambda data: services.order_record(actor=request.user, referral=referral, **data),
    }[action]
    if request.method == "POST" and submit(form, lambda: perform(form.cleaned_data)):
        messages.success(request, f"{title}: done.")
        return redirect("ombudsman:referral", pk=pk)
    return render(
        request,
        "ombudsman/form.html",
        {"form": form, "title": title, "back": ("ombudsman:referral", pk), "caption": referral.complaint.reference},
    )


@login_required
@require_http_methods(["GET", "POST"])
def order_comply(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("referral__complaint"), pk=pk)
    require(request.user, "ombudsman.record_ombudsman", order.referral.complaint)
    form = ComplyForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda: services.order_comply(actor=request.user, order=order, **form.cleaned_data)
    ):
        messages.success(request, "Compliance recorded.")
        return redirect("ombudsman:referral", pk=order.referral_id)
    return render(
        request,
        "ombudsman/form.html",
        {
            "form": form,
            "title": f"Record compliance with the {order.get_kind_display().lower()}",
            "intro": order.description,
            "back": ("ombudsman:referral", order.referral_id),
            "caption": order.referral.complaint.reference,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def chfo_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "ombudsman.record_ombudsman")
    form = HandlingFailureOrderForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda: services.handling_failure_order_record(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Complaint Handling Failure Order recorded.")
        return redirect("ombudsman:overview")
    return render(
        request,
        "ombudsman/form.html",
        {"form": form, "title": "Record a Complaint Handling Failure Order", "back": ("ombudsman:overview", None)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def chfo_comply(request: HttpRequest, pk: int) -> HttpResponse:
    chfo = get_object_or_404(HandlingFailureOrder.objects.select_related("complaint"), pk=pk)
    require(request.user, "ombudsman.record_ombudsman", chfo.complaint)
    form = ComplyForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda: services.handling_failure_order_comply(actor=request.user, chfo=chfo, **form.cleaned_data)
    ):
        messages.success(request, "Compliance recorded.")
        return redirect("ombudsman:overview")
    return render(
        request,
        "ombudsman/form.html",
        {
            "form": form,
            "title": "Record compliance with the Complaint Handling Failure Order",
            "intro": chfo.order,
            "back": ("ombudsman:overview", None),
        },
    )
