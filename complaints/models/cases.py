"""Complaints, their two stages, and everything the full record (Code 5.12) keeps about them.

Rows are changed only through `complaints.services`; these classes hold data and the small questions
that can be answered from one row."""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.db import models

from complaints.calendar import months_after
from complaints.models.base import Nation
from complaints.models.reference import Category, Channel, RefusalReason, Regime, RegimeStage, RemedyKind, Team
from complaints.models.residents import Home, Representative, Resident
from complaints.models.search import SEARCH_DOCUMENT, searchable_text, text_search_index
from core.models import TimeStamped, audited, protect_deletes


class Decision(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


@audited
class ServiceRequest(TimeStamped):
    """A request for a service (Code 1.4). Not a complaint; it carries on while a complaint about it runs (1.5)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETED = "completed", "Completed"

    reference = models.CharField(max_length=20, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="service_requests")
    home = models.ForeignKey(Home, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    reported_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_on", "-id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return self.reference


# The deadline an open complaint's current stage is working towards, the rule of Stage.next_due() in SQL. It is
# stored on the complaint so the queues and the API can sort and filter by an index rather than a join over every
# stage; the triggers below keep it, so every writer (the workflow, the deadline service, a recomputation after a
# calendar change, a bulk update) keeps it right without calling anything.
_NEXT_DUE = """
    CASE WHEN NEW.status IN ('awaiting_acknowledgement', 'in_progress') THEN (
        SELECT CASE
            WHEN stage.responded_on IS NOT NULL THEN NULL
            WHEN stage.acknowledged_on IS NULL AND stage.acknowledgement_due IS NOT NULL
                THEN stage.acknowledgement_due
            ELSE stage.response_due
        END
        FROM complaints_stage stage WHERE stage.id = NEW.current_stage_id
    ) END
"""
complaint_next_due = pgtrigger.Trigger(
    name="complaint_next_due",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func=f"NEW.next_due := {_NEXT_DUE}; RETURN NEW;",
)
# A stage's dates changed: rewrite its complaint's row, and the trigger above recomputes next_due from them.
stage_next_due = pgtrigger.Trigger(
    name="stage_next_due",
    when=pgtrigger.After,
    operation=pgtrigger.Insert
    | pgtrigger.UpdateOf("responded_on", "acknowledged_on", "acknowledgement_due", "response_due"),
    func="UPDATE complaints_complaint SET next_due = NULL WHERE current_stage_id = NEW.id; RETURN NULL;",
)

_OPEN_STATUSES = ["awaiting_acknowledgement", "in_progress"]


# next_due is kept by the database (above), not written by anyone, so it is no part of the history (Code 5.12).
@audited(exclude=["next_due", SEARCH_DOCUMENT])
class Complaint(TimeStamped):
    class Status(models.TextChoices):
        AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement", "Awaiting acknowledgement"
        IN_PROGRESS = "in_progress", "In progress"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # References are this and a number of six or more digits: CMP-000123. Residents quote them in their emails.
    REFERENCE_PREFIX = "CMP-"

    reference = models.CharField(max_length=20, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="complaints")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    home = models.ForeignKey(Home, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints")
    # The nation of the home decides both the bank-holiday calendar and the regime.
    nation = models.CharField(max_length=20, choices=Nation)
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    categories = models.ManyToManyField(Category, blank=True, related_name="complaints")
    # The area or team answerable for the complaint, for the dashboards' breakdowns; optional.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints")
    summary = models.TextField(help_text="The complaint as the resident made it.")
    search_document = searchable_text("summary")
    received_on = models.DateField()
    # Code 2.3, seed 003 §16: the time limit to complain runs from when the resident first knew of the problem.
    first_knew_on = models.DateField(null=True, blank=True)
    # Why a complaint raised after the time limit was accepted anyway. Often illness or bereavement: shown only to
    # those who see special-category data, never on the timeline.
    time_limit_waived_because = models.TextField(blank=True)
    service_request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    # Code 6.8: an issue logged as a new complaint stays linked to the one it was raised in.
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    stage = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=30, choices=Status, default=Status.AWAITING_ACKNOWLEDGEMENT)
    current_stage = models.OneToOneField("Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Raised on every workflow action; a writer holding an older version is told the case changed.
    version = models.PositiveIntegerField(default=1)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    # The public form's one-off token: a double-submitted form (or 16 identical posts at once) makes one
    # complaint, because the database refuses a second row with the same token.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The deadline the current stage is working towards while the complaint is open (Stage.next_due()), kept by
    # the database triggers complaint_next_due and stage_next_due. An object in memory holds the value it was read
    # with: read the row again after an action to see the new one.
    next_due = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        triggers = [protect_deletes, complaint_next_due]
        indexes = [
            # The lists' default order (the API's and the staff pages').
            models.Index(fields=["-received_on", "-id"], name="complaint_received_order"),
            # The queues and the API's due filters and ordering only ever look at open complaints.
            models.Index(
                fields=["next_due", "id"],
                condition=models.Q(status__in=_OPEN_STATUSES),
                name="open_complaint_next_due",
            ),
            # The API's `?ordering=next_due` over every complaint, closed ones (no next deadline) last: the partial
            # index above cannot serve it, and without this each page sorted the whole table.
            models.Index(fields=["next_due", "id"], name="complaint_next_due_order"),
            # A team's queue, in deadline order: by the team index alone it read all the team's complaints, closed
            # ones too (125,000 of a team's at 1,000,000), to count its 1,400 open ones.
            models.Index(
                fields=["team", "next_due", "id"],
                condition=models.Q(status__in=_OPEN_STATUSES),
                name="open_complaint_team_next_due",
            ),
            # The queue of complaints awaiting acknowledgement, in deadline order, and its count: the open index
            # above holds in-progress ones too (three times as many), which its page and count read and set aside.
            models.Index(
                fields=["next_due", "id"],
                condition=models.Q(status="awaiting_acknowledgement"),
                name="awaiting_acknowledgement_due",
            ),
            # The search box's words (complaints.search), as each text source below has its own.
            text_search_index(name="complaint_summary_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stage__in=[1, 2]), name="complaint_has_two_stages_only"),
            # The nation decides the working days and the regime: an unknown one would silently get no holidays.
            models.CheckConstraint(condition=models.Q(nation__in=Nation.values), name="complaint_nation_known"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.AWAITING_ACKNOWLEDGEMENT, self.Status.IN_PROGRESS}

    def time_limit_ends_on(self) -> datetime.date | None:
        """The last day the complaint could be raised in time, when we know when the resident first knew."""
        if self.first_knew_on is None:
            return None
        return months_after(self.first_knew_on, self.regime.time_limit_months)

    def raised_out_of_time(self) -> bool:
        ends = self.time_limit_ends_on()
        return ends is not None and self.received_on > ends

    def is_overdue(self, today: datetime.date) -> bool:
        """Open, and the deadline it is working towards has passed."""
        due = self.current_stage.next_due() if self.is_open else None
        return due is not None and due < today


@audited
class Stage(TimeStamped):
    """One of the two stages of a complaint, with its dates. Due dates are stored so lists can sort by them;
    `complaints.services.deadlines` is the only code that sets them."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField()
    regime_stage = models.ForeignKey(RegimeStage, on_delete=models.PROTECT, related_name="+")
    # Stage 1: the date the complaint was received. Stage 2: the date escalation was requested.
    # Indexed, as is responded_on, for the dashboards' periods (reporting.figures). Never changed afterwards: the
    # figures already reported count stages by it.
    requested_on = models.DateField(db_index=True)
    # A refused stage taken on after all (for example because the Ombudsman said so, Code 2.4): its clocks run
    # again from the day it was reopened.
    clock_restarted_on = models.DateField(null=True, blank=True)
    acknowledgement_due = models.DateField(null=True, blank=True, db_index=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True, db_index=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    responded_on = models.DateField(null=True, blank=True, db_index=True)
    # The working days the response took, counted when it is recorded and again if a calendar changes; the
    # dashboards and the annual report count these rather than the calendar again.
    response_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Stage 1: the complaints officer. Stage 2: the reviewer, never the stage 1 handler (Code 6.13).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="handled_stages"
    )
    # Code 5.9: agreed intervals for keeping the resident informed once a response runs late.
    update_interval = models.PositiveSmallIntegerField(null=True, blank=True)
    update_due = models.DateField(null=True, blank=True, db_index=True)
    # Code 6.12: never required, but what the resident says about why they escalated is kept.
    escalation_reason = models.TextField(blank=True)
    # Stage 1 under a regime that allows it (SPSO, seed 003 §24): the day it moved to stage 2 without a response.
    moved_to_investigation_on = models.DateField(null=True, blank=True)
    # Stage 2 reached without a stage 1 response: why (serious, high-risk or complex; frontline could not resolve it).
    investigation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["complaint", "number"]
        triggers = [protect_deletes, stage_next_due]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_row_per_stage"),
            models.CheckConstraint(condition=models.Q(number__in=[1, 2]), name="stage_is_one_or_two"),
            models.CheckConstraint(
                condition=models.Q(acknowledged_on__isnull=True)
                | models.Q(acknowledged_on__gte=models.F("requested_on")),
                name="acknowledged_after_request",
            ),
            models.CheckConstraint(
                condition=models.Q(responded_on__isnull=True) | models.Q(response_working_days__isnull=False),
                name="answered_with_its_working_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} stage {self.number}"

    @property
    def is_extended(self) -> bool:
        return self.extension_days > 0

    @property
    def clock_started_on(self) -> datetime.date:
        """The day this stage's clocks count from: when it was requested, or when it was taken on after a refusal."""
        return self.clock_restarted_on or self.requested_on

    def next_due(self) -> datetime.date | None:
        """The deadline this stage is working towards now."""
        if self.responded_on:
            return None
        if self.acknowledged_on is None and self.acknowledgement_due:
            return self.acknowledgement_due
        return self.response_due


class CurrentPoints(models.Manager):
    """The definition as it stands: a revised definition supersedes the earlier points rather than deleting them."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(superseded_at__isnull=True)


@audited(exclude=[SEARCH_DOCUMENT])
class DefinitionPoint(TimeStamped):
    """One point of the complaint definition (Code 5.6) with what the landlord is responsible for (5.7)."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="definition")
    position = models.PositiveSmallIntegerField()
    point = models.TextField()
    outcome_sought = models.TextField()
    search_document = searchable_text("point", "outcome_sought")
    landlord_responsible = models.BooleanField(default=True)
    responsibility_note = models.TextField(blank=True)
    # Set when the point was added during the investigation (Code 6.8) rather than at acknowledgement.
    added_on = models.DateField(null=True, blank=True)
    # Set when a revised definition replaced this point; the point stays part of the record (Code 5.12).
    superseded_at = models.DateTimeField(null=True, blank=True)

    # `stage.definition` and every other default lookup see only the current points.
    objects = CurrentPoints()
    with_superseded = models.Manager()

    class Meta:
        ordering = ["stage", "position"]
        base_manager_name = "with_superseded"
        indexes = [text_search_index(name="definition_point_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "position"],
                condition=models.Q(superseded_at__isnull=True),
                name="unique_current_point_position",
            )
        ]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"Point {self.position}"


@audited
class Extension(TimeStamped):
    """More time to respond (Code 6.4, 6.15), explained to the resident with the Ombudsman's details (6.5, 6.16)."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="extensions")
    working_days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    # Needed, with a senior manager's approval, when the stage's total goes beyond the regime's cap.
    good_reason = models.TextField(blank=True)
    beyond_cap = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_due = models.DateField()
    new_due = models.DateField()
    resident_informed_on = models.DateField()
    ombudsman_details_given = models.BooleanField()
    update_interval = models.PositiveSmallIntegerField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["stage", "created_at"]
        triggers = [protect_deletes]


@audited(exclude=[SEARCH_DOCUMENT])
class Response(TimeStamped):
    """The written response at the end of a stage, with every element of Code 6.9 / 6.19."""

    stage = models.OneToOneField(Stage, on_delete=models.PROTECT, related_name="response")
    responded_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision)
    reasons = models.TextField()
    search_document = searchable_text("reasons")
    # 6.9 g / 6.19 g: how to escalate, copied from the regime when the response was issued.
    next_step = models.TextField()
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        triggers = [protect_deletes]
        indexes = [text_search_index(name="response_search")]


@audited
class PointDecision(models.Model):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="point_decisions")
    point = models.OneToOneField(DefinitionPoint, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(max_length=20, choices=Decision)
    reason = models.TextField()

    class Meta:
        ordering = ["point__position"]
        triggers = [protect_deletes]


@audited
class Remedy(TimeStamped):
    """Putting things right (Code 7): what will happen and by when (7.3), followed through to completion."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedies")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="remedies")
    kind = models.ForeignKey(RemedyKind, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(db_index=True)
    # With a response, the day it was issued; on its own (Code 5.13), the day it was recorded. The figures count
    # remedies offered in a period by it, so one offered later never moves a period already reported. Always set
    # (a constraint says so); nullable only for the audit trail, whose rows from before it have none.
    offered_on = models.DateField(null=True)
    agreed_with_resident = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        triggers = [protect_deletes]
        verbose_name_plural = "remedies"
        constraints = [models.CheckConstraint(condition=models.Q(offered_on__isnull=False), name="remedy_offered_on")]


@audited
class OutstandingAction(TimeStamped):
    """Work still to do after a response (Code 6.6, 6.17), tracked to completion."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="outstanding_actions")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="outstanding_actions")
    description = models.TextField()
    due_on = models.DateField(db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        triggers = [protect_deletes]


@audited
class Refusal(TimeStamped):
    """A decision not to accept a complaint (Code 2.1) or not to escalate it (5.11), with its evidence."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="refusals")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="refusals")
    reason = models.ForeignKey(RefusalReason, on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(help_text="Why this reason applies to this complaint (Code 2.5).")
    evidence = models.TextField()
    discretion_note = models.TextField(blank=True)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        triggers = [protect_deletes]


@audited(exclude=[SEARCH_DOCUMENT])
class Correspondence(TimeStamped):
    """A letter, email, call or meeting with the resident or another party (Code 5.12)."""

    class Direction(models.TextChoices):
        INCOMING = "in", "Received"
        OUTGOING = "out", "Sent"

    class Party(models.TextChoices):
        RESIDENT = "resident", "Resident"
        REPRESENTATIVE = "representative", "Representative"
        CONTRACTOR = "contractor", "Contractor"
        OMBUDSMAN = "ombudsman", "Ombudsman"
        OTHER = "other", "Other party"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="correspondence")
    stage = models.PositiveSmallIntegerField()
    direction = models.CharField(max_length=3, choices=Direction)
    party = models.CharField(max_length=20, choices=Party)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    search_document = searchable_text("subject", "body")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_on", "id"]
        triggers = [protect_deletes]
        verbose_name_plural = "correspondence"
        indexes = [text_search_index(name="correspondence_search")]

    @property
    def keeps_resident_informed(self) -> bool:
        return self.direction == self.Direction.OUTGOING and self.party in {
            self.Party.RESIDENT,
            self.Party.REPRESENTATIVE,
        }


def document_path(document: Document, filename: str) -> str:
    # The stored name never carries the uploaded file name, which may hold personal data.
    return f"documents/{document.complaint_id}/{document.sha256[:16]}"


@audited
class Document(TimeStamped):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="documents")
    correspondence = models.ForeignKey(
        Correspondence, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        # A document is evidence (Code 5.12): once stored it is never changed, only added to.
        triggers = [protect_deletes, pgtrigger.Protect(name="documents_are_immutable", operation=pgtrigger.Update)]


class CaseEvent(models.Model):
    """One line of the case timeline: a state change, a moved due date, a note. Written by the services in the
    same transaction as the change it describes, so the timeline never disagrees with the case.

    Never holds special-category data: the timeline is shown to everyone who can see the case."""

    class Kind(models.TextChoices):
        LOGGED = "logged", "Complaint logged"
        DEFINED = "defined", "Complaint definition recorded"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        EXTENDED = "extended", "Extended"
        RESPONDED = "responded", "Response issued"
        ESCALATED = "escalated", "Escalated to stage 2"
        REVIEWER_ASSIGNED = "reviewer_assigned", "Stage 2 reviewer assigned"
        ASSIGNED = "assigned", "Assigned"
        CATEGORISED = "categorised", "Categories changed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        MOVED_TO_INVESTIGATION = "moved_to_investigation", "Moved to stage 2"
        TIME_LIMIT_WAIVED = "time_limit_waived", "Accepted after the time limit"
        ISSUE_ADDED = "issue_added", "Issue added"
        DUE_DATE_MOVED = "due_date_moved", "Due date moved"
        CORRESPONDENCE = "correspondence", "Correspondence"
        DOCUMENT = "document", "Document added"
        REMEDY = "remedy", "Remedy"
        OUTSTANDING_ACTION = "outstanding_action", "Outstanding action"
        OMBUDSMAN = "ombudsman", "Ombudsman referral"
        LETTER = "letter", "Letter issued"
        DELIVERY = "delivery", "Letter or email delivery"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="timeline")
    stage = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=Kind)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    description = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        triggers = [
            protect_deletes,
            pgtrigger.Protect(name="events_are_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.get_kind_display()}"
