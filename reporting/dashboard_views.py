"""Staff pages: the dashboard, the cases behind a number, the Tenant Satisfaction Measures and the number of
homes. Board members see numbers only: the case lists need `complaints.view_all_complaints`."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reporting import exports, figures, tsm
from reporting.figures import Breakdown
from reporting.forms import HomesForm, PeriodForm, default_period
from reporting.models import HomesCount
from reporting.panels import DashboardContext, cache_seconds, cached_figures, dashboard_panels
from reporting.periods import Period, reporting_year_of
from ui.pages import require, submit

PAGE_SIZE = 50


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, "reporting.view_dashboard")
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period, breakdown = default_period(today), Breakdown.NONE
    if form.is_bound and form.is_valid():
        period, breakdown = form.cleaned_data["period"], form.cleaned_data["breakdown"]
    ctx = DashboardContext(
        period=period,
        breakdown=breakdown,
        as_of=today,
        user=request.user,
        show_cases=request.user.has_perm("complaints.view_all_complaints"),
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "ctx": ctx,
            "panels": dashboard_panels(ctx) if status == 200 else [],
            "cache_minutes": max(cache_seconds() // 60, 1),
        },
        status=status,
    )


def _period_from(request: HttpRequest) -> Period:
    try:
        return Period.custom(
            datetime.date.fromisoformat(request.GET.get("from", "")),
            datetime.date.fromisoformat(request.GET.get("to", "")),
        )
    except ValueError as error:
        raise Http404("No such period.") from error


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    """The complaints behind one number on the dashboard, from the rule that counted it."""
    require(request.user, "complaints.view_all_complaints")
    period = _period_from(request)
    figure = request.GET.get("figure", "")
    try:
        breakdown = Breakdown(request.GET.get("breakdown", ""))
        key = figures.parse_key(breakdown, request.GET.get("key"))
        complaints = figures.cases_behind(
            figure=figure,
            period=period,
            as_of=timezone.localdate(),
            breakdown=breakdown,
            key=key,
            item=request.GET.get("item") or None,
        )
    except (KeyError, ValueError) as error:
        raise Http404("No such figure.") from error
    title = figures.FIGURE_TITLES[figure]
    if breakdown != Breakdown.NONE:
        title += f": {figures.key_labels(breakdown, [key])[key]}"
    if request.GET.get("item"):
        title += f" ({request.GET['item'].replace('_', ' ')})"
    return _case_list(request, complaints, title=title, period=period)


def _case_list(request: HttpRequest, complaints, *, title: str, period: Period | None) -> HttpResponse:
    complaints = exports.for_export(complaints.order_by("-received_on", "-id"))
    export = request.GET.get("format")
    if export:
        return exports.export_response(
            complaints, user=request.user, file_format=export, filename=f"complaints-{timezone.localdate():%Y-%m-%d}"
        )
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for file_format in exports.FORMATS:
        query["format"] = file_format
        links[file_format] = f"{request.path}?{query.urlencode()}"
    return render(
        request,
        "dashboard/cases.html",
        {"title": title, "period": period, "page": page, "export_links": links},
    )


@login_required
def tsm_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "reporting.view_dashboard")
    current = reporting_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year, error = current, "Enter a year from 2000 to 2100, such as 2025 for April 2025 to March 2026."
    else:
        error = ""
    measures = cached_figures(tsm.cache_key(year, timezone.localdate()), lambda: tsm.measures(year=year))
    show_cases = request.user.has_perm("complaints.view_all_complaints")

    def url(code: str, stage: int, part: str, which: str) -> str | None:
        if not show_cases:
            return None
        query = f"year={year}&code={code}&stage={stage}&part={part}&which={which}"
        return f"{reverse('dashboard:tsm-cases')}?{query}"

    return render(
        request,
        "dashboard/tsm.html",
        {
            "measures": measures,
            "year": year,
            "error": error,
            "years": range(current, current - 5, -1),
            "ch01": [(m, url("CH01", m.stage, m.part, "numerator"), None) for m in measures.ch01],
            "ch02": [
                (m, url("CH02", m.stage, m.part, "numerator"), url("CH02", m.stage, m.part, "denominator"))
                for m in measures.ch02
            ],
            "may_record_homes": request.user.has_perm("reporting.record_homes"),
        },
        status=400 if error else 200,
    )


@login_required
def tsm_cases(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.view_all_complaints")
    try:
        year, stage = int(request.GET.get("year", "")), int(request.GET.get("stage", ""))
        code, part, which = request.GET.get("code", ""), request.GET.get("part", ""), request.GET.get("which", "")
        complaints = tsm.measure_cases(year=year, code=code, stage=stage, part=part, which=which)
    except ValueError as error:
        raise Http404("No such measure.") from error
    names = {"numerator": "numerator", "denominator": "denominator", "not_met": "answered late"}
    title = f"{code} stage {stage}, {dict(tsm.PARTS)[part].lower()}: {names[which]}, {year} to {year + 1}"
    return _case_list(request, complaints, title=title, period=Period.reporting_year(year))


@login_required
def homes(request: HttpRequest) -> HttpResponse:
    require(request.user, "reporting.record_homes")
    form = HomesForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            lambda: tsm.homes_count_save(
                actor=request.user,
                year=form.cleaned_data["year"],
                low_cost_rental=form.cleaned_data["low_cost_rental"],
                low_cost_home_ownership=form.cleaned_data["low_cost_home_ownership"],
            ),
        )
        if saved:
            return redirect(f"{reverse('dashboard:tsm')}?year={saved.year}")
    return render(
        request,
        "dashboard/homes.html",
        {"form": form, "counts": HomesCount.objects.select_related("recorded_by")},
        status=400 if request.method == "POST" else 200,
    )
