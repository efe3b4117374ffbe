"""What every app's API shares: how a refusal by a service becomes an answer, codes as references, strict
yes/no filters, and a stable ordering."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rest_framework import filters, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import CaseChangedError, WorkflowError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Workflow refusals become 400 with the reason (beside the field at fault, when there is one); a case that
    changed under the caller becomes 409."""
    if isinstance(exc, CaseChangedError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, WorkflowError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body[exc.field] = [exc.message]
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Throttled):
        # DRF sets Retry-After; the body says it in words.
        response = drf_exception_handler(exc, context)
        # DRF answers every APIException, Throttled among them; only other exceptions get None.
        assert response is not None
        # The stubs leave out Throttled.wait, which DRF sets in Throttled.__init__.
        seconds = math.ceil(exc.wait or 1)  # type: ignore[attr-defined]
        response.data = {
            "detail": f"Too many requests. Try again in {seconds} second{'s' if seconds != 1 else ''}.",
            "retry_after": seconds,
        }
        return response
    return drf_exception_handler(exc, context)


# Strict: a boolean filter would ignore a value it cannot read (and list everything) rather than say so.
YES_OR_NO = [("true", "true"), ("false", "false")]


def is_yes(value: str) -> bool:
    return value == "true"


class CodeField(serializers.SlugRelatedField):
    """An object named by a code or reference (a channel, category, reason, theme, Code version or complaint).
    PostgreSQL cannot compare text holding a NUL character, so such a value is refused here with a 400 rather than
    failing in the query with a 500. Every writable slug field in the API is one of these."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError("A code or reference cannot contain a NUL character.")
        return super().to_internal_value(data)


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=` with the primary key as the last key, in the direction of the one before it: rows equal in the
    asked order (many complaints share a next deadline) come in the same order on every page, so paging neither
    repeats nor skips them, and an index on (column, id) serves the whole ORDER BY."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> Sequence[str] | None:
        ordering = super().get_ordering(request, queryset, view)
        if not ordering or any(field.lstrip("-") in {"id", "pk"} for field in ordering):
            return ordering
        return [*ordering, "-id" if ordering[-1].startswith("-") else "id"]
