"""Helpers every staff page uses to check permission, to call a service with a form's data, and to send a stored
file."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse

from core.errors import WorkflowError
from core.uploads import StoredFileAlteredError, download_as, stored_file_read

logger = logging.getLogger(__name__)


def require(user: Any, permission: str, obj: Any = None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def submit(form: forms.Form, call: Callable[[], Any], fields: dict[str, str] | None = None) -> Any:
    """Call a service with a valid form's data; put a WorkflowError beside the field it names. Returns the
    service's result, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        return call()
    except WorkflowError as error:
        name = (fields or {}).get(error.field or "", error.field)
        form.add_error(name if name in form.fields else None, error.message)
        return None


def stored_file_download(file: FieldFile, sha256: str, *, content_type: str, name: str, what: str) -> HttpResponse:
    """A stored file as a download, if it is still the one recorded (Code 5.12: the record is what was sent or
    received; a changed file is not passed off as it). `what` names it in the log, never personal data."""
    try:
        content = stored_file_read(file, sha256, what=what)
    except StoredFileAlteredError:
        logger.error("The stored file of %s no longer matches its recorded digest", what)
        return HttpResponse(
            "This file has been changed since it was stored, so it is not being sent. Ask an administrator to "
            "restore it from the backup.",
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    # Always a download, with a type we accept (nosniff is on every response): a browser never runs it.
    content_type, filename = download_as(content_type, name)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)
