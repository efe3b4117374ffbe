"""The go-live check: what must be true before the landlord's residents use the product, each item done or not
done, with what to do about it. Read from the settings and the data as they are now, so an item is done the moment
it is put right, and not done again if it is undone (a letter template changed after it was read).

To add an item: one function returning a `CheckItem`, and its name in `CHECKS`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from complaints.models import Home, LetterTemplate, Nation, NationRegime
from complaints.services.regimes import nation_regime_needs_choice
from golive.models import TemplateReview
from reporting.models import HomesCount
from reporting.periods import Period, reporting_year_of
from selfassessment.models import CodeVersion, SelfAssessment


@dataclass(frozen=True)
class CheckItem:
    key: str
    title: str
    done: bool
    # What is there now, and, when not done, what to do.
    detail: str
    todo: str = ""
    link: str = ""
    link_text: str = ""


def landlord_details() -> CheckItem:
    """The landlord's name and contact details, shown on every page and letter, are its own, not the placeholders
    the product ships with."""
    placeholders = [
        label
        for name, label in (
            ("LANDLORD_NAME", "name"),
            ("LANDLORD_PHONE", "phone number"),
            ("LANDLORD_EMAIL", "email address"),
            ("LANDLORD_ADDRESS", "postal address"),
        )
        if not getattr(settings, name).strip() or getattr(settings, name) == settings.LANDLORD_PLACEHOLDERS[name]
    ]
    return CheckItem(
        "landlord",
        "Your organisation's name and contact details",
        not placeholders,
        f"{settings.LANDLORD_NAME}; {settings.LANDLORD_PHONE}; {settings.LANDLORD_EMAIL}; {settings.LANDLORD_ADDRESS}.",
        f"Still the example {_join(placeholders)}: set LANDLORD_NAME, LANDLORD_PHONE, LANDLORD_EMAIL and "
        "LANDLORD_ADDRESS in the environment."
        if placeholders
        else "",
    )


def regimes() -> CheckItem:
    """The Ombudsman and regime for each nation the landlord has homes in, chosen where there is a choice."""
    nations = set(Home.objects.values_list("nation", flat=True).distinct())
    mappings = [m for m in NationRegime.objects.select_related("regime").order_by("nation") if m.nation in nations]
    unchosen = [m for m in mappings if nation_regime_needs_choice(m)]
    detail = (
        " ".join(f"{m.get_nation_display()}: {m.regime.name}, with {m.regime.ombudsman_name}." for m in mappings)
        or "No homes are recorded yet."
    )
    return CheckItem(
        "regimes",
        "The Ombudsman and the complaints procedure for each nation you have homes in",
        not unchosen,
        detail,
        f"Choose the regime for homes in {_join([Nation(m.nation).label for m in unchosen])}: until then they "
        f"follow the {_join(sorted({m.regime.name for m in unchosen}))}, and letters name "
        f"{_join(sorted({m.regime.ombudsman_name for m in unchosen}))}."
        if unchosen
        else "",
        reverse("admin:complaints_nationregime_changelist"),
        "Regimes by nation",
    )


def homes_this_year(today: datetime.date) -> CheckItem:
    """The number of homes for this reporting year: the Regulator's CH01 is complaints per 1,000 homes."""
    year = reporting_year_of(today)
    homes = HomesCount.objects.filter(year=year).first()
    period = Period.reporting_year(year).label
    return CheckItem(
        "homes",
        "The number of homes for this reporting year",
        homes is not None,
        f"{homes.total:,} homes recorded for {period}." if homes else f"None recorded for {period}.",
        "" if homes else "Record the number of homes, so CH01 (complaints per 1,000 homes) can be worked out.",
        reverse("dashboard:homes"),
        "Number of homes",
    )


def letter_templates() -> CheckItem:
    """Every letter template read by an administrator at the version it is now."""
    reviewed = TemplateReview.objects.filter(template=OuterRef("pk"), version=OuterRef("version"))
    templates = list(LetterTemplate.objects.annotate(reviewed=Exists(reviewed)).order_by("kind"))
    unread = [template.get_kind_display().lower() for template in templates if not template.reviewed]
    return CheckItem(
        "letters",
        "Letter templates read and right for you",
        not unread,
        f"{len(templates) - len(unread)} of {len(templates)} templates read at their current wording.",
        f"Read the wording of the {_join(unread)} letters, change what needs changing, then confirm below."
        if unread
        else "",
        reverse("admin:complaints_lettertemplate_changelist"),
        "Letter templates",
    )


def smtp() -> CheckItem:
    """A mail server: without one, emails to residents and staff are written to files and never sent."""
    return CheckItem(
        "smtp",
        "Your mail server",
        bool(settings.SMTP_HOST),
        f"Emails go through {settings.SMTP_HOST}." if settings.SMTP_HOST else "No mail server is set.",
        ""
        if settings.SMTP_HOST
        else "Set SMTP_HOST (and SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_USE_TLS): until then emails are "
        "written to files, not sent.",
    )


def self_assessment_edition(today: datetime.date) -> CheckItem:
    """A self-assessment against the edition of the Code in force (Code 8.1)."""
    in_force = CodeVersion.objects.filter(applies_from__lte=today).order_by("-applies_from").first()
    latest = SelfAssessment.objects.select_related("code_version").order_by("-period_end", "-id").first()
    done = in_force is not None and latest is not None and latest.code_version_id == in_force.pk
    if latest is None:
        detail = "No self-assessment yet."
    else:
        detail = f"Your latest self-assessment, {latest.title}, is against the {latest.code_version.name}."
    return CheckItem(
        "self_assessment",
        "A self-assessment against the Code in force",
        done,
        detail,
        ""
        if done
        else f"Ask the complaints team to start a self-assessment against the "
        f"{in_force.name if in_force else 'Code in force'} (Code 8.1).",
    )


CHECKS: list[Callable[[datetime.date], CheckItem]] = [
    lambda today: landlord_details(),
    lambda today: regimes(),
    homes_this_year,
    lambda today: letter_templates(),
    lambda today: smtp(),
    self_assessment_edition,
]


def go_live_checks(today: datetime.date | None = None) -> list[CheckItem]:
    today = today or timezone.localdate()
    return [check(today) for check in CHECKS]


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
