"""The search box (issue 15 §1): one text finds complaints by their reference, the names, address, postcode, email
and phone of the resident and representative, and the words of what was written on the case, best match first.

Each kind of match reads its own index (complaints.models.search), so at a million complaints none reads the whole
table: the reference's unique index, a trigram index on each distinct name and address (SearchName: words in any
order, small typos forgiven, the likeness computed once a name however many people share it), the postcode, email
and phone indexes, and one full-text index per text source (all sources read in one statement). Names and words
take the same number of queries whatever the number of sources; a reference, postcode, email or phone one more
each. Each returns at most CANDIDATES complaints, best first; the complaints are then ranked: the reference, then
a postcode, email or phone, then names and addresses by likeness, then words by their full-text rank.

Special-category data (disabilities, vulnerabilities, reasonable adjustments, contact restrictions, why a late
complaint was accepted) is no text source and has no index, so nobody can find a case by it. The text searched for
is never logged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField, TrigramWordSimilarity
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import BigIntegerField, F, Func, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Upper

from complaints.models import Complaint, Correspondence, DefinitionPoint, Response, SearchName
from complaints.models.search import SEARCH_DOCUMENT, TEXT_SEARCH_CONFIG, national_phone, text_vector
from complaints.postcodes import postcode_district, postcode_normalise
from complaints.selectors import complaint_visibility, complaints_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Fewer characters than this match too much to be useful (and trigrams need three).
MIN_LENGTH = 3
MAX_LENGTH = 200
# The most complaints each kind of match contributes: enough for a results page, bounded at any size of caseload.
CANDIDATES = 200
# How alike a name or address must be, word by word (pg_trgm's word_similarity). 0.5 lets "Okafro" find "Okafor"
# (pg_trgm's default, 0.6, does not).
WORD_LIKENESS = 0.5
# Equally alike names shared by more people or homes than this are read newest first (_complaints_named).
MANY_ALIKE = 2_000
# The kinds of name and address (complaints.models.search.SearchName) and where a complaint has them.
NAMES_AND_ADDRESSES: dict[str, tuple[str, str]] = {
    SearchName.Kind.RESIDENT: ("resident__name", "Resident's name"),
    SearchName.Kind.REPRESENTATIVE: ("representative__name", "Representative's name"),
    SearchName.Kind.HOME: ("home__address", "Address"),
}
# When CANDIDATES of the newest NEWEST_ROWS rows of one text source match (2 %: "storm" is in 50,000 letters at a
# million complaints), those newest matches are kept and ranked, not the best of all: reading every match to rank
# it was most of a search's time (a deliberate change; the newest cases are the ones a search is usually for).
# Rarer words have all their matches ranked, best first.
NEWEST_ROWS = 10_000


@dataclass(frozen=True)
class TextSource:
    """Free text written on a complaint and searched by its words: the model keeps them in a `search_document`
    (`complaints.models.search.searchable_text` over the fields) with a `text_search_index` of its own.

    Another app adds its text (internal notes) with `register_text_source` from its AppConfig.ready()."""

    # Why it matched, in words: "Words in the correspondence".
    label: str
    model: type[models.Model]
    # From a row to its complaint: "" for the complaint itself, "complaint", "stage__complaint".
    complaint: str
    fields: tuple[str, ...]
    # The fields' words kept on the row (complaints.models.search.searchable_text), where the model has them: read
    # instead of parsing every matching row's text again.
    document: str = ""
    # Only people with this permission find a complaint by this text ("notes.view_notes"): text someone may not
    # read must not find a case for them either.
    permission: str = ""


TEXT_SOURCES: list[TextSource] = [
    TextSource("Words in the summary", Complaint, "", ("summary",), SEARCH_DOCUMENT),
    TextSource(
        "Words in the complaint definition",
        DefinitionPoint,
        "stage__complaint",
        ("point", "outcome_sought"),
        SEARCH_DOCUMENT,
    ),
    TextSource("Words in the correspondence", Correspondence, "complaint", ("subject", "body"), SEARCH_DOCUMENT),
    TextSource("Words in a response", Response, "stage__complaint", ("reasons",), SEARCH_DOCUMENT),
]


def register_text_source(source: TextSource) -> None:
    if source not in TEXT_SOURCES:
        TEXT_SOURCES.append(source)


class SearchTextError(ValueError):
    """The text cannot be searched for: the message says why, for the person who typed it."""


@dataclass
class SearchResults:
    # Best match first; ready to filter, count and page further.
    complaints: QuerySet[Complaint]
    # Why each complaint matched, in words, best reason first.
    matched: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class _Match:
    score: float
    reasons: list[str]


def search_text_check(text: str) -> str:
    """The text as it is searched for, or SearchTextError saying what is wrong with it."""
    text = " ".join(text.split())
    # A reference may be a short number ("123" for CMP-000123).
    if len(text) < MIN_LENGTH and not text.isdigit():
        raise SearchTextError(f"Enter at least {MIN_LENGTH} characters to search for")
    if len(text) > MAX_LENGTH:
        raise SearchTextError(f"Enter {MAX_LENGTH} characters or fewer to search for")
    return text


def complaint_search(*, actor: User, text: str, within: QuerySet[Complaint] | None = None) -> SearchResults:
    """The complaints the text finds among those the person may see (or `within`, already limited to them: a
    queue), best match first. A reference is found whatever its case and with or without its prefix."""
    text = search_text_check(text)
    if complaint_visibility(actor) is None:
        raise PermissionDenied("Your role cannot see complaints.")
    found: dict[int, _Match] = {}

    def add(rows: Iterable[tuple[int, float | None]], reason: str, score: float | None = None) -> None:
        for complaint_id, likeness in rows:
            total = (score or 0) + (likeness or 0)
            match = found.setdefault(complaint_id, _Match(total, []))
            match.score = max(match.score, total)
            if reason not in match.reasons:
                match.reasons.append(reason)

    def complaints(condition: Q) -> QuerySet:
        return complaints_visible_to(actor).filter(condition).values_list("id", Value(0.0))[:CANDIDATES]

    if reference := _reference(text):
        add(complaints(Q(reference=reference)), "Reference", 10)
    if postcode := _postcode(text):
        add(complaints(postcode), "Postcode", 6)
    phone = _phone(text)
    for person in ["resident", "representative"]:
        # One query each: an OR across the two tables could use neither's index.
        contact = complaints_visible_to(actor)
        if "@" in text:
            contact = contact.alias(email=Upper(f"{person}__email")).filter(email=text.upper())
            add(contact.values_list("id", Value(0.0))[:CANDIDATES], f"{person.capitalize()}'s email address", 6)
        elif phone:
            contact = contact.alias(phone=national_phone(f"{person}__phone")).filter(phone=phone)
            add(contact.values_list("id", Value(0.0))[:CANDIDATES], f"{person.capitalize()}'s phone number", 6)
    if len(text) < MIN_LENGTH:
        return _ranked(found, actor, within)
    words = SearchQuery(text, search_type="websearch", config=TEXT_SEARCH_CONFIG)
    sources = [source for source in TEXT_SOURCES if not source.permission or actor.has_perm(source.permission)]
    # Three transactions in all: the alike names with every text source's newest key; then every kind of name's
    # best complaints with every text source's matches; then the results page.
    keys = _newest_keys(sources)
    alike: dict[str, list[tuple[str, float, int]]] = {}
    # A whole postcode is nobody's name or address (the postcode is kept apart): their likeness is not asked.
    if _whole_postcode(text):
        newest = _together([keys])[0]
    else:
        alike, newest = _alike_names(text, keys)
    kinds = sorted(alike, key=lambda kind: -alike[kind][0][1])
    chosen = {kind: _most_alike(alike[kind]) for kind in kinds}
    named = [_named(actor, kind, text, chosen[kind]) for kind in kinds]
    text_statement = _text_statement(sources, words, actor, newest[0] if newest else ())
    *named_rows, text_rows = _together([*named, text_statement])
    # The kinds whose best name is most alike first: once one kind fills CANDIDATES, anything less alike than all
    # of those would rank below them, and is left out.
    filled_at = 0.0
    for kind, rows in zip(kinds, named_rows, strict=True):
        if alike[kind][0][1] < filled_at:
            continue
        best = _best_named(rows)
        if len(best) < CANDIDATES and len(chosen[kind]) < len(alike[kind]):
            # Some of those people have no complaint this person may see: every alike name, then.
            best = _best_named(list(_named(actor, kind, text, alike[kind])))
        if len(best) == CANDIDATES:
            filled_at = max(filled_at, best[-1][1])
        add(best, NAMES_AND_ADDRESSES[kind][1], 4)
    for n, complaint_id, rank in text_rows:
        add([(complaint_id, rank)], sources[n].label, 1)

    return _ranked(found, actor, within)


def _together(statements: list[QuerySet | tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each statement, run in one transaction. One execute each: sent together in one, pghistory's
    context (entered for every request by its middleware) would keep only the last statement's rows."""
    results = []
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            sql, params = statement.query.sql_with_params() if isinstance(statement, QuerySet) else statement
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def _alike_names(text: str, also: QuerySet) -> tuple[dict[str, list[tuple[str, float, int]]], list[tuple]]:
    """The names and addresses alike to the text, word by word, each with its likeness and how many people or homes
    have it, most alike first, by kind (SearchName.Kind): one likeness a distinct name, however many share it. And
    the rows of `also`, in the same transaction."""
    alike: dict[str, list[tuple[str, float, int]]] = {}
    names = (
        SearchName.objects.filter(text__trigram_word_similar=text)
        .annotate(likeness=TrigramWordSimilarity(text, "text"))
        .order_by("-likeness", "text")
        .values_list("kind", "text", "likeness", "uses")
    )
    # In one transaction: for it only, how alike a word must be for the trigram index to offer it,
    # and no reading of every name instead (the planner takes a likeness to cost no more than a comparison, so for
    # a few thousand names it read them all, 27 ms for 5,702 names at load 6, rather than the index, 1 ms); then the
    # reading of whole tables allowed again, for the rest of a transaction this runs within.
    settings = (
        "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), set_config('enable_seqscan', 'off', true)"
    )
    allowed_again = "SELECT set_config('enable_seqscan', 'on', true)"
    _, rows, _, also_rows = _together([(settings, [str(WORD_LIKENESS)]), names, (allowed_again, []), also])
    for kind, name, likeness, uses in rows:
        alike.setdefault(kind, []).append((name, likeness, uses))
    return alike, also_rows


def _most_alike(alike: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """As few of the most alike names as hold CANDIDATES people or homes, with every name as alike as the last."""
    chosen: list[tuple[str, float, int]] = []
    people = 0
    for name, likeness, uses in alike:
        if people >= CANDIDATES and likeness < chosen[-1][1]:
            break
        chosen.append((name, likeness, uses))
        people += uses
    return chosen


def _named(actor: User, kind: str, text: str, chosen: list[tuple[str, float, int]]) -> QuerySet:
    """The best CANDIDATES complaints the person may see by the chosen names of this kind, as (complaint,
    likeness, person): the most alike first, equally alike to the newest person or home, then their newest
    complaint (once sorted by _best_named)."""
    # The people with these names are read through their names' index and sorted, unless the least alike names
    # are shared by more than MANY_ALIKE (every home on a street is alike to "Cooper" alone): those need no likeness
    # to sort them, so they are read newest first through the primary key, in the same query, and the reading
    # stops at CANDIDATES. (Sorted, a thousand people take a few milliseconds; read newest first, a thousand among
    # 500,000 meant walking 290,000 to find 200.)
    lookup = NAMES_AND_ADDRESSES[kind][0]
    person = f"{lookup.split('__')[0]}_id"
    last = chosen[-1][1]
    as_alike = [name for name, likeness, _ in chosen if likeness == last]
    many = sum(uses for _, likeness, uses in chosen if likeness == last) > MANY_ALIKE
    sorted_names = [name for name, likeness, _ in chosen if likeness > last or not many]
    likeness = TrigramWordSimilarity(text, lookup)
    people = complaints_visible_to(actor).annotate(likeness=likeness).values_list("id", "likeness", person)
    best = people.filter(**{f"{lookup}__in": sorted_names}).order_by("-likeness", f"-{person}", "-id")[:CANDIDATES]
    if many:
        newest = people.filter(**{f"{lookup}__in": as_alike}).order_by(f"-{person}", "-id")[:CANDIDATES]
        best = best.union(newest, all=True).order_by() if sorted_names else newest
    return best


def _best_named(rows: list[tuple]) -> list[tuple[int, float]]:
    found = sorted(rows, key=lambda row: (-row[1], -row[2], -row[0]))[:CANDIDATES]
    return [(complaint_id, likeness) for complaint_id, likeness, _ in found]


def _ranked(found: dict[int, _Match], actor: User, within: QuerySet[Complaint] | None) -> SearchResults:
    ranked = sorted(found, key=lambda complaint_id: (-found[complaint_id].score, -complaint_id))
    best_first = Func(
        Value(ranked, output_field=ArrayField(BigIntegerField())),
        "id",
        function="array_position",
        output_field=IntegerField(),
    )
    within = complaints_visible_to(actor) if within is None else within
    results = within.filter(id__in=ranked).annotate(search_position=best_first).order_by("search_position")
    return SearchResults(results, {complaint_id: match.reasons for complaint_id, match in found.items()})


def _newest_keys(sources: list[TextSource]) -> QuerySet:
    """Each source's newest key, in one row (none when there is no complaint yet)."""
    # The newest key is asked first, so that the planner sees a number (not a subquery) and knows how few rows are
    # the newest: as a subquery it guessed a third of the table and read all of it.
    keys = {
        f"newest_{n}": Subquery(source.model._default_manager.order_by("-pk").values("pk")[:1])
        for n, source in enumerate(sources)
    }
    return Complaint.objects.order_by().annotate(**keys).values_list(*keys)[:1]


def _text_statement(sources: list[TextSource], words: SearchQuery, actor: User, newest: tuple) -> tuple[str, list]:
    """One statement for every source's matches, as (source's number, complaint, rank)."""
    statements, params = [], []
    for n, source in enumerate(sources):
        recent, best = _text_queries(source, words, actor, (newest[n] if newest else 0) or 0)
        recent_sql, recent_params = recent.query.sql_with_params()
        best_sql, best_params = best.query.sql_with_params()
        # The best of every match is read only when fewer than CANDIDATES of the newest rows match: the condition
        # is asked once, before, and a false one skips the reading. (Made of the ORM's SQL and numbers; every
        # value is a parameter.)
        enough = f"(SELECT count(*) FROM recent) < {CANDIDATES}"  # noqa: S608
        statement = f"WITH recent AS MATERIALIZED ({recent_sql}) SELECT {n}, * FROM recent"  # noqa: S608
        statements.append(f"({statement} UNION ALL SELECT {n}, * FROM ({best_sql}) best WHERE {enough})")  # noqa: S608
        params += [*recent_params, *best_params]
    # No source: a statement that finds nothing.
    return (" UNION ALL ".join(statements) if statements else "SELECT 0, 0, 0.0 WHERE false"), params


def _text_queries(source: TextSource, words: SearchQuery, actor: User, newest: int) -> tuple[QuerySet, QuerySet]:
    """A source's matches among its newest NEWEST_ROWS rows (the newest CANDIDATES), and its best CANDIDATES of
    all, each as (complaint, rank)."""
    vector = F(source.document) if source.document else text_vector(*source.fields)
    complaint_id = f"{source.complaint}_id" if source.complaint else "id"
    visible = complaint_visibility(actor, source.complaint)
    # Normalisation 32 keeps each rank below 1, so words never outrank a name.
    rank = SearchRank(vector, words, normalization=Value(32))
    rows = source.model._default_manager
    matching = rows.alias(document=vector).filter(visible or Q(), document=words)

    # The newest rows first, read in order through the primary key and their words checked on the row: a common
    # word fills CANDIDATES in a few thousand rows. The words are read through Coalesce so that the full-text index
    # cannot serve this query: for two common words together ("bedroom ceiling") the planner expects few matches
    # and would otherwise read every one of their 50,000 rows to keep the newest.
    on_the_row = Coalesce(vector, Value("", output_field=SearchVectorField()))
    walk = (
        rows.filter(visible or Q(), pk__gt=newest - NEWEST_ROWS)
        .alias(words_on_the_row=on_the_row)
        .filter(words_on_the_row=words)
        .order_by("-pk")
    )
    recent = rows.filter(pk__in=walk.values("pk")[:CANDIDATES]).annotate(rank=rank).values_list(complaint_id, "rank")
    # Fewer among the newest rows: every match ranked, through the full-text index. The best rows first, then only
    # theirs reach the complaint (through the stage of a response): joining first would join every stage to
    # thousands of matching rows to keep 200.
    best = matching.annotate(rank=rank).order_by("-rank", "-pk").values("pk")[:CANDIDATES]
    ranked = rows.filter(pk__in=best).annotate(rank=rank).values_list(complaint_id, "rank")
    return recent.order_by(), ranked.order_by()


# The prefix's letters, then any dash or space: "CMP-000123", "cmp 123".
_REFERENCE = re.compile(rf"(?:{Complaint.REFERENCE_PREFIX.strip('-')})?[-\s]*(\d{{1,9}})", re.IGNORECASE)
_PHONE = re.compile(r"\+?[\d\s().-]+")


def _reference(text: str) -> str | None:
    """CMP-000123 from "CMP-000123", "cmp-000123", "cmp 123", "000123" or "123"."""
    if written := _REFERENCE.fullmatch(text):
        return f"{Complaint.REFERENCE_PREFIX}{int(written[1]):06d}"
    return None


def _whole_postcode(text: str) -> str | None:
    """ "LS1 4AB" from "ls14ab" or "LS1 4AB"."""
    postcode = postcode_normalise(text)
    return postcode if postcode_district(postcode) and " " in postcode else None


def _postcode(text: str) -> Q | None:
    """A whole postcode however it is spaced ("ls14ab", "LS1 4AB"), or a district ("LS1"): the homes there."""
    if postcode := _whole_postcode(text):
        return Q(home__postcode=postcode)
    if postcode_district(f"{text} 1AA") and " " not in text and any(c.isdigit() for c in text):
        return Q(home__postcode__startswith=f"{text.upper()} ")
    return None


def _phone(text: str) -> str | None:
    """The national digits of a phone number however it is written ("+44 7700 900123", "07700-900123")."""
    if not _PHONE.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    national = re.sub(r"^(00)?44(0)?", "0", digits)
    return national if len(national) >= 10 else None
