"""Residents, their homes and representatives, and the special-category data about them.

Disabilities, vulnerabilities, reasonable adjustments and contact restrictions are special-category
personal data: only roles with the `complaints.view_special_category` rule see them."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper

from complaints.models.base import Nation
from complaints.models.search import name_lookup_index, phone_index, search_name_kept, trigram_index
from core.models import TimeStamped, audited, protect_deletes

# A house number written apart from its street ("10, High Street"): it stays on the street's line.
_HOUSE_NUMBER = re.compile(r"\d+[A-Za-z]?(\s*-\s*\d+[A-Za-z]?)?")


def address_lines(postal_address: str) -> list[str]:
    """The address as a postal address is written, each part on a line of its own: an address typed on one line
    ("Flat 2, 10 High Street, Leeds") is split at its commas, as Royal Mail asks, keeping a house number with its
    street."""
    lines: list[str] = []
    for line in postal_address.splitlines():
        number = ""
        for part in filter(None, (part.strip() for part in line.split(","))):
            if number:
                part, number = f"{number} {part}", ""
            elif _HOUSE_NUMBER.fullmatch(part):
                number = part
                continue
            lines.append(part)
        if number:
            lines.append(number)
    return lines


@audited
class Home(TimeStamped):
    class Tenure(models.TextChoices):
        LOW_COST_RENTAL = "low_cost_rental", "Low-cost rental"
        LOW_COST_HOME_OWNERSHIP = "low_cost_home_ownership", "Low-cost home ownership"
        OTHER = "other", "Other"

    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    nation = models.CharField(max_length=20, choices=Nation)
    tenure = models.CharField(max_length=30, choices=Tenure, default=Tenure.LOW_COST_RENTAL)

    class Meta:
        triggers = [protect_deletes, search_name_kept("home", "address")]
        constraints = [models.CheckConstraint(condition=models.Q(nation__in=Nation.values), name="home_nation_known")]
        # The search box (complaints.search): "Weaver Court"; a postcode, whole or its district ("LS1").
        indexes = [
            trigram_index("address", name="home_address_trigram"),
            name_lookup_index("address", name="home_address_lookup"),
            models.Index(fields=["postcode"], opclasses=["varchar_pattern_ops"], name="home_postcode_search"),
        ]

    def __str__(self) -> str:
        first_line = self.address.splitlines()[0] if self.address else ""
        return f"{first_line}, {self.postcode}".strip(", ")

    @property
    def postal_lines(self) -> list[str]:
        return address_lines(f"{self.address}\n{self.postcode}")


@audited
class Resident(TimeStamped):
    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        TEXT = "text", "Text message"

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    home = models.ForeignKey(Home, on_delete=models.PROTECT, null=True, blank=True, related_name="residents")
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod, blank=True)
    tenancy_reference = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        permissions = [("view_special_category", "Can see disabilities, vulnerabilities and contact restrictions")]
        triggers = [protect_deletes, search_name_kept("resident", "name")]
        # The search box (complaints.search): a name in any order with small typos, an email, a phone number.
        indexes = [
            trigram_index("name", name="resident_name_trigram"),
            name_lookup_index("name", name="resident_name_lookup"),
            models.Index(Upper("email"), name="resident_email_search"),
            phone_index("phone", name="resident_phone_search"),
        ]

    def __str__(self) -> str:
        return self.name


@audited
class Representative(TimeStamped):
    """Someone acting for the resident (Code 3.6), with the evidence of their authority."""

    class Authority(models.TextChoices):
        SIGNED_MANDATE = "signed_mandate", "Signed mandate"
        VERBAL_CONSENT = "verbal_consent", "Verbal consent"
        POWER_OF_ATTORNEY = "power_of_attorney", "Power of attorney"
        ELECTED_REPRESENTATIVE = "elected_representative", "MP or councillor"

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="representatives")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Where letters go when the representative acts (Code 3.6): their address, not the resident's home.
    address = models.TextField(blank=True, help_text="Postal address, without the postcode.")
    postcode = models.CharField(max_length=10, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=Resident.ContactMethod, blank=True)
    authority = models.CharField(max_length=30, choices=Authority)
    authority_given_on = models.DateField()
    authority_evidence = models.TextField(blank=True)
    authority_ended_on = models.DateField(null=True, blank=True)

    class Meta:
        triggers = [protect_deletes, search_name_kept("representative", "name")]
        indexes = [
            trigram_index("name", name="representative_name_trigram"),
            name_lookup_index("name", name="representative_name_lookup"),
            models.Index(Upper("email"), name="representative_email_search"),
            phone_index("phone", name="representative_phone_search"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


@audited
class Disclosure(TimeStamped):
    """A disability or vulnerability the resident has disclosed (Code 5.10, 6.1)."""

    class Kind(models.TextChoices):
        DISABILITY = "disability", "Disability"
        VULNERABILITY = "vulnerability", "Vulnerability or risk"

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="disclosures")
    kind = models.CharField(max_length=20, choices=Kind)
    description = models.TextField()
    disclosed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return self.get_kind_display()


class CommunicationNeed(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    OTHER_LANGUAGE = "other_language", "Another language"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    PHONE_CALLS = "phone_calls", "Phone calls rather than letters"
    BSL = "bsl", "British Sign Language"
    OTHER = "other", "Another adjustment"


# Needs that are a format of the letter itself: someone who has told us theirs is not offered other formats.
LETTER_FORMATS = frozenset(
    {
        CommunicationNeed.LARGE_PRINT,
        CommunicationNeed.EASY_READ,
        CommunicationNeed.OTHER_LANGUAGE,
        CommunicationNeed.BRAILLE,
        CommunicationNeed.AUDIO,
    }
)


class AdjustmentQuerySet(models.QuerySet):
    def in_place(self) -> AdjustmentQuerySet:
        return self.filter(ended_on__isnull=True).order_by("agreed_on", "id")


@audited
class ReasonableAdjustment(TimeStamped):
    """An adjustment agreed under the Equality Act 2010, kept under active review (Code 5.10).

    The communication needs a resident states are kinds of adjustment, so that what we send can follow them (large
    print is drawn in large print) and staff see the rest where they act on it: the case page and the post batch."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="adjustments")
    need = models.CharField(max_length=20, choices=CommunicationNeed)
    language = models.CharField(max_length=100, blank=True, help_text="Which language, for another language.")
    adjustment = models.TextField(blank=True, help_text="What was agreed; for another adjustment, the adjustment.")
    agreed_on = models.DateField()
    review_due = models.DateField(db_index=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AdjustmentQuerySet.as_manager()

    class Meta:
        triggers = [protect_deletes]
        constraints = [
            models.CheckConstraint(condition=models.Q(need__in=CommunicationNeed.values), name="adjustment_need_known"),
            # The language is said for another language, and only for it.
            models.CheckConstraint(
                condition=models.Q(need="other_language", language__gt="")
                | (~models.Q(need="other_language") & models.Q(language="")),
                name="adjustment_language_for_another_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(need="other", adjustment=""), name="adjustment_other_is_described"
            ),
        ]

    def __str__(self) -> str:
        return "Reasonable adjustment"

    @property
    def summary(self) -> str:
        """What the need is, in words staff act on: "Another language: Polish", "Large print (18 point Arial)"."""
        if self.need == CommunicationNeed.OTHER:
            return self.adjustment
        what = self.get_need_display()
        if self.language:
            what = f"{what}: {self.language}"
        return f"{what} ({self.adjustment})" if self.adjustment else what


@audited
class ContactRestriction(TimeStamped):
    """A proportionate restriction on contact for unacceptable behaviour (Code 5.14, 5.15).

    It limits how we communicate; it never stops a complaint being investigated."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="contact_restrictions")
    reason = models.TextField()
    evidence = models.TextField()
    scope = models.TextField(help_text="What contact is restricted and how the resident may still contact us.")
    equality_considerations = models.TextField(help_text="Regard shown for the Equality Act 2010 (Code 5.15).")
    starts_on = models.DateField()
    review_due = models.DateField(db_index=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return "Contact restriction"
