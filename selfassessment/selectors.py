"""Reads of self-assessments for the pages, the API and the outputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from selfassessment.models import AssessmentRow, EvidenceItem, LiveFigure, Provision, SelfAssessment

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def assessments_visible_to(user: User) -> QuerySet[SelfAssessment]:
    assessments = SelfAssessment.objects.select_related("code_version")
    if user.is_authenticated and user.has_perm("selfassessment.view_assessment"):
        return assessments
    return assessments.filter(status=SelfAssessment.Status.PUBLISHED)


def assessment_rows(assessment: SelfAssessment) -> QuerySet[AssessmentRow]:
    """Every row of the form in the Code's order, with what it takes to print it in a fixed number of queries."""
    return (
        assessment.rows.select_related("provision__section")
        .prefetch_related(
            "provision__items",
            Prefetch(
                "evidence",
                queryset=EvidenceItem.objects.select_related("policy_section__document", "complaint"),
            ),
        )
        .order_by("provision__position")
    )


@dataclass(frozen=True)
class SectionRows:
    number: int
    title: str
    rows: list[AssessmentRow]

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.complies)


def assessment_sections(assessment: SelfAssessment) -> list[SectionRows]:
    """The rows grouped by the Code's sections, in the Code's order."""
    sections: dict[int, SectionRows] = {}
    for row in assessment_rows(assessment):
        section = row.provision.section
        sections.setdefault(section.number, SectionRows(number=section.number, title=section.title, rows=[]))
        sections[section.number].rows.append(row)
    return list(sections.values())


def assessment_row(assessment: SelfAssessment, number: str) -> AssessmentRow | None:
    """One provision's row with its evidence, as the provision's page shows it."""
    return assessment_rows(assessment).filter(provision__number=number).first()


def assessment_last_approved(*, code_version_id: int, before: SelfAssessment | None = None) -> SelfAssessment | None:
    approved = SelfAssessment.objects.filter(
        code_version_id=code_version_id,
        status__in=[SelfAssessment.Status.APPROVED, SelfAssessment.Status.PUBLISHED],
    )
    if before is not None:
        approved = approved.exclude(pk=before.pk)
    return approved.order_by("-approved_on", "-version", "-id").first()


def assessment_published_latest() -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(status=SelfAssessment.Status.PUBLISHED)
        .order_by("-published_on", "-version", "-id")
        .first()
    )


def figures_by_provision(assessment: SelfAssessment) -> dict[str, list[LiveFigure]]:
    found: dict[str, list[LiveFigure]] = {}
    for figure in assessment.figures.all():
        for number in figure.provisions:
            found.setdefault(number, []).append(figure)
    return found


@dataclass(frozen=True)
class RowChange:
    provision: Provision
    before: AssessmentRow | None
    after: AssessmentRow | None
    changed: list[str]


def _evidence_identity(row: AssessmentRow) -> list[tuple]:
    # A live figure is the same evidence from year to year even though its numbers change.
    return [
        (item.kind, item.description, item.policy_section_id, item.sha256, item.url, item.complaint_id, item.figure_key)
        for item in row.evidence.all()
    ]


def assessment_compare(*, earlier: SelfAssessment, later: SelfAssessment) -> list[RowChange]:
    """Side by side, provision by provision: what changed between two assessments against the same Code."""
    before = {row.provision_id: row for row in assessment_rows(earlier)}
    changes = []
    for row in assessment_rows(later):
        old = before.get(row.provision_id)
        changed = []
        if old is None or old.complies != row.complies:
            changed.append("complies")
        if old is None or old.commentary != row.commentary or old.comply_by != row.comply_by:
            changed.append("commentary")
        if old is None or _evidence_identity(old) != _evidence_identity(row):
            changed.append("evidence")
        changes.append(RowChange(provision=row.provision, before=old, after=row, changed=changed))
    return changes
