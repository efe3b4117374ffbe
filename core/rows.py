"""Rows read as JSON inside another statement, and made back into model instances.

A case's related rows (its stages, each stage's points and extensions) read by prefetching cost a statement each,
and Django spends longer compiling each statement than PostgreSQL spends answering it. Read as JSON in the case's
own statement, from SQL written once, they cost neither."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Field, GeneratedField, Model
from django.db.models.expressions import RawSQL


def stored_fields(model: type[Model]) -> list[Field]:
    # A generated column (a search document) is derived, and nothing read this way shows it.
    return [field for field in model._meta.concrete_fields if not isinstance(field, GeneratedField)]


def json_rows(sql: str) -> RawSQL:
    """An annotation holding what the subquery `sql` gives: rows made by `json_row`, gathered by json_agg. Read as
    lists and dicts by psycopg itself: PostgreSQL's json type, not jsonb, which would come as text for Django to
    parse, and which PostgreSQL takes longer to build."""
    return RawSQL(sql, (), output_field=Field())  # noqa: S611 - no parameters


def json_row(model: type[Model], alias: str, **also: str) -> str:
    """SQL making the row of `model` read as `alias` into a json object of its stored fields, keyed by attribute
    name, with `also`'s keys holding what those SQL expressions give (related rows, themselves JSON)."""
    pairs = [f"'{field.attname}', {alias}.\"{field.column}\"" for field in stored_fields(model)]
    pairs += [f"'{key}', {sql}" for key, sql in also.items()]
    # PostgreSQL's functions take 100 arguments at most: a key and a value each.
    assert len(pairs) <= 50, f"{model.__name__} has too many fields for one json_build_object"
    return f"json_build_object({', '.join(pairs)})"


def from_json_row[M: Model](model: type[M], row: dict[str, Any]) -> M:
    """The instance a row made by `json_row` describes, as if read by a query of its own."""
    names, readers = _readers(model)
    values = [
        value if read is None or value is None else read(value)
        for value, read in zip(map(row.__getitem__, names), readers, strict=True)
    ]
    return model.from_db(DEFAULT_DB_ALIAS, names, values)


@functools.cache
def _readers(model: type[Model]) -> tuple[list[str], list[Callable[[Any], Any] | None]]:
    """Each stored field's name, and what makes its json value the field's value: nothing for a number, text or
    true/false, which json holds as they are; ISO dates and times, as PostgreSQL writes them, read directly (a
    page of complaints has hundreds); any other type as the field reads it."""
    names: list[str] = []
    readers: list[Callable[[Any], Any] | None] = []
    for field in stored_fields(model):
        names.append(field.attname)
        kind = field.get_internal_type()
        if kind in _AS_THEY_ARE or field.is_relation:
            readers.append(None)
        elif kind == "DateTimeField":
            readers.append(datetime.datetime.fromisoformat)
        elif kind == "DateField":
            readers.append(datetime.date.fromisoformat)
        else:
            readers.append(field.to_python)
    return names, readers


_AS_THEY_ARE = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
