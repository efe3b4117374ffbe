"""The live figures an assessment quotes as evidence: which provisions each one evidences, what it counts, and
which rule in `complaints.performance` decides each case. Adding a figure is one line here."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from complaints import performance
from complaints.models import Regime
from complaints.performance import Tally


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    # Cases still inside their timescale on this day are not counted yet.
    as_of: datetime.date
    regime: Regime | None


@dataclass(frozen=True)
class FigureDefinition:
    key: str
    provisions: tuple[str, ...]
    label: str
    tally: Callable[[Period], Tally]
    # Lists of adjustments and restrictions are special-category data (Code 5.10, 5.14).
    special_category: bool = False


def _p(period: Period) -> dict:
    return {"start": period.start, "end": period.end, "regime": period.regime}


FIGURES: list[FigureDefinition] = [
    FigureDefinition(
        "6.2",
        ("6.2",),
        "of stage 1 complaints acknowledged within 5 working days",
        lambda p: performance.acknowledgement_tally(number=1, as_of=p.as_of, **_p(p)),
    ),
    FigureDefinition(
        "6.3",
        ("6.3",),
        "of stage 1 responses issued within 10 working days of acknowledgement, without extensions",
        lambda p: performance.response_tally(number=1, as_of=p.as_of, with_extensions=False, **_p(p)),
    ),
    FigureDefinition(
        "6.3-extended",
        ("6.3", "6.4"),
        "of stage 1 responses issued within the timescale including agreed extensions",
        lambda p: performance.response_tally(number=1, as_of=p.as_of, with_extensions=True, **_p(p)),
    ),
    FigureDefinition(
        "6.4",
        ("6.4",),
        "of extended stage 1 complaints extended within 10 working days, or beyond with a recorded good reason",
        lambda p: performance.extension_tally(number=1, **_p(p)),
    ),
    FigureDefinition(
        "6.5",
        ("6.5",),
        "of stage 1 extensions told to the resident with the Ombudsman's contact details",
        lambda p: performance.extension_ombudsman_details_tally(number=1, **_p(p)),
    ),
    FigureDefinition(
        "6.11",
        ("6.11",),
        "of stage 2 requests acknowledged within 5 working days",
        lambda p: performance.acknowledgement_tally(number=2, as_of=p.as_of, **_p(p)),
    ),
    FigureDefinition(
        "6.13",
        ("6.13",),
        "of stage 2 reviews considered by someone who did not consider the complaint at stage 1",
        lambda p: performance.reviewer_independence_tally(**_p(p)),
    ),
    FigureDefinition(
        "6.14",
        ("6.14",),
        "of stage 2 responses issued within 20 working days of acknowledgement, without extensions",
        lambda p: performance.response_tally(number=2, as_of=p.as_of, with_extensions=False, **_p(p)),
    ),
    FigureDefinition(
        "6.14-extended",
        ("6.14", "6.15"),
        "of stage 2 responses issued within the timescale including agreed extensions",
        lambda p: performance.response_tally(number=2, as_of=p.as_of, with_extensions=True, **_p(p)),
    ),
    FigureDefinition(
        "6.15",
        ("6.15",),
        "of extended stage 2 complaints extended within 20 working days, or beyond with a recorded good reason",
        lambda p: performance.extension_tally(number=2, **_p(p)),
    ),
    FigureDefinition(
        "6.16",
        ("6.16",),
        "of stage 2 extensions told to the resident with the Ombudsman's contact details",
        lambda p: performance.extension_ombudsman_details_tally(number=2, **_p(p)),
    ),
    FigureDefinition(
        "2.1",
        ("2.1", "2.4", "5.11"),
        "of complaints not accepted or not escalated with the reasons, evidence and a letter to the resident recorded",
        lambda p: performance.refusal_tally(**_p(p)),
    ),
    FigureDefinition(
        "5.10",
        ("5.10",),
        "of reasonable adjustments in place at the end of the period not overdue for review",
        lambda p: performance.adjustment_review_tally(as_of=p.as_of),
        special_category=True,
    ),
    FigureDefinition(
        "5.14",
        ("5.14",),
        "of contact restrictions in place at the end of the period not overdue for review",
        lambda p: performance.restriction_review_tally(as_of=p.as_of),
        special_category=True,
    ),
    FigureDefinition(
        "7.3",
        ("7.3",),
        "of remedies due in the period completed by the date agreed",
        lambda p: performance.remedy_tally(as_of=p.as_of, **_p(p)),
    ),
]

FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


def proposal(tally: Tally) -> str:
    """What the system suggests for "Comply": every case met the rule (or there were none). A person decides."""
    return "yes" if tally.numerator == tally.denominator else "no"
