"""Rows read as JSON inside another statement, and made back into model instances.

A case's related rows (its stages, each stage's points and extensions) read by prefetching cost a statement each,
and Django spends longer compiling each statement than PostgreSQL spends answering it. Read as JSON in the case's
own statement, from SQL written once, they cost neither."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Field, GeneratedField, Model


def stored_fields(model: type[Model]) -> list[Field]:
    # A generated column (a search document) is derived, and nothing read this way shows it.
    return [field for field in model._meta.concrete_fields if not isinstance(field, GeneratedField)]


def json_row(model: type[Model], alias: str, **also: str) -> str:
    """SQL making the row of `model` read as `alias` into a JSON object of its stored fields, keyed by attribute
    name, with `also`'s keys holding what those SQL expressions give (related rows, themselves JSON)."""
    pairs = [f"'{field.attname}', {alias}.\"{field.column}\"" for field in stored_fields(model)]
    pairs += [f"'{key}', {sql}" for key, sql in also.items()]
    return f"jsonb_build_object({', '.join(pairs)})"


def from_json_row[M: Model](model: type[M], row: dict[str, Any]) -> M:
    """The instance a row made by `json_row` describes, as if read by a query of its own."""
    fields = stored_fields(model)
    return model.from_db(
        DEFAULT_DB_ALIAS, [field.attname for field in fields], [field.to_python(row[field.attname]) for field in fields]
    )
