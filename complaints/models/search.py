"""The indexes the search box reads (complaints.search), defined once so the index and the query that must use it
are built from the same expression: PostgreSQL uses an expression index only for the very same expression."""

from __future__ import annotations

import pgtrigger
from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models, transaction
from django.db.models import Expression, F, Func, GeneratedField, Index, TextField, Value
from django.db.models.functions import MD5

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


class SearchName(models.Model):
    """Each distinct name of a resident or representative and each distinct home address, once, with how many
    people or homes have it: the search box asks how alike the text is to each name here, not to each person (a
    common name is shared by a hundred residents, and computing its likeness once per resident was most of a
    name search's time), then reaches the people with the most alike names through `name_lookup_index`.

    Kept by the database (`search_name_kept` on each table), so every writer keeps it right; a name leaves it when
    nobody has it any longer (renamed or anonymised). Rows loaded with the triggers off are counted again by
    `search_names_rebuild()`."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", "Resident's name"
        REPRESENTATIVE = "representative", "Representative's name"
        HOME = "home", "Address"

    kind = models.CharField(max_length=20, choices=Kind)
    text = models.TextField()
    # How many people (or homes) have this name: the search reads as few names as hold the people it needs.
    uses = models.PositiveIntegerField()

    class Meta:
        # On the text's digest: a btree takes no more than about 2,700 bytes, and an address may be longer.
        constraints = [models.UniqueConstraint(F("kind"), MD5("text"), name="search_name_unique")]
        indexes = [GinIndex(OpClass(F("text"), name="gin_trgm_ops"), name="search_name_trigram")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.uses}"


# (kind, table, column) of every name and address kept in SearchName.
_SEARCH_NAMES = [
    (SearchName.Kind.RESIDENT, "complaints_resident", "name"),
    (SearchName.Kind.REPRESENTATIVE, "complaints_representative", "name"),
    (SearchName.Kind.HOME, "complaints_home", "address"),
]


def search_name_kept(kind: str, column: str) -> pgtrigger.Trigger:
    """The trigger that counts a table's names in SearchName. The counts are changed by UPDATE and INSERT ... ON
    CONFLICT, which lock the name's row, so two people given the same name at once both count."""
    # The SQL is assembled from the fixed kinds and columns above, never from anything typed.
    return pgtrigger.Trigger(
        name=f"{kind}_search_name",
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf(column) | pgtrigger.Delete,
        func=f"""
            IF TG_OP = 'UPDATE' AND OLD.{column} IS NOT DISTINCT FROM NEW.{column} THEN
                RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE complaints_searchname SET uses = uses - 1
                WHERE kind = '{kind}' AND md5(text) = md5(OLD.{column}) AND text = OLD.{column};
                DELETE FROM complaints_searchname
                WHERE kind = '{kind}' AND md5(text) = md5(OLD.{column}) AND text = OLD.{column} AND uses = 0;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO complaints_searchname (kind, text, uses) VALUES ('{kind}', NEW.{column}, 1)
                ON CONFLICT (kind, md5(text)) DO UPDATE SET uses = complaints_searchname.uses + 1;
            END IF;
            RETURN NULL;
        """,  # noqa: S608
    )


def name_lookup_index(field: str, name: str) -> HashIndex:
    """The people (or homes) with a name from SearchName: equality only, and a hash index takes an address of
    any length."""
    return HashIndex(fields=[field], name=name)


def search_names_rebuild() -> None:
    """SearchName counted again from every table: after rows were loaded with the triggers off."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM complaints_searchname")
        for kind, table, column in _SEARCH_NAMES:
            counted = f"SELECT %s, {column}, count(*) FROM {table} GROUP BY {column}"  # noqa: S608
            cursor.execute(f"INSERT INTO complaints_searchname (kind, text, uses) {counted}", [kind])
