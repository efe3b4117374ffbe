"""The indexes the search box reads (complaints.search), defined once so the index and the query that must use it
are built from the same expression: PostgreSQL uses an expression index only for the very same expression."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db.models import Expression, F, Func, Index, TextField, Value

# Complaints are written in English: "leaking" finds "leak", "leaks" and "leaked".
TEXT_SEARCH_CONFIG = "english"


def text_vector(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=TEXT_SEARCH_CONFIG)


def text_search_index(*fields: str, name: str) -> GinIndex:
    """A full-text index over free text that belongs to a complaint (its summary, correspondence, notes)."""
    return GinIndex(text_vector(*fields), name=name)


def trigram_index(field: str, name: str) -> GinIndex:
    """A trigram index: names and addresses found with their words in any order and small typos forgiven."""
    return GinIndex(OpClass(F(field), name="gin_trgm_ops"), name=name)


def national_phone(field: str | Expression) -> Func:
    """A phone number as its national digits, however it was written: "+44 (0)7700 900123", "0044 7700 900123"
    and "07700900123" are all 07700900123."""
    digits = Func(
        F(field) if isinstance(field, str) else field,
        Value(r"\D"),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Func(digits, Value(r"^(00)?44(0)?"), Value("0"), function="regexp_replace", output_field=TextField())


def phone_index(field: str, name: str) -> Index:
    return Index(national_phone(field), name=name)
