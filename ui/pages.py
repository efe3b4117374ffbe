"""Helpers every staff page uses to check permission and to call a service with a form's data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied

from core.errors import WorkflowError


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
