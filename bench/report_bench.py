"""Benchmark of the Annual Complaints Performance and Service Improvement report (reporting/) on 50,000 complaints.

Run from the repository root with `bin/bench` (it starts a throwaway PostgreSQL and migrates it), or on a database of
your own: DATABASE_URL=... .venv/bin/python bench/report_bench.py. It adds 50,000 complaints to that database.

The cases are written in bulk with the triggers off (`SET LOCAL session_replication_role = replica`, as
bench/sweep_bench.py does): 50,000 complaints received over the reporting year 1 April 2025 to 31 March 2026, nine
in ten acknowledged and answered (most in time), one in five escalated to stage 2, some refused, remedies on a
third of the responses, a category each, and an approved self-assessment. Then the report is rendered the way the
Celery task renders it (`reporting.services.report_render_run`): figures, charts and the tagged PDF, timed by step.
The whole render must take under 30 seconds.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from complaints.calendar import calendar_for  # noqa: E402
from complaints.models import (  # noqa: E402
    Category,
    Channel,
    Complaint,
    Decision,
    Home,
    NationRegime,
    Refusal,
    RefusalReason,
    Remedy,
    RemedyKind,
    Resident,
    Response,
    Stage,
)
from complaints.services.deadlines import response_working_days  # noqa: E402
from core import roles  # noqa: E402
from reporting import outputs, services  # noqa: E402
from reporting.models import AnnualReport, ReportRender  # noqa: E402
from reporting.report_charts import charts_draw  # noqa: E402
from reporting.selectors import ReportContent, annual_figures  # noqa: E402
from selfassessment.models import AssessmentRow, CodeVersion, SelfAssessment  # noqa: E402
from selfassessment.services import assessment_create  # noqa: E402

SEED = 20261124
COUNT = 50_000
YEAR = 2025
START = datetime.date(YEAR, 4, 1)
AS_OF = datetime.date(YEAR + 1, 4, 30)
LIMIT_SECONDS = 30
NATIONS = ["england", "wales", "scotland", "northern_ireland"]
DECISIONS = [Decision.UPHELD, Decision.PARTLY_UPHELD, Decision.NOT_UPHELD]


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def add_cases(officer) -> None:
    rng = random.Random(SEED)
    channel = Channel.objects.get(code="phone")
    regimes = {row.nation: row.regime for row in NationRegime.objects.select_related("regime")}
    timescales = {(nation, n): regimes[nation].stage(n) for nation in NATIONS for n in (1, 2)}
    categories = list(Category.objects.all())
    kinds = list(RemedyKind.objects.all())
    reasons = list(RefusalReason.objects.all())
    with transaction.atomic():
        # Synthetic rows need no audit history: skip the triggers (pghistory's among them) while loading.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        homes = Home.objects.bulk_create(
            [Home(address=f"{n} Bench Street", postcode="AB1 2CD", nation=NATIONS[n % 4]) for n in range(COUNT)],
            batch_size=5000,
        )
        residents = Resident.objects.bulk_create(
            [Resident(name=f"Resident {n}", home=home) for n, home in enumerate(homes)], batch_size=5000
        )
        complaints = Complaint.objects.bulk_create(
            [
                Complaint(
                    reference=f"REPORT{n:07d}",
                    resident=resident,
                    home=resident.home,
                    nation=resident.home.nation,
                    regime=regimes[resident.home.nation],
                    channel=channel,
                    summary="Benchmark complaint",
                    received_on=START + days(rng.randint(0, 364)),
                    status=Complaint.Status.CLOSED,
                    logged_by=officer,
                )
                for n, resident in enumerate(residents)
            ],
            batch_size=5000,
        )
        Complaint.categories.through.objects.bulk_create(
            [
                Complaint.categories.through(complaint_id=complaint.pk, category_id=rng.choice(categories).pk)
                for complaint in complaints
            ],
            batch_size=5000,
        )
        stages, refused, escalated = [], [], []
        for complaint in complaints:
            received = complaint.received_on
            stage = Stage(
                complaint=complaint,
                number=1,
                regime_stage=timescales[(complaint.nation, 1)],
                requested_on=received,
                acknowledgement_due=received + days(7),
                handler=officer,
            )
            roll = rng.random()
            if roll < 0.03:
                refused.append(stage)
            elif roll < 0.93:
                stage.acknowledged_on = received + days(rng.choice([1, 2, 5, 7, 7, 9]))
                stage.response_due = stage.acknowledged_on + days(14)
                stage.responded_on = stage.acknowledged_on + days(rng.choice([5, 10, 13, 14, 14, 18]))
                if rng.random() < 0.2:
                    escalated.append(complaint)
            stages.append(stage)
        for complaint in escalated:
            requested = complaint.received_on + days(35)
            stages.append(
                Stage(
                    complaint=complaint,
                    number=2,
                    regime_stage=timescales[(complaint.nation, 2)],
                    requested_on=requested,
                    acknowledgement_due=requested + days(7),
                    acknowledged_on=requested + days(3),
                    response_due=requested + days(31),
                    responded_on=requested + days(rng.choice([20, 28, 30, 35])),
                    handler=officer,
                )
            )
        answered = [stage for stage in stages if stage.responded_on]
        calendars = {nation: calendar_for(nation) for nation in NATIONS}
        for stage in answered:
            stage.response_working_days = response_working_days(stage, calendars[stage.complaint.nation])
        Stage.objects.bulk_create(stages, batch_size=5000)
        responses = Response.objects.bulk_create(
            [
                Response(
                    stage=stage,
                    responded_on=stage.responded_on,
                    decision=rng.choice(DECISIONS),
                    reasons="Benchmark response",
                    next_step="Benchmark next step",
                    responded_by=officer,
                )
                for stage in answered
            ],
            batch_size=5000,
        )
        Remedy.objects.bulk_create(
            [
                Remedy(
                    complaint_id=response.stage.complaint_id,
                    stage=response.stage,
                    kind=kind,
                    description="Benchmark remedy",
                    amount=50 if kind.is_financial else None,
                    due_on=response.responded_on + days(14),
                    offered_on=response.responded_on,
                    completed_on=response.responded_on + days(rng.choice([7, 14, 21])),
                )
                for response in responses
                if rng.random() < 0.33
                for kind in [rng.choice(kinds)]
            ],
            batch_size=5000,
        )
        Refusal.objects.bulk_create(
            [
                Refusal(
                    complaint_id=stage.complaint_id,
                    stage=stage,
                    reason=rng.choice(reasons),
                    explanation="Benchmark refusal",
                    evidence="Benchmark evidence",
                    decided_on=stage.requested_on + days(3),
                    decided_by=officer,
                )
                for stage in refused
            ],
            batch_size=5000,
        )
        added = Complaint.objects.filter(pk__gte=complaints[0].pk)
        latest = Stage.objects.filter(complaint=OuterRef("pk")).order_by("-number").values("pk")[:1]
        added.update(current_stage=Subquery(latest))
        # Complaint.next_due is kept by a trigger, skipped while loading: let it fill the column now.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
        added.update(next_due=None)


def approved_assessment(officer, board) -> SelfAssessment:
    assessment = assessment_create(
        actor=officer,
        code_version=CodeVersion.objects.get(code="hos-2024"),
        title=f"Self-assessment {YEAR}/{YEAR + 1 - 2000}",
        period_start=START,
        period_end=START.replace(year=YEAR + 1) - days(1),
    )
    AssessmentRow.objects.filter(assessment=assessment).update(complies="yes", commentary="Set out in our policy.")
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        status=SelfAssessment.Status.APPROVED,
        approved_on=AS_OF,
        minute_reference="Board benchmark",
        approval_recorded_by=board,
    )
    return SelfAssessment.objects.get(pk=assessment.pk)


def pages(pdf: bytes) -> str:
    output = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
    return next((line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    User = get_user_model()
    officer, _ = User.objects.get_or_create(username="bench-report-officer")
    officer.groups.add(Group.objects.get(name=roles.OFFICER))
    lead, _ = User.objects.get_or_create(username="bench-report-lead")
    lead.groups.add(Group.objects.get(name=roles.SENIOR_LEAD))
    board, _ = User.objects.get_or_create(username="bench-report-board")
    board.groups.add(Group.objects.get(name=roles.BOARD))

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    started = time.perf_counter()
    add_cases(officer)
    print(
        f"Wrote {COUNT:,} complaints, {Stage.objects.count():,} stages, {Response.objects.count():,} responses, "
        f"{Remedy.objects.count():,} remedies, {Refusal.objects.count():,} refusals "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assessment = approved_assessment(officer, board)
    report = AnnualReport.objects.filter(year=YEAR).first() or services.annual_report_create(actor=lead, year=YEAR)
    if not report.is_approved:
        services.annual_report_update(
            actor=lead,
            report=report,
            data={"self_assessment": assessment, "performance_analysis": "Benchmark analysis."},
        )

    # Each step alone, as the task does it. (The query log holds 9,000 at most: empty it so the count is right.)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        step = time.perf_counter()
        figures = annual_figures(report=report, as_of=AS_OF)
        figures_s = time.perf_counter() - step
    step = time.perf_counter()
    charts = charts_draw(figures)
    charts_s = time.perf_counter() - step
    step = time.perf_counter()
    pdf = outputs.annual_report_pdf(ReportContent(report=report, figures=figures, charts=charts, frozen=False))
    pdf_s = time.perf_counter() - step

    # The whole render through the task's service, as a board member's "Make a PDF" runs it.
    render = ReportRender.objects.create(
        kind=ReportRender.Kind.ANNUAL,
        report=report,
        period_start=report.period[0],
        period_end=report.period[1],
        requested_by=board,
    )
    step = time.perf_counter()
    services.report_render_run(render_id=render.pk)
    total_s = time.perf_counter() - step
    render.refresh_from_db()

    print(f"\n{'step':<34} {'time':>8}")
    print(f"{'figures (' + str(len(queries)) + ' queries)':<34} {figures_s:>7.2f}s")
    print(f"{'charts (3 SVGs)':<34} {charts_s:>7.2f}s")
    print(f"{'PDF (' + pages(pdf) + ' pages, ' + str(len(pdf) // 1024) + ' KB)':<34} {pdf_s:>7.2f}s")
    print(f"{'whole render (report_render_run)':<34} {total_s:>7.2f}s   status {render.status}")
    volumes = figures["volumes"]
    print(f"\nReport counts {volumes['stage_1']:,} stage 1 and {volumes['stage_2']:,} stage 2 complaints received.")
    if render.status != ReportRender.Status.DONE or total_s >= LIMIT_SECONDS:
        print(f"FAIL: the render must finish in under {LIMIT_SECONDS} s")
        sys.exit(1)


if __name__ == "__main__":
    main()
