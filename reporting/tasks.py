"""Celery tasks: thin wrappers that take ids and call a service. See config/celery.py for the settings that make
the broker redeliver a task whose worker died; rendering twice does no harm."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reporting.panels import dashboard_warm
from reporting.rollup import rollup_catch_up
from reporting.services import report_render_run


@shared_task(name="reporting.render_pdf")
def render_pdf_task(render_id: int) -> str:
    render = report_render_run(render_id=render_id)
    return render.status if render else "skipped"


@shared_task(name="reporting.warm_dashboard")
def warm_dashboard_task() -> None:
    dashboard_warm(today=timezone.localdate())


@shared_task(name="reporting.rollup_catch_up")
def rollup_catch_up_task() -> None:
    rollup_catch_up()
