"""Trend charts as SVG drawn on the server with pygal, for `<img src="data:image/svg+xml;base64,…" alt="…">`
(an inline SVG would need a script-src exception under a strict Content Security Policy). The same image renders in
WeasyPrint PDFs. Every chart is shown with its data as a table beside it, for screen-reader users."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pygal
from pygal.style import Style

# GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11).
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#d4351c", "#00703c", "#4c2c92"),
    font_family="arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=16,
)


def _data_uri(chart: pygal.graph.graph.Graph) -> str:
    svg = chart.render()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _chart(kind: type, title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], **options):
    options.setdefault("show_legend", len(series) > 1)
    chart = kind(
        style=STYLE,
        width=720,
        height=360,
        title=title,
        js=[],  # no script: the image is static
        legend_at_bottom=True,
        x_label_rotation=30 if len(labels) > 6 else 0,
        **options,
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _data_uri(chart)


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], **options) -> str:
    return _chart(pygal.Line, title, labels, series, **options)


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], **options) -> str:
    return _chart(pygal.Bar, title, labels, series, **options)
