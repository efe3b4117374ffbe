"""Staff pages for learning from complaints (Code 9.1-9.4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from learning import selectors, services
from learning.forms import ReportBackForm, ServiceImprovementForm
from learning.models import ServiceImprovement
from reporting import charts
from reporting.trends import Trend, complaint_categories
from ui.forms import DateRangeForm
from ui.pages import require, submit


def _chart(title: str, trend: Trend, lines: int = 6) -> str | None:
    """The busiest rows of a trend as a line chart (its table, with every row, is beside it on the page)."""
    rows = sorted(trend.rows, key=lambda row: row.total, reverse=True)[:lines]
    if not rows:
        return None
    labels = [f"{month:%b %Y}" for month in trend.months]
    return charts.line_chart(title, labels, {row.label: row.counts for row in rows}, show_legend=True)


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    """Code 9.4: themes and trends across every case, for the senior lead."""
    require(request.user, "learning.view_learning")
    form = DateRangeForm(request.GET or None)
    start, end = form.period()
    themes, categories = selectors.learning_themes(start, end), complaint_categories(start, end)
    return render(
        request,
        "learning/themes.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "themes": themes,
            "categories": categories,
            "themes_chart": _chart("Learning recorded each month, by theme", themes),
            "categories_chart": _chart("Complaints received each month, by category (the six largest)", categories),
            "points": selectors.learning_points(start, end)[:50],
        },
    )


@login_required
def improvement_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "learning.view_learning")
    improvements = (
        ServiceImprovement.objects.select_related("theme")
        .prefetch_related("complaints", "report_backs")
        .order_by("-implemented_on", "-id")
    )
    return render(
        request,
        "learning/improvements.html",
        {
            "page": Paginator(improvements, 25).get_page(request.GET.get("page")),
            "can_record": request.user.has_perm("learning.record_improvement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def improvement_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "learning.record_improvement")
    form = ServiceImprovementForm(request.POST or None, initial={"complaints": request.GET.get("complaint", "")})
    if request.method == "POST":
        improvement = submit(form, lambda: services.service_improvement_record(actor=request.user, **form.cleaned_data))
        if improvement:
            messages.success(request, "Service improvement recorded.")
            return redirect("learning:improvement", pk=improvement.pk)
    return render(request, "casework/form_page.html", {"form": form, "title": "Record a service improvement"})


@login_required
@require_http_methods(["GET", "POST"])
def improvement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "learning.view_learning")
    improvement = get_object_or_404(
        ServiceImprovement.objects.select_related("theme", "recorded_by").prefetch_related(
            "complaints", "report_backs", "learning_points__complaint"
        ),
        pk=pk,
    )
    can_record = request.user.has_perm("learning.record_improvement")
    form = ReportBackForm(request.POST or None) if can_record else None
    if request.method == "POST":
        require(request.user, "learning.record_improvement")
        if submit(
            form, lambda: services.report_back_record(actor=request.user, improvement=improvement, **form.cleaned_data)
        ):
            messages.success(request, "Reporting back recorded.")
            return redirect("learning:improvement", pk=pk)
    return render(request, "learning/improvement.html", {"improvement": improvement, "form": form})
