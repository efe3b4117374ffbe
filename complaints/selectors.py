"""Reads: which complaints a person may see, fetched with everything a list or case needs in a fixed number of
queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from complaints.models import (
    Category,
    Complaint,
    DefinitionPoint,
    Document,
    Extension,
    Letter,
    PointDecision,
    RegimeStage,
    Response,
    Stage,
)
from core.rows import from_json_row, json_row, json_rows
from core.uploads import stored_file_read

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OPEN = [Complaint.Status.AWAITING_ACKNOWLEDGEMENT, Complaint.Status.IN_PROGRESS]
# A complaint reference as people write it, in any case: "cmp-000123" in a reply is still CMP-000123.
_REFERENCE = re.compile(rf"\b{re.escape(Complaint.REFERENCE_PREFIX)}\d{{6,}}\b", re.IGNORECASE)


def complaints_referenced_in(text: str) -> list[Complaint]:
    """The complaints whose references the text quotes (an email's subject or body), by reference."""
    references = {reference.upper() for reference in _REFERENCE.findall(text)}
    return list(Complaint.objects.filter(reference__in=references).order_by("reference")) if references else []


def open_complaints_of_address(address: str) -> list[Complaint]:
    """Open complaints whose resident, or whose representative, has this email address."""
    if not address:
        return []
    return list(
        Complaint.objects.filter(status__in=OPEN)
        .filter(Q(resident__email__iexact=address) | Q(representative__email__iexact=address))
        .order_by("reference")
    )


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    visible = complaint_visibility(user)
    return Complaint.objects.none() if visible is None else Complaint.objects.filter(visible)


def complaint_visibility(user: User, path: str = "") -> Q | None:
    """The complaints a person may list, as a condition on the complaint reached through `path` from another row
    ("complaint", "stage__complaint"); None when they may list none."""
    if user.has_perm("complaints.view_all_complaints"):
        return Q()
    if user.has_perm("complaints.list_complaints"):
        # Staff who are not complaints handlers see the complaints they logged for residents (Code 3.2).
        return Q(**{f"{path}__logged_by" if path else "logged_by": user})
    return None


# The statements below hold only our own table and column names, written once when this module loads: nothing a
# person sends reaches them. Each is a subquery of the complaint's own statement, which names its table unaliased.


def _stages_sql() -> str:
    point = json_row(DefinitionPoint, "p", decision=_or_null("d", json_row(PointDecision, "d")))
    points = (
        f"SELECT coalesce(json_agg({point} ORDER BY p.position, p.id), '[]') FROM {DefinitionPoint._meta.db_table} p "  # noqa: S608
        f"LEFT JOIN {PointDecision._meta.db_table} d ON d.point_id = p.id "
        # The definition as it stands, as DefinitionPoint.objects (CurrentPoints) reads it: a revision supersedes
        # the earlier points and keeps them.
        "WHERE p.stage_id = s.id AND p.superseded_at IS NULL"
    )
    extensions = (
        f"SELECT coalesce(json_agg({json_row(Extension, 'e')} ORDER BY e.created_at, e.id), '[]') "  # noqa: S608
        f"FROM {Extension._meta.db_table} e WHERE e.stage_id = s.id"
    )
    stage = json_row(
        Stage,
        "s",
        regime_stage=json_row(RegimeStage, "rs"),
        response=_or_null("r", json_row(Response, "r")),
        point_list=f"({points})",
        extension_list=f"({extensions})",
    )
    return (
        f"SELECT coalesce(json_agg({stage} ORDER BY s.number), '[]') FROM {Stage._meta.db_table} s "  # noqa: S608
        f"JOIN {RegimeStage._meta.db_table} rs ON rs.id = s.regime_stage_id "
        f"LEFT JOIN {Response._meta.db_table} r ON r.stage_id = s.id "
        f'WHERE s.complaint_id = "{Complaint._meta.db_table}".id'
    )


def _categories_sql() -> str:
    categories = Complaint._meta.get_field("categories")
    through = categories.remote_field.through._meta.db_table  # type: ignore[union-attr]
    return (
        f"SELECT coalesce(json_agg({json_row(Category, 'c')} ORDER BY {_CATEGORY_ORDER}), '[]') "  # noqa: S608
        f"FROM {Category._meta.db_table} c JOIN {through} cc ON cc.category_id = c.id "
        f'WHERE cc.complaint_id = "{Complaint._meta.db_table}".id'
    )


# The categories' order (Category.Meta.ordering), with names compared character by character ("C"), as Python
# compares them in complaint_as_logged, rather than by the database's language rules: a new complaint's answer and
# every later read list its categories alike.
_CATEGORY_ORDER = 'c."order", c.name COLLATE "C", c.id'


def _or_null(alias: str, row: str) -> str:
    # A left join that found nothing gives null, not an object of nulls.
    return f"CASE WHEN {alias}.id IS NULL THEN NULL ELSE {row} END"


def complaints_with_stages(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Complaints with what the API shows of them: their stages (each with its regime stage, response, points of
    the definition and their decisions, and extensions) and categories, read as JSON in the complaint's own
    statement (core.rows), and made into lists by `complaint_related_from_rows`. As prefetches they were four
    statements more, each taking Django longer to compile than PostgreSQL to answer.

    The subqueries name the complaint's table as the statement's own, and give json, which PostgreSQL cannot
    compare: keep DISTINCT and GROUP BY off these querysets, and filter them rather than nest them."""
    return complaints.select_related("channel", "team", "resident", "regime").annotate(
        stage_rows=json_rows(_STAGES_SQL), category_rows=json_rows(_CATEGORIES_SQL)
    )


def complaint_related_from_rows(complaint: Complaint) -> None:
    """Makes the rows read by complaints_with_stages into `stage_list` and `category_list` (each stage with its
    `point_list` and `extension_list`), and points the current stage at its own among them."""
    if hasattr(complaint, "stage_list"):
        return
    complaint.stage_list = [_stage_from_row(row) for row in complaint.stage_rows]  # type: ignore[attr-defined]
    complaint.category_list = [from_json_row(Category, row) for row in complaint.category_rows]  # type: ignore[attr-defined]
    for stage in complaint.stage_list:  # type: ignore[attr-defined]
        if stage.pk == complaint.current_stage_id:
            complaint.current_stage = stage


def complaint_as_logged(complaint: Complaint, categories: Iterable[Category]) -> Complaint:
    """The complaint complaint_log has just written, with its `categories`, holding what complaints_with_stages
    reads, from the objects in memory rather than read back: a new complaint has one stage, with no response,
    points or extensions yet. (Test: the answer to a create is the complaint as read afterwards.)"""
    stage = complaint.current_stage
    assert stage is not None and stage.number == complaint.stage, "only as complaint_log leaves it"
    _related_known(Stage, "response", stage, None)
    stage.point_list, stage.extension_list = [], []  # type: ignore[attr-defined]
    complaint.stage_list = [stage]  # type: ignore[attr-defined]
    # As read: each once, in the categories' order.
    distinct = {category.pk: category for category in categories}.values()
    complaint.category_list = sorted(distinct, key=lambda category: (category.order, category.name, category.pk))  # type: ignore[attr-defined]
    return complaint


def _stage_from_row(row: dict[str, Any]) -> Stage:
    stage = from_json_row(Stage, row)
    stage.regime_stage = from_json_row(RegimeStage, row["regime_stage"])
    _related_known(Stage, "response", stage, row["response"] and from_json_row(Response, row["response"]))
    stage.point_list = [_point_from_row(point) for point in row["point_list"]]  # type: ignore[attr-defined]
    stage.extension_list = [from_json_row(Extension, extension) for extension in row["extension_list"]]  # type: ignore[attr-defined]
    return stage


def _point_from_row(row: dict[str, Any]) -> DefinitionPoint:
    point = from_json_row(DefinitionPoint, row)
    _related_known(
        DefinitionPoint, "decision", point, row["decision"] and from_json_row(PointDecision, row["decision"])
    )
    return point


def _related_known(model: type[Model], name: str, instance: Model, related: Model | None) -> None:
    # What select_related does for a reverse one-to-one: the row, or that there is none, so reading it never asks
    # the database.
    getattr(model, name).related.set_cached_value(instance, related)


_STAGES_SQL = _stages_sql()
_CATEGORIES_SQL = _categories_sql()


def complaint_documents(complaint: Complaint) -> QuerySet[Document]:
    """Documents on the case, oldest first: uploads and the letters issued (Code 5.12)."""
    return complaint.documents.select_related("uploaded_by", "letter").order_by("created_at", "id")


def complaint_letters(complaint: Complaint) -> QuerySet[Letter]:
    """The letters issued on the case, oldest first, with their PDFs: for the case page and the resident's
    "check my complaint" page."""
    return complaint.letters.select_related("document", "correspondence", "issued_by").order_by("issued_on", "id")


def document_read(document: Document) -> bytes:
    """The document's content, checked against the digest recorded when it was stored (Code 5.12: the record is
    what was sent or received, unchanged)."""
    return stored_file_read(document.file, document.sha256, what=f"document {document.pk}")


def complaint_changes(complaint: Complaint) -> list[dict[str, Any]]:
    """Every recorded write to the complaint and the rows that belong to it, oldest first, with who made it:
    the audit trail the database triggers keep (Code 5.12)."""
    from pghistory.models import Events

    User = get_user_model()
    stages = list(complaint.stages.all())
    # A row is found through each thing it references (a remedy names its complaint and its stage): once is enough.
    found = {}
    for owners in ([complaint], stages, list(Response.objects.filter(stage__in=stages))):
        if owners:
            for event in Events.objects.references(owners):
                found[(event.pgh_model, event.pgh_id)] = event
    events = sorted(found.values(), key=lambda event: (event.pgh_created_at, event.pgh_id))
    user_ids = {user_id for event in events if (user_id := (event.pgh_context or {}).get("user")) is not None}
    # Looked up with None too: an event written outside any service names no one.
    names: dict[int | None, str] = {
        user.pk: user.get_full_name() or user.get_username() for user in User.objects.filter(pk__in=user_ids)
    }
    return [
        {
            "at": event.pgh_created_at,
            "record": event.pgh_model.split(".")[-1].removesuffix("Event"),
            "change": event.pgh_label,
            "user": names.get((event.pgh_context or {}).get("user")),
            "fields": event.pgh_diff or {},
        }
        for event in events
    ]
