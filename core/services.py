"""Plumbing every service shares: one transaction with the person acting recorded in the audit trail, the
permission check, today's date and how dates are written for people."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone


def service_action(function: Callable) -> Callable:
    """One transaction per action, with the person acting recorded against every audited write."""

    @functools.wraps(function)
    def wrapper(*args: Any, actor: Any, **kwargs: Any) -> Any:
        with transaction.atomic(), pghistory.context(user=actor.pk, action=function.__name__):
            return function(*args, actor=actor, **kwargs)

    return wrapper


def require_perm(actor: Any, permission: str, obj: Any, message: str) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(message)


def today() -> datetime.date:
    return timezone.localdate()


def format_date(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "none"


def next_reference(sequence: str, prefix: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        (number,) = cursor.fetchone()
    return f"{prefix}{number:06d}"
