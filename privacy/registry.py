"""The personal data each app holds about a resident, declared by the app that holds it, so that privacy can export
it (subject access, UK GDPR Article 15) and remove it (anonymisation, Articles 5(1)(e) and 17) without importing
any app above it.

To declare your app's: write `personal_data.py` in the app (privacy imports every app's when it starts) and pass
`declare()` one `PersonalData` per model that holds any: whose it is, what the export shows of it, and how
anonymisation removes it. The export and the anonymisation read the same declarations, so what one lists the other
removes; tests/privacy/test_registry.py fails on a model with free text that no declaration covers.

Orders used in the export, among the records of a resident: 10 to 100; of a complaint: 10 to 120; leave gaps."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from complaints.models import Complaint, Resident


@dataclass(frozen=True)
class Export:
    """What an export is building, for the values a field cannot give by itself."""

    # The name each stored document has in the zip, by document id; a file no longer as stored is left out.
    files: dict[int, str]


@dataclass(frozen=True)
class Anonymising:
    """An anonymisation under way, as a declaration's `then` is told of it."""

    # The complaints' ids, or the resident's.
    ids: list[int]
    # Whose data it is, as they stood before: their names are still on these objects.
    residents: list[Resident]
    # What identifies them, theirs and their representatives' and homes', now and ever: PostgreSQL regular
    # expressions (privacy.anonymise.identifying_patterns).
    patterns: set[str]
    today: datetime.date
    cause: str


@dataclass(frozen=True)
class Then:
    """Removal that fields and replacements cannot say, run after them with the declaration's rows."""

    removes: tuple[str, ...]
    run: Callable[[models.QuerySet, Anonymising], None]


# A field shown under its own name, or (name, source): a dotted path from the row, or a function of the row and
# the export. A choice shows its label, a person their full name, another record its name.
Show = str | tuple[str, str | Callable[[Any, Export], Any]]


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]

    # Whose it is: the foreign key (or reverse relation) to the complaint, the resident, or another declared record
    # it belongs to (a finding belongs to its referral, which belongs to a complaint).
    via: str = ""
    # Or, where no foreign key says whose a row is, the rows that belong to these residents (changed by `then` only).
    of_residents: Callable[[list[int]], models.QuerySet] | None = None

    # Subject access: its name in the export (none: not exported), what it shows, and where among its siblings.
    export: str = ""
    shows: tuple[Show, ...] = ()
    order: int = 0
    # At most one row (the home, a stage's response): a record rather than a list.
    one: bool = False
    # The rows in this order rather than the model's.
    order_by: tuple[str, ...] = ()

    # Anonymisation, on the rows and on their history alike: fields replaced by a fixed text ("" empties them),
    # a blank staying blank so that "was anything recorded?" keeps its answer...
    remove: Mapping[str, str] = field(default_factory=dict)
    # ...text kept for what it says about the service, with the resident's names taken out of it...
    redact: tuple[str, ...] = ()
    # ...and whatever those cannot say.
    then: Then | None = None
    # The model's own triggers that refuse these changes (beside its history's), set aside for anonymisation only.
    protected_by: tuple[str, ...] = ()

    @property
    def parent(self) -> type[models.Model] | None:
        return self.model._meta.get_field(self.via).related_model if self.via else None

    @property
    def anonymised(self) -> bool:
        return bool(self.remove or self.redact or self.then)


_DECLARED: dict[type[models.Model], PersonalData] = {}


def declare(*declarations: PersonalData) -> None:
    for declaration in declarations:
        if declaration.model in _DECLARED:
            raise ImproperlyConfigured(f"{declaration.model._meta.label}'s personal data is declared twice.")
        if bool(declaration.via) == bool(declaration.of_residents) and declaration.model is not Resident:
            raise ImproperlyConfigured(f"Say whose {declaration.model._meta.label} is: via or of_residents.")
        if declaration.of_residents and (declaration.remove or declaration.redact):
            # Their history rows cannot be found the same way, so only `then` may change them.
            raise ImproperlyConfigured(f"{declaration.model._meta.label}: rows found by a function change by `then`.")
        _DECLARED[declaration.model] = declaration


def declared() -> list[PersonalData]:
    return list(_DECLARED.values())


def declaration_of(model: type[models.Model]) -> PersonalData:
    try:
        return _DECLARED[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model._meta.label} holds personal data but is not declared.") from None


def children(model: type[models.Model]) -> list[PersonalData]:
    """The exported records that belong to one row of `model`, in their order."""
    found = [d for d in _DECLARED.values() if d.export and d.parent is model]
    return sorted(found, key=lambda d: d.order)


def whose(declaration: PersonalData) -> tuple[type[models.Model], str | None]:
    """The complaint or the resident a row belongs to, and the lookup from the row to that record's id (None for
    rows found by `of_residents`). A lookup such as "response__stage__complaint" holds on the history rows too:
    they keep the same foreign keys."""
    if declaration.model in (Complaint, Resident):
        # "id", not "pk": on a history row the primary key is the event's own.
        return declaration.model, "id"
    if declaration.of_residents:
        return Resident, None
    owner, lookup = whose(declaration_of(declaration.parent))
    return owner, declaration.via if lookup == "id" else f"{declaration.via}__{lookup}"
