"""Reads for the staff pages: the work queues and the case page, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from complaints.calendar import WorkingDayCalendar, calendars_for
from complaints.models import (
    CaseEvent,
    Category,
    Complaint,
    ContactRestriction,
    Correspondence,
    Disclosure,
    Document,
    Nation,
    OutstandingAction,
    ReasonableAdjustment,
    Remedy,
    Resident,
    Stage,
    Team,
)
from complaints.postcodes import postcode_normalise
from complaints.selectors import OPEN, complaints_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Queue:
    slug: str
    title: str
    description: str
    special_category: bool = False


COMPLAINT_QUEUES = [
    Queue("logged", "Complaints I logged", "Complaints you logged for residents (Code 3.2), newest first."),
    Queue("mine", "My cases", "Open complaints where you are the handler or the stage 2 reviewer."),
    Queue(
        "awaiting-acknowledgement", "Awaiting acknowledgement", "Received and not yet acknowledged (Code 6.2, 6.11)."
    ),
    Queue(
        "due-soon", "Due in the next 2 working days", "Open complaints whose next deadline is within 2 working days."
    ),
    Queue("overdue", "Overdue", "Open complaints whose acknowledgement or response is late."),
    Queue("awaiting-reviewer", "Stage 2 awaiting a reviewer", "Escalated complaints with no reviewer (Code 6.13)."),
    Queue(
        "unassigned",
        "Unassigned",
        "Open complaints with nobody handling the current stage, whether or not a team has them.",
    ),
    Queue("my-team", "My team", "Open complaints of the teams you belong to, whoever is handling them."),
    Queue("extended", "Extended", "Open complaints whose response time has been extended (Code 6.4, 6.15)."),
]
OTHER_QUEUES = [
    Queue("actions-due", "Actions and remedies due", "Outstanding actions and remedies not yet done (Code 6.6, 7.3)."),
    Queue(
        "reviews-due",
        "Adjustments and restrictions to review",
        "Reasonable adjustments and contact restrictions due for review (Code 5.10, 5.14).",
        special_category=True,
    ),
]
QUEUES = {queue.slug: queue for queue in [*COMPLAINT_QUEUES, *OTHER_QUEUES]}
# One queue per team, made from the teams an administrator keeps: /staff/queues/team-<code>/.
TEAM_QUEUE_PREFIX = "team-"


def _team_queue(team: Team) -> Queue:
    return Queue(f"{TEAM_QUEUE_PREFIX}{team.code}", f"Team: {team.name}", f"Open complaints of the team {team.name}.")


def team_queues() -> list[Queue]:
    return [_team_queue(team) for team in Team.objects.filter(active=True)]


def queue_for(slug: str) -> Queue | None:
    if slug.startswith(TEAM_QUEUE_PREFIX):
        team = Team.objects.filter(code=slug.removeprefix(TEAM_QUEUE_PREFIX)).first()
        return _team_queue(team) if team else None
    return QUEUES.get(slug)


SORTS = {
    "due": ("next_due", "Next due date"),
    "received": ("received_on", "Date received"),
    "reference": ("reference", "Reference"),
    "status": ("status", "Status"),
}


def calendars() -> dict[str, WorkingDayCalendar]:
    """One calendar per nation, built once for a page from one read of the closure days."""
    return calendars_for(Nation.values)


def queue_complaints(
    *, user: User, queue: str, today: datetime.date, cals: dict[str, WorkingDayCalendar]
) -> QuerySet[Complaint]:
    complaints = complaints_visible_to(user)
    if queue == "logged":
        return complaints.filter(logged_by=user)
    if queue == "mine":
        return complaints.filter(status__in=OPEN, current_stage__handler=user)
    if queue == "awaiting-acknowledgement":
        return complaints.filter(status=Complaint.Status.AWAITING_ACKNOWLEDGEMENT)
    if queue == "due-soon":
        # "Within 2 working days" depends on the nation's bank holidays: one cut-off per nation.
        within = Q()
        for nation, calendar in cals.items():
            within |= Q(nation=nation, next_due__lte=calendar.add_working_days(today, 2))
        return complaints.filter(within, status__in=OPEN, next_due__gte=today)
    if queue == "overdue":
        return complaints.filter(status__in=OPEN, next_due__lt=today)
    if queue == "awaiting-reviewer":
        return complaints.filter(status__in=OPEN, stage=2, current_stage__in=_unhandled_stages())
    if queue == "extended":
        return complaints.filter(status__in=OPEN, current_stage__extension_days__gt=0)
    if queue == "unassigned":
        return complaints.filter(status__in=OPEN, current_stage__in=_unhandled_stages())
    if queue == "my-team":
        return complaints.filter(status__in=OPEN, team__members=user)
    if queue.startswith(TEAM_QUEUE_PREFIX):
        return complaints.filter(status__in=OPEN, team__code=queue.removeprefix(TEAM_QUEUE_PREFIX))
    raise ValueError(queue)


def _unhandled_stages() -> QuerySet[Stage]:
    """Stages nobody handles, found by the handler's index: the few such stages lead to their complaints. (Through
    the complaint's join to its current stage, "no handler" also matched a missing stage, so PostgreSQL had to
    read every stage: 330 ms at 1,000,000 complaints.)"""
    return Stage.objects.filter(handler__isnull=True)


def filter_complaints(complaints: QuerySet[Complaint], data: dict[str, Any]) -> QuerySet[Complaint]:
    for name, lookup in [
        ("stage", "stage"),
        ("status", "status"),
        ("nation", "nation"),
        ("channel", "channel"),
        ("category", "categories"),
        ("handler", "current_stage__handler"),
    ]:
        if data.get(name):
            complaints = complaints.filter(**{lookup: data[name]})
    if data.get("received_from"):
        complaints = complaints.filter(received_on__gte=data["received_from"])
    if data.get("received_to"):
        complaints = complaints.filter(received_on__lte=data["received_to"])
    if data.get("vulnerable"):
        # Special-category: the filter is offered only to people who may see it (casework.forms).
        complaints = complaints.filter(
            Exists(Disclosure.objects.filter(resident=OuterRef("resident"), kind=Disclosure.Kind.VULNERABILITY))
        )
    return complaints.distinct() if data.get("category") else complaints


def sort_complaints(complaints: QuerySet[Complaint], sort: str) -> QuerySet[Complaint]:
    descending = sort.startswith("-")
    column = SORTS.get(sort.lstrip("-"), SORTS["due"])[0]
    order = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return complaints.order_by(order, "id")


def for_list(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return complaints.select_related("resident", "channel", "team", "current_stage__handler").prefetch_related(
        "categories"
    )


@dataclass(frozen=True)
class QueueRow:
    """What a queue shows of one complaint."""

    reference: str
    resident_id: int
    resident: str
    received_on: datetime.date
    next_due: datetime.date | None
    # Positive: working days left; 0: due today; negative: working days overdue. None when nothing is due.
    working_days: int | None
    stage: int
    status: str
    channel: str
    categories: list[str]
    team: str | None
    handler: str | None


def queue_page(
    complaints: QuerySet[Complaint],
    number: str | None,
    *,
    per_page: int,
    cals: dict[str, WorkingDayCalendar],
    today: datetime.date,
) -> Page[Any]:
    """One page of a sorted queue as QueueRows. The page's ids come first, from the queue's own conditions and
    index alone; then only those complaints are read, with their categories, in one statement of plain values.
    (In one statement PostgreSQL, estimating a dozen overdue complaints where there were a thousand, joined every
    one of them to its resident and stage before keeping 25: 8 to 17 ms at 1,000,000 complaints; and building
    model objects and prefetching categories for 25 rows took four times the processor time of the values.)"""
    page: Page[Any] = Paginator(complaints.values_list("id", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    categories = Category.objects.filter(complaints=OuterRef("pk")).order_by("order", "name").values("name")
    found = {
        row["id"]: row
        for row in Complaint.objects.filter(id__in=ids)
        .order_by()
        .values(
            "id",
            "reference",
            "resident_id",
            "resident__name",
            "received_on",
            "next_due",
            "nation",
            "stage",
            "status",
            "channel__name",
            "team__name",
            "current_stage__handler__first_name",
            "current_stage__handler__last_name",
            "current_stage__handler__username",
            category_names=ArraySubquery(categories),
        )
    }
    page.object_list = [_queue_row(found[pk], cals, today) for pk in ids]
    return page


def _queue_row(row: Mapping[str, Any], cals: dict[str, WorkingDayCalendar], today: datetime.date) -> QueueRow:
    handler = row["current_stage__handler__username"]
    if handler is not None:
        full_name = f"{row['current_stage__handler__first_name']} {row['current_stage__handler__last_name']}"
        handler = full_name.strip() or handler  # as User.get_full_name() or the username
    due = row["next_due"]
    return QueueRow(
        reference=row["reference"],
        resident_id=row["resident_id"],
        resident=row["resident__name"],
        received_on=row["received_on"],
        next_due=due,
        working_days=due_in_working_days(cals, row["nation"], today, due) if due else None,
        stage=row["stage"],
        status=Complaint.Status(row["status"]).label,
        channel=row["channel__name"],
        categories=row["category_names"],
        team=row["team__name"],
        handler=handler,
    )


def due_in_working_days(
    cals: dict[str, WorkingDayCalendar], nation: str, today: datetime.date, due: datetime.date
) -> int:
    """Positive: working days left; 0: due today; negative: working days overdue (complaints.calendar counts)."""
    return cals[nation].working_days_between(today, due)


def actions_due(*, user: User) -> list[Remedy | OutstandingAction]:
    visible = complaints_visible_to(user)
    remedies = Remedy.objects.filter(completed_on__isnull=True, complaint__in=visible).select_related(
        "complaint", "kind", "owner"
    )
    actions = OutstandingAction.objects.filter(completed_on__isnull=True, complaint__in=visible).select_related(
        "complaint", "owner"
    )
    return sorted(chain(remedies, actions), key=lambda item: (item.due_on, item.complaint.reference))


def reviews_due(*, today: datetime.date) -> list[ReasonableAdjustment | ContactRestriction]:
    adjustments = ReasonableAdjustment.objects.filter(ended_on__isnull=True).select_related("resident")
    restrictions = ContactRestriction.objects.filter(ended_on__isnull=True).select_related("resident")
    return sorted(chain(adjustments, restrictions), key=lambda item: (item.review_due, item.resident.name))


# --- the case page --------------------------------------------------------------------------------------


def case_for_page(*, reference: str) -> Complaint | None:
    stages = Stage.objects.select_related("regime_stage", "handler", "response__responded_by").prefetch_related(
        "definition__decision", "extensions__granted_by"
    )
    return (
        Complaint.objects.filter(reference=reference)
        .select_related(
            "channel",
            "team",
            "current_stage",
            "regime",
            "home",
            "representative",
            "resident__home",
            "logged_by",
            "service_request",
        )
        .prefetch_related(
            "categories",
            Prefetch("stages", queryset=stages),
            Prefetch("remedies", queryset=Remedy.objects.select_related("kind", "owner", "stage")),
            Prefetch("outstanding_actions", queryset=OutstandingAction.objects.select_related("owner", "stage")),
            Prefetch("refusals"),
            Prefetch("related"),
            Prefetch("ombudsman_referrals"),
        )
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    text: str
    actor: str
    link: str = ""
    is_letter: bool = False


def case_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """Everything on the case in one list, oldest first: the services' events, and the correspondence and
    documents they describe (with the letter text and file links the events leave out)."""
    entries: list[TimelineEntry] = []
    for event in CaseEvent.objects.filter(complaint=complaint).select_related("actor"):
        if event.kind in {CaseEvent.Kind.CORRESPONDENCE, CaseEvent.Kind.DOCUMENT}:
            continue  # shown below from the rows themselves, with their content
        entries.append(
            TimelineEntry(event.at, event.kind, event.get_kind_display(), event.description, _name(event.actor))
        )
    letters = Correspondence.objects.filter(complaint=complaint).select_related(
        "channel", "recorded_by", "letter", "delivery"
    )
    for letter in letters:
        verb = "Received from" if letter.direction == Correspondence.Direction.INCOMING else "Sent to"
        issued = getattr(letter, "letter", None)
        delivery = getattr(letter, "delivery", None)
        # What the outbox is doing with it: never "sent" before the mail server took it or staff posted it.
        how = (
            f"{delivery.get_route_display().lower()} ({delivery.state.lower()})"
            if delivery
            else letter.channel.name.lower()
        )
        entries.append(
            TimelineEntry(
                letter.created_at,
                "correspondence",
                f"{'To' if delivery else verb} {letter.get_party_display().lower()} by {how}, "
                f"{letter.occurred_on:%-d %B %Y}: {letter.subject}",
                # An issued letter is its PDF (linked); its text is not repeated here.
                "" if issued else letter.body,
                _name(letter.recorded_by),
                link=str(issued.document_id) if issued else "",
                is_letter=letter.direction == Correspondence.Direction.OUTGOING,
            )
        )
    # Documents that are issued letters are shown above, with their correspondence.
    for document in Document.objects.filter(complaint=complaint, letter__isnull=True).select_related("uploaded_by"):
        entries.append(
            TimelineEntry(
                document.created_at,
                "document",
                f"Document: {document.title}",
                f"{document.content_type}, {document.size:,} bytes",
                _name(document.uploaded_by),
                link=str(document.pk),
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def residents_search(query: str) -> list:
    return list(
        Resident.objects.filter(
            Q(name__icontains=query)
            | Q(email__iexact=query)
            | Q(tenancy_reference__iexact=query)
            | Q(home__postcode=postcode_normalise(query))
        )
        # An anonymised resident is no longer anyone: nothing can be logged for them.
        .filter(anonymisation__isnull=True)
        .select_related("home")
        .order_by("name")[:25]
    )
