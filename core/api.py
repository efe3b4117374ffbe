"""What every app's API shares: how a refusal by a service becomes an answer, codes as references, strict
yes/no filters, a stable ordering, pages of a large list counted only as far as they need, and rows shown without
DRF's general path for their plain fields."""

from __future__ import annotations

import copy
import functools
import inspect
import math
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query_utils import DeferredAttribute
from rest_framework import filters, pagination, serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
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


class CountedUpToPagination(pagination.PageNumberPagination):
    """Numbered pages (`?page=`) whose `count` is exact up to COUNT_UP_TO matches and null beyond. Counting a
    whole caseload (a million complaints) costs several times the page itself, while knowing whether there is a
    next page needs one row more than the page; a page with no next knows the count without counting."""

    COUNT_UP_TO = 10_000
    # "Last" needs the whole count.
    last_page_strings = ()
    number = 1
    has_next = False
    count: int | None = None
    url = ""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        self.request = request
        self.url = request.build_absolute_uri()
        size = self.get_page_size(request)
        assert size, "REST_FRAMEWORK's PAGE_SIZE is set (config.settings)"
        self.number = self._number(request)
        start = (self.number - 1) * size
        # The page's ids first, then its rows: PostgreSQL sorts the ids of every match (a thousand overdue
        # complaints) in a millisecond, where it joined each whole row first and sorted those (10 ms).
        ids = list(queryset.values_list("pk", flat=True)[start : start + size + 1])
        rows = list(queryset.filter(pk__in=ids)) if ids else []
        if not rows and self.number > 1:
            raise NotFound(f"There is no page {self.number}: the list ends before it.")
        self.has_next = len(rows) > size
        if not self.has_next:
            self.count = start + len(rows)
        elif start + size + 1 > self.COUNT_UP_TO:
            self.count = None
        else:
            # Unordered: counting never needs the sort, and a limit stops it at the first row past the bound. Only
            # the ids: what a row shows (complaints_with_stages' related rows) is no part of the count.
            counted = queryset.values("pk").order_by()[: self.COUNT_UP_TO + 1].count()
            self.count = counted if counted <= self.COUNT_UP_TO else None
        return rows[:size]

    def _number(self, request: Any) -> int:
        given = request.query_params.get(self.page_query_param) or "1"
        # isdecimal, not isdigit: "²" is a digit that int() refuses. Nine digits at most: a longer number is beyond
        # any list, and past 4,300 digits int() refuses it too.
        if not given.isdecimal() or len(given) > 9 or int(given) < 1:
            raise NotFound("Give the page as a whole number from 1 to 999,999,999.")
        return int(given)

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return replace_query_param(self.url, self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number == 1:
            return None
        if self.number == 2:
            return remove_query_param(self.url, self.page_query_param)
        return replace_query_param(self.url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": f"How many match, when at most {self.COUNT_UP_TO:,}; null when more (follow `next`).",
        }
        return answer


# For a serializer that shows many rows: each plain field (text, number, yes/no, date) whose source is a path of
# columns, rows in memory and methods is read by that path straight off the row and given to the field to put in
# JSON. DRF reads every field through a general getter (any path, testing each step for being callable, with the
# errors of each): for a page of 50 complaints with their stages that getter was a third of the page's Python.
# Every other field (nested, related, serializer methods), and a path that meets nothing on the way, goes DRF's
# way. A comment, not a docstring: the schema would show a docstring as the description of every serializer
# without one of its own.
class PlainFieldsRead:
    # What get_fields made for each serializer class, copied for each use as DRF copies the declared fields: a
    # ModelSerializer otherwise works its fields out of the model afresh for every request.
    _fields_made: dict[type, dict[str, Field]] = {}

    def get_fields(self) -> dict[str, Field]:
        made = self._fields_made.get(type(self))
        if made is None:
            made = self._fields_made[type(self)] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(made)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for name, field, path in self._plan(type(instance)):
            value = instance
            if path is not None:
                try:
                    for step, call in path:
                        if value is None:
                            break
                        value = getattr(value, step)() if call else getattr(value, step)
                    else:
                        answer[name] = None if value is None else field.to_representation(value)
                        continue
                except ObjectDoesNotExist:
                    pass
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            is_none = (attribute.pk if isinstance(attribute, PKOnlyObject) else attribute) is None
            answer[name] = None if is_none else field.to_representation(attribute)
        return answer

    def _plan(self, model: type) -> list[tuple[str, Field, Path | None]]:
        """Each readable field with its path, if it has one; made once per serializer (a list's rows share one)."""
        plan: list[tuple[str, Field, Path | None]] | None = self.__dict__.get("_plain_plan")
        if plan is None:
            plan = [
                (str(field.field_name), field, _plain_path(model, field.source, isinstance(field, PLAIN_FIELDS)))
                for field in self._readable_fields  # type: ignore[attr-defined]
            ]
            self.__dict__["_plain_plan"] = plan
        return plan


# Each step of a path: an attribute, and whether it is a method to call.
Path = tuple[tuple[str, bool], ...]
PLAIN_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.ChoiceField,
)


@functools.cache
def _plain_path(model: type, source: str, plain: bool) -> Path | None:
    """The steps from a row of the model to a plain field's value: columns, then a method without arguments at the
    end; each step but the last a foreign key to the next model. None when the source is anything else."""
    if not plain or source == "*":
        return None
    names = source.split(".")
    steps = []
    owner: type | None = model
    for position, name in enumerate(names):
        last = position == len(names) - 1
        attribute = getattr(owner, name, None)
        if last and isinstance(attribute, DeferredAttribute):
            steps.append((name, False))
        elif last and inspect.isfunction(attribute) and len(inspect.signature(attribute).parameters) == 1:
            steps.append((name, True))
        elif not last and isinstance(attribute, ForwardManyToOneDescriptor):
            steps.append((name, False))
            owner = attribute.field.related_model
        else:
            return None
    return tuple(steps)
