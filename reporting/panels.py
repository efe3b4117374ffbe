"""The dashboard is a list of panels, each a titled block of tables (and charts) for the chosen period.

To add a panel from another app (surveys, Ombudsman cases, service improvements...): write a function that takes
a `DashboardContext` and returns a `Panel` (or None to leave it out for this viewer), decorate it with
`@register_panel(order=..., name=...)`, and import its module from your app's `AppConfig.ready()`. Build tables
with `table()` and `cell()`: a cell given a `url` links to the cases behind it only when `ctx.show_cases`
(board members get numbers without links, and no personal data). Use the template `dashboard/panel.html`
or a template of your own, which gets `panel` and `ctx`. Orders used here: 10 to 70; leave gaps.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from reporting import charts, figures, tsm
from reporting.figures import TOTAL, Breakdown, Key, Row, percent
from reporting.periods import Period, reporting_year_of


@dataclass
class DashboardContext:
    period: Period
    breakdown: Breakdown
    as_of: datetime.date
    user: Any
    show_cases: bool
    # Count afresh and replace what the cache holds (dashboard_warm), rather than read it.
    refresh: bool = False

    @cached_property
    def summary(self) -> figures.Summary:
        return cached_figures(
            f"summary:{self.period.start}:{self.period.end}:{self.breakdown.value}:{self.as_of}",
            lambda: figures.summary(period=self.period, as_of=self.as_of, breakdown=self.breakdown),
            refresh=self.refresh,
        )

    @cached_property
    def trend(self) -> list[dict[str, Any]]:
        return cached_figures(
            f"trend:{self.period.start}:{self.period.end}:{self.as_of}",
            lambda: figures.trend(period=self.period, as_of=self.as_of),
            refresh=self.refresh,
        )

    def cases_url(self, figure: str, key: Key = TOTAL, item: str | None = None) -> str | None:
        """The list of cases behind a number, or None for a viewer who may not see cases."""
        if not self.show_cases:
            return None
        query = {"figure": figure, "from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        if key != TOTAL:
            query |= {"breakdown": self.breakdown.value, "key": "" if key is None else key}
        if item:
            query["item"] = item
        return f"{reverse('dashboard:cases')}?{urlencode(query)}"


def cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)


def cached_figures(key: str, compute: Callable[[], Any], *, refresh: bool = False) -> Any:
    """A dashboard's figures are kept for DASHBOARD_CACHE_SECONDS (default 5 minutes): on a register of a million
    complaints they take seconds to count, and the board and the senior lead look at the same few periods. The
    page says how old they are."""
    key = f"dashboard:{key}"
    value = None if refresh else cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_seconds())
    return value


@dataclass(frozen=True)
class Cell:
    text: str
    url: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    first_column_is_header: bool = True


@dataclass(frozen=True)
class Chart:
    src: str
    alt: str
    table: Table


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    template: str = "dashboard/panel.html"


def cell(value: Any, url: str | None = None, detail: str = "") -> Cell:
    return Cell("None" if value is None else str(value), url, detail)


def table(caption: str, headers: list[str], rows: list[list[Cell]]) -> Table:
    return Table(caption, headers, rows)


PanelBuilder = Callable[[DashboardContext], Panel | None]
_PANELS: dict[str, tuple[int, PanelBuilder]] = {}


def register_panel(*, order: int, name: str) -> Callable[[PanelBuilder], PanelBuilder]:
    def register(builder: PanelBuilder) -> PanelBuilder:
        _PANELS[name] = (order, builder)
        return builder

    return register


def dashboard_panels(ctx: DashboardContext) -> list[Panel]:
    panels = (builder(ctx) for _, builder in sorted(_PANELS.values(), key=lambda entry: entry[0]))
    return [panel for panel in panels if panel is not None]


# --- the complaint figures' panels -----------------------------------------------------------------------


def _rows(ctx: DashboardContext) -> list[Row]:
    summary = ctx.summary
    return [*summary.rows, summary.total]


def _share(ctx: DashboardContext, row: Row, figure: str, numerator: str, denominator: str) -> Cell:
    met, of = row.counts[numerator], row.counts[denominator]
    rate = percent(met, of)
    detail = f"of {of}" + (f" ({rate}%)" if rate is not None else "")
    return cell(met, ctx.cases_url(figure, row.key), detail)


def _count(ctx: DashboardContext, row: Row, figure: str, name: str | None = None) -> Cell:
    return cell(row.counts[name or figure], ctx.cases_url(figure, row.key))


def _label(row: Row) -> Cell:
    return cell(row.label)


def _heading(ctx: DashboardContext) -> str:
    return ctx.breakdown.label if ctx.breakdown != Breakdown.NONE else "Complaints"


@register_panel(order=10, name="volumes")
def volumes_panel(ctx: DashboardContext) -> Panel:
    rows = [
        [
            _label(row),
            _count(ctx, row, "received_stage_1"),
            _count(ctx, row, "received_stage_2"),
            _count(ctx, row, "received"),
        ]
        for row in _rows(ctx)
    ]
    points = ctx.trend
    labels = [point["period"].label for point in points]
    received = [point["received"] for point in points]
    chart = Chart(
        src=charts.bar_chart("Complaints received each month", labels, {"Received": received}),
        alt="Bar chart of complaints received each month; the figures are in the table beside it.",
        table=table(
            "Complaints received each month",
            ["Month", "Received"],
            [[cell(label), cell(count)] for label, count in zip(labels, received, strict=True)],
        ),
    )
    return Panel(
        name="volumes",
        title="Complaints received",
        # Code 3.3: landlords must not treat a high volume of complaints as a negative.
        intro="A high number of complaints is not a bad sign in itself: it can show that residents know how to "
        "complain and trust us to listen (Complaint Handling Code 3.3). A complaint escalated to stage 2 is "
        "counted once at stage 1 and again at stage 2.",
        tables=[table(f"Received by {_heading(ctx).lower()}", [_heading(ctx), "Stage 1", "Stage 2", "Total"], rows)],
        charts=[chart],
    )


@register_panel(order=20, name="timeliness")
def timeliness_panel(ctx: DashboardContext) -> Panel:
    rows = [
        [
            _label(row),
            _share(ctx, row, "acknowledged_in_time", "acknowledged_in_time", "acknowledgement_due"),
            _share(
                ctx, row, "responded_in_time_without_extension", "responded_in_time_without_extension", "response_due"
            ),
            _share(ctx, row, "responded_in_time", "responded_in_time", "response_due"),
            _share(ctx, row, "extension_within_code", "extension_within_code", "extended"),
            _count(ctx, row, "overdue"),
        ]
        for row in _rows(ctx)
    ]
    points = ctx.trend
    labels = [point["period"].label for point in points]
    rates = [float(point["percent_in_time"]) if point["percent_in_time"] is not None else None for point in points]
    chart = Chart(
        src=charts.line_chart(
            "Responses due each month answered in time (%)", labels, {"Answered in time": rates}, range=(0, 100)
        ),
        alt="Line chart of the percentage of responses due each month that were answered in time; the figures "
        "are in the table beside it.",
        table=table(
            "Responses due each month answered in time",
            ["Month", "Due", "Answered in time", "Per cent"],
            [
                [
                    cell(point["period"].label),
                    cell(point["response_due"]),
                    cell(point["responded_in_time"]),
                    cell(f"{point['percent_in_time']}%" if point["percent_in_time"] is not None else None),
                ]
                for point in points
            ],
        ),
    )
    return Panel(
        name="timeliness",
        title="Acknowledged and answered in time",
        intro="Acknowledgements and responses that fell due in the period (Code 6.2, 6.3, 6.11, 6.14): in time "
        "against the Code's timescale, and against the timescale as extended (6.4, 6.15). Extensions are those "
        "the resident was told of in the period; within the Code means no more than the cap, or more with a good "
        "reason a senior manager approved, told to the resident before the response was due. Overdue is today's "
        "position, whatever the period.",
        tables=[
            table(
                f"Timeliness by {_heading(ctx).lower()}",
                [
                    _heading(ctx),
                    "Acknowledged in time",
                    "Answered in time, without extensions",
                    "Answered in time, as extended",
                    "Extensions within the Code",
                    "Overdue now",
                ],
                rows,
            )
        ],
        charts=[chart],
    )


@register_panel(order=30, name="response-times")
def response_times_panel(ctx: DashboardContext) -> Panel:
    rows = [
        [_label(row), cell(row.times.responses, ctx.cases_url("responded", row.key)), cell(row.times.average)]
        for row in _rows(ctx)
    ]
    bands = ctx.summary.total.times.bands
    chart = Chart(
        src=charts.bar_chart(
            "Responses by working days taken", list(bands), {"Responses": list(bands.values())}, show_legend=False
        ),
        alt="Bar chart of responses issued in the period by the number of working days they took; the figures "
        "are in the table beside it.",
        table=table(
            "Responses by working days taken",
            ["Working days", "Responses"],
            [[cell(band), cell(count)] for band, count in bands.items()],
        ),
    )
    return Panel(
        name="response-times",
        title="Working days to respond",
        intro="Responses issued in the period, counted in working days from the acknowledgement (from receipt "
        "where the procedure counts from receipt) on the bank-holiday calendar of the resident's nation. The Code "
        "asks for a stage 1 response within 10 working days and a stage 2 response within 20.",
        tables=[table("Average working days to respond", [_heading(ctx), "Responses", "Average working days"], rows)],
        charts=[chart],
    )


@register_panel(order=40, name="outcomes")
def outcomes_panel(ctx: DashboardContext) -> Panel:
    rows = [
        [
            _label(row),
            _count(ctx, row, "responded"),
            _count(ctx, row, "upheld"),
            _count(ctx, row, "partly_upheld"),
            _count(ctx, row, "not_upheld"),
            _share(ctx, row, "escalated", "escalated", "stage_1_responded"),
        ]
        for row in _rows(ctx)
    ]
    return Panel(
        name="outcomes",
        title="Outcomes and escalation",
        intro="Decisions in the responses issued in the period, and how many complaints answered at stage 1 in "
        "the period have been escalated to stage 2 since.",
        tables=[
            table(
                f"Outcomes by {_heading(ctx).lower()}",
                [_heading(ctx), "Responses", "Upheld", "Partly upheld", "Not upheld", "Escalated to stage 2"],
                rows,
            )
        ],
    )


@register_panel(order=50, name="refusals")
def refusals_panel(ctx: DashboardContext) -> Panel:
    refusals = ctx.summary.refusals
    rows = [
        [cell(row["reason__name"]), cell(row["count"], ctx.cases_url("refused", item=row["reason__code"]))]
        for row in refusals
    ]
    total = sum(row["count"] for row in refusals)
    rows.append([cell("All reasons"), cell(total, ctx.cases_url("refused"))])
    return Panel(
        name="refusals",
        title="Complaints not accepted or not escalated",
        intro="Decisions in the period not to accept a complaint (Code 2.1) or not to escalate it (5.11), by reason.",
        tables=[table("Refusals by reason", ["Reason", "Complaints"], rows)],
    )


@register_panel(order=60, name="remedies")
def remedies_panel(ctx: DashboardContext) -> Panel:
    remedies = ctx.summary.remedies
    rows = [
        [cell(row["kind__name"]), cell(row["count"], ctx.cases_url("remedy", item=row["kind__code"]))]
        for row in remedies["by_kind"]
    ]
    rows.append([cell("All remedies"), cell(remedies["offered"], ctx.cases_url("remedy"))])
    paid = table(
        "Compensation paid",
        ["Payments", "Total paid"],
        [
            [
                cell(remedies["compensation_payments"], ctx.cases_url("compensation_paid")),
                cell(f"£{remedies['compensation_paid']:,.2f}"),
            ]
        ],
    )
    paid = Table(paid.caption, paid.headers, paid.rows, first_column_is_header=False)
    return Panel(
        name="remedies",
        title="Putting things right",
        intro="Remedies offered in the responses issued in the period, by kind (Code 7), and the financial "
        "remedies paid in the period.",
        tables=[table("Remedies by kind", ["Kind", "Remedies"], rows), paid],
    )


def dashboard_warm(*, today: datetime.date) -> None:
    """Count what the board opens first (this reporting year, no breakdown, its trend, and this year's TSM) into
    the cache before anyone asks. Beat runs it more often than the cache expires (config/celery.py), so on a
    register of a million complaints nobody waits seconds for the opening view; other periods are counted on
    demand and then kept."""
    year = reporting_year_of(today)
    warm = DashboardContext(
        period=Period.reporting_year(year),
        breakdown=Breakdown.NONE,
        as_of=today,
        user=None,
        show_cases=False,
        refresh=True,
    )
    # Reading the properties counts the figures and stores them.
    _ = (warm.summary, warm.trend)
    cached_figures(tsm.cache_key(year, today), lambda: tsm.measures(year=year), refresh=True)
