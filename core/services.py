"""Plumbing every service shares: one transaction with the person acting recorded in the audit trail, the
permission check, today's date and how dates are written for people."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def service_action[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """One transaction per action, with the person acting recorded against every audited write. The wrapper keeps
    the signature of what it wraps, so mypy checks every call of a service."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Every service takes the person acting as the keyword-only `actor`; a ParamSpec cannot name it.
        actor = cast("User", kwargs["actor"])
        with transaction.atomic(), pghistory.context(user=actor.pk, action=function.__name__):
            return function(*args, **kwargs)

    return wrapper


def require_perm(actor: User, permission: str, obj: Model | None, message: str) -> None:
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
