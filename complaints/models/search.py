"""The indexes the search box reads (complaints.search), defined once so the index and the query that must use it
are built from the same expression: PostgreSQL uses an expression index only for the very same expression."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Expression, F, Func, GeneratedField, Index, TextField, Value

# Complaints are written in English: "leaking" finds "leak", "leaks" and "leaked".
TEXT_SEARCH_CONFIG = "english"


def text_vector(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=TEXT_SEARCH_CONFIG)


# Where a text source keeps its words (searchable_text), indexed by text_search_index.
SEARCH_DOCUMENT = "search_document"


def searchable_text(*fields: str) -> GeneratedField:
    """The fields' words, kept on the row by the database whenever the text changes: the search ranks thousands of
    matching rows, and parsing each one's text again for every search was most of its time. Add it to the model as
    `search_document`, leave it out of the history (`@audited(exclude=[SEARCH_DOCUMENT])`: the text is there)."""
    return GeneratedField(expression=text_vector(*fields), output_field=SearchVectorField(), db_persist=True)


def text_search_index(name: str) -> GinIndex:
    """The full-text index of free text that belongs to a complaint (its summary, correspondence, notes), on its
    `search_document`."""
    return GinIndex(fields=[SEARCH_DOCUMENT], name=name)


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
