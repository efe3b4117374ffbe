"""Demo learning and service improvements, on top of the demo complaints (python manage.py demo_data)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from complaints.models import Complaint, Stage
from learning import services
from learning.models import LearningPoint, ReportBack, Theme

# theme code -> things a landlord learns from complaints about it
LEARNING = {
    "communication": [
        "Residents were not told when the repair appointment moved; a text on every change would have avoided this.",
        "Call-backs promised by the contact centre were not logged, so nobody owned them.",
    ],
    "timeliness": [
        "The response was late because the contractor's report took three weeks; ask for reports within 5 days.",
        "Stage 1 responses slip when the officer is on leave: the queue needs a named cover.",
    ],
    "repairs_process": [
        "Repeat visits for the same fault were not linked, so the pattern was missed.",
        "The job was closed on the system before the resident confirmed the repair worked.",
    ],
    "contractors": [
        "The contractor missed appointments without telling us; the contract needs a penalty for no-shows.",
    ],
    "record_keeping": [
        "The resident's earlier reports were in an old email box and not on the record.",
    ],
    "damp_mould": [
        "Damp reports were treated as condensation advice only; every report now needs an inspection.",
    ],
    "vulnerability": [
        "The resident's hearing loss was recorded but letters still asked them to phone us.",
    ],
    "policy": [
        "The compensation policy does not cover loss of heating for more than 7 days.",
    ],
}

IMPROVEMENTS = [
    (
        "communication",
        "Text reminders for repair appointments",
        "Repairs",
        "Residents get a text the day before each appointment and straight away when one moves.",
    ),
    (
        "timeliness",
        "Named cover for every complaints officer",
        "Customer experience",
        "Each officer has a named colleague who takes over their stage 1 queue when they are away.",
    ),
    (
        "repairs_process",
        "Repeat repairs flagged after the second visit",
        "Repairs",
        "The repairs system flags a third visit for the same fault and sends it to a surveyor.",
    ),
    (
        "damp_mould",
        "Inspection within 10 working days of any damp report",
        "Asset management",
        "Every report of damp or mould is inspected within 10 working days, whatever its cause.",
    ),
    (
        "contractors",
        "No-show penalties in the repairs contract",
        "Procurement",
        "The repairs contract now charges the contractor for each missed appointment and requires notice by 8am.",
    ),
    (
        "policy",
        "Compensation for long loss of heating",
        "Customer experience",
        "The compensation policy now pays a daily amount when heating or hot water is lost for more than 7 days.",
    ),
]


def load(*, users: dict[str, Any], today: datetime.date, rng: random.Random) -> None:
    """Learning on about a third of answered complaints, and improvements that came from them. Runs once."""
    if LearningPoint.objects.exists():
        return
    officers = [users["officer"], users["officer2"], users["manager"]]
    themes = {theme.code: theme for theme in Theme.objects.all()}
    answered = (
        Stage.objects.filter(responded_on__isnull=False, number=1)
        .select_related("complaint")
        .order_by("responded_on", "pk")
    )
    by_theme: dict[str, list[tuple[Complaint, LearningPoint]]] = {}
    for stage in answered:
        if rng.random() > 0.35:
            continue
        code = rng.choice(list(LEARNING))
        on = min(stage.responded_on + datetime.timedelta(days=rng.randint(0, 10)), today)
        point = services.learning_point_record(
            actor=rng.choice(officers),
            complaint=stage.complaint,
            theme=themes[code],
            learning=rng.choice(LEARNING[code]),
            recorded_on=on,
        )
        by_theme.setdefault(code, []).append((stage.complaint, point))
    for code, title, team, what_changed in IMPROVEMENTS:
        sources = by_theme.get(code, [])[:5]
        if not sources:
            continue
        last_learnt = max(point.recorded_on for _, point in sources)
        implemented_on = min(last_learnt + datetime.timedelta(days=rng.randint(14, 60)), today)
        improvement = services.service_improvement_record(
            actor=users["lead"],
            title=title,
            what_changed=what_changed,
            team=team,
            implemented_on=implemented_on,
            theme=themes[code],
            complaints=[complaint for complaint, _ in sources],
            learning_points=[point for _, point in sources],
        )
        for audience, days, note in [
            (ReportBack.Audience.STAFF, 7, "Explained at the monthly team briefing."),
            (ReportBack.Audience.RESIDENTS_PANEL, 30, "Presented to the residents' scrutiny panel."),
            (ReportBack.Audience.COMMITTEE, 60, "Included in the quarterly report to the board."),
        ]:
            if implemented_on + datetime.timedelta(days=days) <= today:
                services.report_back_record(
                    actor=users["lead"],
                    improvement=improvement,
                    audience=audience,
                    reported_on=implemented_on + datetime.timedelta(days=days),
                    note=note,
                )
