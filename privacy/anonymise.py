"""Anonymisation: removing a resident's personal data from the record while keeping every figure the landlord
reports (UK GDPR Article 5(1)(e), storage limitation; Article 17, erasure).

What stays, so dashboards, the Regulator's figures (TSM CH01/CH02), the self-assessment and approved reports
come out the same: every row (nothing is deleted), its dates, stage, status, nation, regime, channel,
categories, decisions, extensions, refusal reasons, remedy kinds and amounts, Ombudsman determinations, the
timeline's kinds and dates, who on the staff did what, and at most the postcode district of the home.

What goes: the resident's name, contact details and tenancy reference; the home's address lines; the
representatives; the text of disabilities, vulnerabilities, adjustments and restrictions (adjustments and
restrictions still in place are ended, so nobody is asked to review them); and every piece of free text written
about the case (summary, definition points, reasons, correspondence, survey comments, documents and letters).
Free text is replaced by "[removed]" rather than emptied: a blank stays blank, and a figure that asks "was a
reason recorded?" (a refusal's explanation and evidence, Code 2.1) gets the same answer as before. Text kept for
what it says about the service (Ombudsman findings and orders, learning points, the timeline) or as the
landlord's record of what it did (legal holds, data requests) stays, with the names taken out (`redact`).

Each app declares what it holds and how it goes (privacy.registry; the case domain's own in privacy.personal_data):
this module applies the declarations, and knows no app above privacy.

The record is protected by database triggers: nothing can be deleted, documents, letters and timeline entries
cannot be changed, and the audit trail is append-only. Anonymisation must still change them in place, so this
module, and only this module, sets those triggers aside for its own statements with `pgtrigger.ignore`, naming
each trigger the declarations need; deletes stay refused even here.

The audit trail (pghistory event rows) holds every earlier value of every field, so a history that kept the old
name would defeat erasure. Decision: the history is anonymised with the record. Each event row of an anonymised
record has the same fields replaced the same way (blank stays blank), and everything else in it is kept: which
record, what kind of change, when, by whom, and every non-personal value. The trail still shows that a
definition point was changed by an officer on a given day; it no longer shows the words. The anonymisation
itself is written to the trail as an update under the context `personal_data_anonymise`, and as an
`Anonymisation` row saying when, why and by whom."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Case, F, Func, Value, When
from django.utils import timezone

from complaints.models import Complaint, Home, Representative, Resident
from privacy.models import Anonymisation
from privacy.registry import Anonymising, PersonalData, declared, whose

REMOVED = "[removed]"
NAME_REMOVED = "[name removed]"
ANONYMOUS_NAME = "Anonymised resident"
DOCUMENT_TITLE = "Document removed"


def _with_history(model: type[models.Model]) -> list[type[models.Model]]:
    return [model, model.pgh_event_model] if hasattr(model, "pgh_event_models") else [model]


def _triggers_to_set_aside() -> list[str]:
    changed = [d for d in declared() if d.anonymised]
    audited = [d.model for d in changed if hasattr(d.model, "pgh_event_models")]
    return [
        *(f"{model.pgh_event_model._meta.label}:append_only" for model in audited),
        *(f"{d.model._meta.label}:{trigger}" for d in changed for trigger in d.protected_by),
    ]


def identifying_patterns(residents: Iterable[Resident]) -> set[str]:
    """What names these people, as PostgreSQL regular expressions: every name, address line, postcode, email,
    phone number and tenancy reference the residents, their homes and their representatives have ever had (the
    audit history keeps each spelling before a rectification), in the forms people write them: any case, any
    spacing, each part of a name, a phone number with or without spaces or +44, a postcode with or without its
    space."""
    resident_ids = [resident.pk for resident in residents]
    people = _ever(Resident, {"pk__in": resident_ids}, "name", "email", "phone", "tenancy_reference", "home_id")
    representatives = _ever(
        Representative, {"resident_id__in": resident_ids}, "name", "email", "phone", "address", "postcode"
    )
    home_ids = {row["home_id"] for row in people if row["home_id"]}
    home_ids |= set(
        Complaint.objects.filter(resident_id__in=resident_ids, home__isnull=False).values_list("home_id", flat=True)
    )
    homes = _ever(Home, {"pk__in": home_ids}, "address", "postcode")
    patterns: set[str] = set()
    for row in [*people, *representatives, *homes]:
        patterns |= _name_patterns(row.get("name", ""))
        patterns |= {
            re.escape(row[field].strip()) for field in ("email", "tenancy_reference") if row.get(field, "").strip()
        }
        patterns |= _phone_patterns(row.get("phone", ""))
        patterns |= _address_patterns(row.get("address", ""))
        patterns |= _postcode_patterns(row.get("postcode", ""))
    return patterns


def _ever(model: type[models.Model], which: dict[str, Any], *fields: str) -> list[dict[str, Any]]:
    """The fields' values as they are now and as the audit history recorded them at every change."""
    current = list(model._base_manager.filter(**which).values(*fields))
    ids = model._base_manager.filter(**which).values("pk")
    history = list(model.pgh_event_model.objects.filter(pgh_obj_id__in=ids).values(*fields))  # type: ignore[attr-defined]
    return current + history


def _spaced(text: str) -> str:
    # Whatever spacing and line breaks the words were written with.
    return r"\s+".join(re.escape(part) for part in text.split())


def _name_patterns(name: str) -> set[str]:
    parts = [part.strip(".,") for part in name.split()]
    return ({_spaced(name)} if name.strip() else set()) | {re.escape(part) for part in parts if len(part) >= 3}


def _phone_patterns(phone: str) -> set[str]:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return set()
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    # Any spaces, dots or hyphens between the digits; a UK number also as +44 (0) ... or +44 ...
    body = r"[\s.-]*".join(digits[1:] if digits.startswith("0") else digits)
    prefix = r"(?:\+?44[\s.-]*(?:\(0\)[\s.-]*)?|0)" if digits.startswith("0") else ""
    return {prefix + body}


def _address_patterns(address: str) -> set[str]:
    lines = [line.strip() for line in re.split(r"[\n,]", address)]
    return {_spaced(line) for line in lines if len(line) >= 4}


def _postcode_patterns(postcode: str) -> set[str]:
    compact = re.sub(r"\s", "", postcode).upper()
    if len(compact) < 5:
        return set()
    return {re.escape(compact[:-3]) + r"\s*" + re.escape(compact[-3:])}


def _rows(model: type[models.Model], declaration: PersonalData, lookup: str | None, ids: list[int]) -> models.QuerySet:
    if lookup is None:
        return declaration.of_residents(ids)
    # The base manager: a default manager may hide rows (superseded definition points) that still hold text.
    return model._base_manager.filter(**{f"{lookup}__in": ids})


def _removed(declaration: PersonalData) -> dict[str, Any]:
    # A blank stays blank: "was anything recorded here?" keeps its answer.
    return {
        name: Case(When(**{name: ""}, then=Value("")), default=Value(new)) if new else Value("")
        for name, new in declaration.remove.items()
    }


def _redacted(declaration: PersonalData, patterns: set[str]) -> dict[str, Any]:
    # One PostgreSQL regular expression, each identifier whole (no letter or digit either side of it); the longest
    # first, so a full name goes whole rather than part by part.
    pattern = "|".join(
        rf"(?<![[:alnum:]])(?:{each})(?![[:alnum:]])" for each in sorted(patterns, key=len, reverse=True)
    )
    return {
        name: Func(F(name), Value(pattern), Value(NAME_REMOVED), Value("gi"), function="regexp_replace")
        for name in declaration.redact
    }


def _apply(owner: type[models.Model], anonymising: Anonymising) -> None:
    """Every declaration of the complaint's or the resident's data, rows and history alike: the replacements,
    then the redactions, then what neither can say."""
    mine = []
    for declaration in declared():
        of, lookup = whose(declaration)
        if of is owner and declaration.anonymised:
            mine.append((declaration, lookup))
    for declaration, lookup in mine:
        if declaration.remove:
            for model in _with_history(declaration.model):
                _rows(model, declaration, lookup, anonymising.ids).update(**_removed(declaration))
    for declaration, lookup in mine:
        if declaration.redact and anonymising.patterns:
            for model in _with_history(declaration.model):
                redacted = _redacted(declaration, anonymising.patterns)
                _rows(model, declaration, lookup, anonymising.ids).update(**redacted)
    for declaration, lookup in mine:
        if declaration.then:
            declaration.then.run(_rows(declaration.model, declaration, lookup, anonymising.ids), anonymising)


@contextlib.contextmanager
def _anonymising(actor: Any, cause: str) -> Iterator[None]:
    """The context every anonymising statement runs in: the protective triggers named above set aside for this
    thread's statements only (this is the one place that may change protected rows, and only to remove personal
    data), and the audit trail told who did it and why."""
    # In this order: pghistory only tags statements that start with INSERT, UPDATE or DELETE, so its wrapper must
    # see each statement before pgtrigger puts its own SELECT in front.
    with (
        pghistory.context(user=actor.pk if actor else None, action="personal_data_anonymise", cause=cause),
        pgtrigger.ignore(*_triggers_to_set_aside()),
    ):
        yield


def complaints_anonymise(*, complaints: list[Complaint], cause: str, actor: Any = None, request: Any = None) -> None:
    """Remove the personal data written about these cases. The caller holds the residents' row locks and has
    checked that no legal hold stops it."""
    ids = [c.pk for c in complaints]
    if not ids:
        return
    residents = list(Resident.objects.filter(complaints__in=ids).distinct())
    anonymising = Anonymising(
        ids=ids,
        residents=residents,
        patterns=identifying_patterns(residents),
        today=timezone.localdate(),
        cause=cause,
    )
    with _anonymising(actor, cause):
        _apply(Complaint, anonymising)
    Anonymisation.objects.bulk_create(
        Anonymisation(complaint_id=pk, cause=cause, anonymised_by=actor, request=request) for pk in ids
    )


def resident_anonymise(*, resident: Resident, cause: str, actor: Any = None, request: Any = None) -> None:
    """Remove the person: called once every case of theirs is anonymised. The caller holds the resident's row
    lock and has checked that no legal hold stops it."""
    anonymising = Anonymising(
        ids=[resident.pk],
        residents=[resident],
        patterns=identifying_patterns([resident]),
        today=timezone.localdate(),
        cause=cause,
    )
    with _anonymising(actor, cause):
        _apply(Resident, anonymising)
    Anonymisation.objects.create(resident=resident, cause=cause, anonymised_by=actor, request=request)
