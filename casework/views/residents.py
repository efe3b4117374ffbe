from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import forms as f
from casework.selectors import residents_search
from casework.views.logging import email_to_log
from complaints.data_protection import special_category_views_record
from complaints.models import ContactRestriction, ReasonableAdjustment, Resident
from complaints.selectors import complaints_visible_to
from complaints.services import record, workflow
from ui.pages import require, submit


@login_required
def resident_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.view_residents")
    form = f.SearchForm(request.GET or None)
    results = residents_search(form.cleaned_data["q"]) if form.is_valid() and form.cleaned_data["q"] else None
    template = "casework/_resident_results.html" if request.htmx else "casework/residents.html"
    return render(request, template, {"form": form, "results": results, "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def resident_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.log_complaint")
    # Recording the sender of a new email on the way to logging their complaint: their name and address to start.
    email = email_to_log(request)
    initial = {"name": email.sender_name, "email": email.sender} if email else None
    form = f.ResidentForm(request.POST or None, initial=initial)
    if request.method == "POST":
        resident = submit(
            form,
            lambda: workflow.resident_create(
                actor=request.user,
                details=workflow.ResidentInput(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    address=form.cleaned_data["address"],
                    postcode=form.cleaned_data["postcode"],
                    preferred_contact=form.cleaned_data["preferred_contact"],
                ),
                nation=form.cleaned_data["nation"] or None,
            ),
        )
        if resident:
            messages.success(request, f"{resident.name} recorded.")
            if request.GET.get("next") == "log":
                from_email = f"&email={email.pk}" if email else ""
                return redirect(f"{reverse('casework:complaint-log')}?resident={resident.pk}{from_email}")
            return redirect("casework:resident", pk=resident.pk)
    return render(request, "casework/form_page.html", {"form": form, "title": "Record a resident"})


@login_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "complaints.view_residents")
    resident = get_object_or_404(Resident.objects.select_related("home"), pk=pk)
    special = request.user.has_perm("complaints.view_special_category")
    context = {
        "resident": resident,
        "representatives": list(resident.representatives.all()),
        "complaints": list(
            complaints_visible_to(request.user).filter(resident=resident).select_related("current_stage")
        ),
        "service_requests": list(resident.service_requests.all()),
        "special": special,
    }
    if special:
        context.update(
            {
                "disclosures": list(resident.disclosures.all()),
                "adjustments": list(resident.adjustments.all()),
                "restrictions": list(resident.contact_restrictions.all()),
            }
        )
        special_category_views_record(viewer=request.user, residents=[resident], shown_on="Resident page")
    return render(request, "casework/resident.html", context)


ADD_FORMS = {
    "representative": ("Add a representative", f.RepresentativeForm, "complaints.log_complaint"),
    "disclosure": ("Record a disability or vulnerability", f.DisclosureForm, "complaints.view_special_category"),
    "adjustment": ("Record a reasonable adjustment", f.AdjustmentForm, "complaints.view_special_category"),
    "restriction": ("Restrict contact", f.RestrictionForm, "complaints.view_special_category"),
}


@login_required
@require_http_methods(["GET", "POST"])
def resident_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ADD_FORMS:
        raise Http404
    title, form_class, permission = ADD_FORMS[kind]
    require(request.user, permission)
    resident = get_object_or_404(Resident, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST":
        services = {
            "representative": record.representative_add,
            "disclosure": record.disclosure_record,
            "adjustment": record.adjustment_agree,
            "restriction": record.restriction_impose,
        }
        if submit(form, lambda: services[kind](actor=request.user, resident=resident, **form.cleaned_data)):
            messages.success(request, f"{title}: saved.")
            return redirect("casework:resident", pk=resident.pk)
    return render(request, "casework/form_page.html", {"form": form, "title": title, "resident": resident})


@login_required
@require_http_methods(["GET", "POST"])
def resident_review(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    require(request.user, "complaints.view_special_category")
    model = {"adjustment": ReasonableAdjustment, "restriction": ContactRestriction}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=item_pk, resident_id=pk)
    # The page names the resident beside the kind of record, which is itself special-category.
    what = "an adjustment" if kind == "adjustment" else "a contact restriction"
    special_category_views_record(viewer=request.user, residents=[pk], shown_on=f"Review of {what}")
    form = f.ReviewForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda: record.special_category_review(
            actor=request.user,
            item=item,
            reviewed_on=form.cleaned_data["reviewed_on"],
            next_review_due=form.cleaned_data["next_review_due"],
            ended=form.cleaned_data["ended"],
        ),
    ):
        messages.success(request, "Review recorded.")
        return redirect("casework:resident", pk=pk)
    title = "Review the reasonable adjustment" if kind == "adjustment" else "Review the contact restriction"
    return render(request, "casework/form_page.html", {"form": form, "title": title, "resident": item.resident})
