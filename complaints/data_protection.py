"""What the case domain needs from data protection, which sits above it (privacy) and connects itself here when it
starts: a log of every showing of a resident's special-category data (UK GDPR Article 9, accountability under
Article 5(2)), and whether a resident's details have been removed (anonymised).

Every page, API response and export that shows disabilities, vulnerabilities, reasonable adjustments or contact
restrictions calls `special_category_views_record` for the residents it shows. Until privacy has connected, both
functions refuse to answer: a showing that nobody logs would be a breach, not a quiet default."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from complaints.models import Resident


@dataclass(frozen=True)
class _Keeper:
    record_views: Callable[..., int]
    is_anonymised: Callable[[Resident], bool]


_keeper: _Keeper | None = None


def connect(*, record_views: Callable[..., int], is_anonymised: Callable[[Resident], bool]) -> None:
    """Called once, by privacy's AppConfig.ready()."""
    global _keeper
    _keeper = _Keeper(record_views=record_views, is_anonymised=is_anonymised)


def _connected() -> _Keeper:
    if _keeper is None:
        raise ImproperlyConfigured("Nothing keeps the personal data records: add privacy to INSTALLED_APPS.")
    return _keeper


def special_category_views_record(*, viewer: Any, residents: Iterable[Resident | int], shown_on: str) -> int:
    """Log that `viewer` was shown these residents' special-category data on `shown_on` (a page or export, such as
    "Complaint RH000123": never names or the data itself); returns how many residents were logged."""
    return _connected().record_views(viewer=viewer, residents=residents, shown_on=shown_on)


def resident_is_anonymised(resident: Resident) -> bool:
    return _connected().is_anonymised(resident)
