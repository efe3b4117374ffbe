"""Subject access (UK GDPR Article 15): everything held about a resident, as one zip of a tagged PDF to read, the
same as JSON for a machine, and the documents and letters themselves.

What is exported is what every app declares it holds (privacy.registry), the same declarations anonymisation
(privacy.anonymise) removes by: what one lists, the other removes."""

from __future__ import annotations

import datetime
import io
import json
import mimetypes
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from complaints.data_protection import special_category_views_record
from complaints.models import Document, Resident
from complaints.selectors import document_read
from complaints.services.base import check_date
from core.errors import WorkflowError
from core.pdf import render_pdf
from core.services import require_perm
from core.uploads import StoredFileAlteredError
from privacy.models import DataRequest
from privacy.registry import Export, PersonalData, children, declaration_of
from privacy.selectors import resident_is_anonymised


def _person(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def _value(row: Any, source: str | Callable[[Any, Export], Any], export: Export) -> Any:
    if callable(source):
        return source(row, export)
    *path, name = source.split(".")
    for step in path:
        row = getattr(row, step)
    value = getattr(row, name)
    display = getattr(row, f"get_{name}_display", None)
    if display and value:
        return display()
    if isinstance(value, AbstractBaseUser):
        return _person(value)
    if isinstance(value, models.Manager):
        return [str(related) for related in value.all()]
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(declaration: PersonalData, row: Any, export: Export) -> dict[str, Any]:
    shown = (show if isinstance(show, tuple) else (show, show) for show in declaration.shows)
    return {name: _value(row, source, export) for name, source in shown}


def _record(declaration: PersonalData, row: Any, export: Export) -> dict[str, Any]:
    """A row's own fields, then the records that belong to it (a complaint's stages, a stage's response...)."""
    return {
        **_fields(declaration, row, export),
        **{child.export: _records(child, row, export) for child in children(declaration.model)},
    }


def _records(declaration: PersonalData, owner: Any, export: Export) -> list[dict[str, Any]] | dict[str, Any] | None:
    """The rows of one declaration that belong to `owner` (a resident, a complaint, a stage...), in the shape the
    export gives them."""
    if declaration.of_residents:
        rows = declaration.of_residents([owner.pk])
    else:
        # The base manager: everything held, superseded definition points too.
        rows = declaration.model._base_manager.filter(**{declaration.via: owner})
    if declaration.order_by:
        rows = rows.order_by(*declaration.order_by)
    records = [_record(declaration, row, export) for row in rows]
    if declaration.one:
        return records[0] if records else None
    return records


def _file_name(document: Document, reference: str) -> str:
    extension = mimetypes.guess_extension(document.content_type) or ""
    return f"documents/{reference}/{document.pk}-{slugify(document.title)[:60] or 'document'}{extension}"


def resident_personal_data(resident: Resident) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Everything held about the resident, as every app declares it (privacy.registry), and the stored files by
    the name they have in the export."""
    files: dict[str, bytes] = {}
    names: dict[int, str] = {}
    for complaint in resident.complaints.prefetch_related("documents").order_by("received_on", "id"):
        for document in complaint.documents.all():
            try:
                content = document_read(document)
            except StoredFileAlteredError:
                continue
            names[document.pk] = _file_name(document, complaint.reference)
            files[names[document.pk]] = content
    export = Export(files=names)
    declaration = declaration_of(Resident)
    data = {
        declaration.export: _fields(declaration, resident, export),
        **{child.export: _records(child, resident, export) for child in children(Resident)},
    }
    return data, files


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Block:
    """One heading of the PDF with its label and value rows: the JSON's tree, laid out for reading."""

    title: str
    level: int
    rows: list[tuple[str, Any]]
    empty: bool = False


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _readable(value: Any) -> Any:
    if value is None or value == "":
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "None"
    return value


def blocks(title: str, value: Any, level: int = 2) -> list[Block]:
    level = min(level, 6)
    if isinstance(value, dict):
        scalars = [(_label(k), _readable(v)) for k, v in value.items() if not _nested(v)]
        out = [Block(title, level, scalars)]
        for key, nested in value.items():
            if _nested(nested):
                out += blocks(_label(key), nested, level + 1)
        return out
    if isinstance(value, list):
        if not value:
            return [Block(title, level, [], empty=True)]
        out = [Block(title, level, [])]
        for number, item in enumerate(value, start=1):
            out += blocks(f"{title} {number}", item, level + 1)
        return out
    return [Block(title, level, [("Value", _readable(value))])]


def _nested(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def subject_access_export(
    *, actor: Any, resident: Resident, received_on: datetime.date, reason: str
) -> tuple[DataRequest, bytes]:
    """The zip for the resident, with the request recorded (who, when, why) and the showing of their
    special-category data logged like any other."""
    require_perm(actor, "privacy.handle_data_requests", None, "Your role cannot export residents' personal data.")
    check_date(received_on, "received_on", "date the request was received")
    if not reason.strip():
        raise WorkflowError("Record the request: who asked, and how.", field="reason")
    if resident_is_anonymised(resident):
        raise WorkflowError("This resident's personal data has been anonymised: nothing identifiable is held.")
    data, files = resident_personal_data(resident)
    now = timezone.now()
    with transaction.atomic():
        request = DataRequest.objects.create(
            resident=resident,
            kind=DataRequest.Kind.SUBJECT_ACCESS,
            received_on=received_on,
            reason=reason.strip(),
            outcome=DataRequest.Outcome.DONE,
            outcome_note=f"Exported {len(data['complaints'])} complaint(s) and {len(files)} file(s).",
            handled_by=actor,
            handled_at=now,
        )
        special_category_views_record(viewer=actor, residents=[resident], shown_on="Subject access export")
    about = {"landlord": settings.LANDLORD_NAME, "exported_at": now, "exported_by": _person(actor)}
    pdf = render_pdf(
        "pdf/subject_access.html",
        {
            "about": about,
            "name": resident.name,
            "blocks": [b for key, value in data.items() for b in blocks(_label(key), value)],
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", json.dumps(_plain({**about, **data}), indent=2, ensure_ascii=False))
        archive.writestr("personal-data.pdf", pdf)
        for name, content in files.items():
            archive.writestr(name, content)
    return request, buffer.getvalue()
