"""The Code as versioned data, the landlord's policy documents, and its self-assessments against the Code
(Appendix B of the Code; the annual duty of Code 8.1 a, 8.2, 8.3 and 8.4).

Rows are changed only through `selfassessment.services`; these classes hold data and the small questions that
can be answered from one row."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from complaints.models import Complaint, Regime
from core.models import TimeStamped, audited


class CodeVersion(models.Model):
    """One edition of the Code. Provisions come from a data file (`selfassessment/data/`), so a new edition of the
    Code is a data task, not a code change."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    applies_from = models.DateField(null=True, blank=True)
    last_revised_on = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="Where the provisions were taken from.")
    # The complaints whose figures count towards an assessment against this Code.
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The live figures (selfassessment.figures) are numbered as in the 2024 Code; a Code numbered otherwise
    # (2022) gets none, so a figure never lands beside a provision about something else.
    live_figures = models.BooleanField(default=False)

    class Meta:
        ordering = ["-applies_from", "code"]

    def __str__(self) -> str:
        return self.name


class CodeSection(models.Model):
    code_version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["code_version", "number"]
        constraints = [models.UniqueConstraint(fields=["code_version", "number"], name="one_section_per_number")]

    def __str__(self) -> str:
        return f"Section {self.number}: {self.title}"


class Provision(models.Model):
    class Obligation(models.TextChoices):
        # The 2022 Code split mandatory "must" rows from best-practice "should" rows; every 2024 provision is a must.
        MUST = "must", "Mandatory (must)"
        SHOULD = "should", "Best practice (should)"

    code_version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="provisions")
    section = models.ForeignKey(CodeSection, on_delete=models.CASCADE, related_name="provisions")
    number = models.CharField(max_length=10)
    position = models.PositiveSmallIntegerField(help_text="Order within the Code: 5.10 comes after 5.9.")
    requirement = models.TextField()
    obligation = models.CharField(max_length=10, choices=Obligation, default=Obligation.MUST)

    class Meta:
        ordering = ["code_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["code_version", "number"], name="one_provision_per_number"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def anchor(self) -> str:
        """Where a page links to this provision: an id cannot hold the dot of 5.10 in a CSS selector unescaped."""
        return "provision-" + self.number.replace(".", "-")

    def full_text(self) -> str:
        """The requirement with its listed items, as the Code prints it."""
        lines = [self.requirement]
        lines += [f"{item.label}) {item.text}" if item.label else f"• {item.text}" for item in self.items.all()]
        return "\n".join(lines)


class ProvisionItem(models.Model):
    """A listed item of a provision: lettered (6.9 a to g) or a plain bullet (2.2, 7.1)."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=3, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["provision", "position"]
        constraints = [models.UniqueConstraint(fields=["provision", "position"], name="one_item_per_position")]


def policy_document_path(document: PolicyDocument, filename: str) -> str:
    return f"policies/{document.sha256[:16]}"


@audited
class PolicyDocument(TimeStamped):
    """A policy or procedure uploaded once and cited as evidence by any number of assessment rows."""

    title = models.CharField(max_length=200)
    version = models.CharField(max_length=50)
    approved_on = models.DateField()
    file = models.FileField(upload_to=policy_document_path)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "-approved_on"]
        constraints = [models.UniqueConstraint(fields=["title", "version"], name="one_policy_per_version")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


@audited
class PolicySection(models.Model):
    """A numbered section, clause or page of a policy document: "point 4", "section 7.2", "page 12"."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="sections")
    reference = models.CharField(max_length=50)
    title = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "reference"], name="one_section_per_reference")]

    def __str__(self) -> str:
        title = f" ({self.title})" if self.title else ""
        return f"{self.document.title} v{self.document.version}, {self.reference}{title}"


@audited
class SelfAssessment(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        READY = "ready", "Ready for approval"
        APPROVED = "approved", "Approved by the governing body"
        PUBLISHED = "published", "Published"

    class Reason(models.TextChoices):
        ANNUAL = "annual", "Annual self-assessment (Code 8.1)"
        RESTRUCTURE = "restructure", "Significant restructure (Code 8.3)"
        MERGER = "merger", "Merger (Code 8.3)"
        PROCEDURE_CHANGE = "procedure_change", "Change in procedures (Code 8.3)"
        OMBUDSMAN_INVESTIGATION = "ombudsman_investigation", "Following an Ombudsman investigation (Code 8.4)"

    code_version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    reason = models.CharField(max_length=30, choices=Reason, default=Reason.ANNUAL)
    reason_detail = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    # Counted each time it goes to or back from the governing body: an approval is recorded of what was read.
    revision = models.PositiveIntegerField(default=0)
    # An approved assessment is never changed: an amendment is a new version of it.
    version = models.PositiveSmallIntegerField(default=1)
    amends = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments")
    carried_forward_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_forward_to"
    )
    approved_on = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Code 8.2: published alongside the report.
    governing_body_response = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_end", "-version", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="assessment_period_in_order"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "ready"])
                | (models.Q(approved_on__isnull=False) & ~models.Q(minute_reference="")),
                name="approved_assessment_has_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})" if self.version > 1 else self.title

    @property
    def is_read_only(self) -> bool:
        return self.status in {self.Status.APPROVED, self.Status.PUBLISHED}


@audited
class AssessmentRow(TimeStamped):
    """One line of the form: a provision, whether the landlord complies, the evidence and the commentary."""

    class Complies(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PARTLY = "partly", "Partly"

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="rows")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="+")
    complies = models.CharField(max_length=10, choices=Complies, blank=True)
    commentary = models.TextField(blank=True)
    # "Compliance with the Code": a landlord that does not comply explains why and says by when it will.
    comply_by = models.DateField(null=True, blank=True)
    # Each save of the answer counts up: a save from a page showing an older answer is refused, not applied over it.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "provision__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "provision"], name="one_row_per_provision"),
            models.CheckConstraint(
                condition=~models.Q(complies="no") | (models.Q(comply_by__isnull=False) & ~models.Q(commentary="")),
                name="non_compliance_is_explained_with_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.provision.number}"

    @property
    def evidence_to_check(self) -> int:
        """Evidence carried forward and not yet looked at again (counted from the prefetched evidence)."""
        return sum(1 for item in self.evidence.all() if item.checked_on is None)


def evidence_path(item: EvidenceItem, filename: str) -> str:
    return f"self-assessments/{item.row.assessment_id}/{item.sha256[:16]}"


@audited
class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        POLICY_SECTION = "policy_section", "Policy document section"
        FILE = "file", "Uploaded file"
        URL = "url", "Web address"
        CASE = "case", "Case in this system"
        LIVE_FIGURE = "live_figure", "Live figure from case data"
        # Evidence described in words, as landlords' earlier forms give it ("Complaints policy, point 4").
        TEXT = "text", "Described in words"

    row = models.ForeignKey(AssessmentRow, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind)
    description = models.TextField(blank=True)
    policy_section = models.ForeignKey(PolicySection, on_delete=models.PROTECT, null=True, blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    figure_key = models.CharField(max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Carried-forward evidence must be looked at again before the new assessment is approved.
    checked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["row", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="policy_section") & models.Q(policy_section__isnull=False))
                | (models.Q(kind="file") & ~models.Q(file=""))
                | (models.Q(kind="url") & ~models.Q(url=""))
                | (models.Q(kind="case") & models.Q(complaint__isnull=False))
                | (models.Q(kind="live_figure") & ~models.Q(figure_key=""))
                | (models.Q(kind="text") & ~models.Q(description="")),
                name="evidence_item_has_its_target",
            ),
        ]


@audited
class LiveFigure(models.Model):
    """A figure computed from the case data for the assessment period (numerator out of denominator, and the
    cases behind it). Recomputed while the assessment is a draft; frozen when the governing body approves it."""

    class Proposal(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(max_length=50)
    provisions = ArrayField(models.CharField(max_length=10))
    label = models.CharField(max_length=300)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    # Complaint ids and references: those that met the rule and those that did not.
    cases_met = models.JSONField(default=list)
    cases_not_met = models.JSONField(default=list)
    proposed = models.CharField(max_length=3, choices=Proposal)
    # The lists behind 5.10 and 5.14 are shown only to roles that may see special-category data.
    special_category = models.BooleanField(default=False)
    computed_at = models.DateTimeField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="one_figure_per_key")]

    def __str__(self) -> str:
        return self.summary

    @property
    def percentage(self) -> int | None:
        return round(100 * self.numerator / self.denominator) if self.denominator else None

    @property
    def summary(self) -> str:
        """As landlords quote it in Appendix B: "97% (37 out of 38) …"."""
        if not self.denominator:
            return f"No cases in the period: {self.label}"
        return f"{self.percentage}% ({self.numerator} out of {self.denominator}) {self.label}"
