"""Issue 17 item 4: anonymisation removes every name, address line, postcode and contact detail the resident and
their representative ever had, in the forms people write them, from the texts it keeps (learning points,
Ombudsman findings and orders, the timeline, their audit rows). Checked as the probe did: a full pg_dump of the
database and every file in the media folder, searched for every value ever recorded."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from pgserver._commands import POSTGRES_BIN_PATH

from complaints.models import Representative
from learning.models import Theme
from learning.services import learning_point_record
from ombudsman import services as ombudsman
from ombudsman.models import OmbudsmanReferral
from privacy import services
from privacy.anonymise import identifying_patterns
from tests.factories import HomeFactory, ResidentFactory
from tests.privacy.conftest import ADDRESS_LINE, EMAIL, NAME, PHONE, POSTCODE, SURNAME, build_record

D = datetime.date
LATER = datetime.datetime(2032, 3, 1, 2, 30, tzinfo=datetime.UTC)
# What the resident's details were corrected to (UK GDPR Article 16): the earlier ones stay in the audit history.
NEW_NAME = "Zebedee Hartwell-Quince"
NEW_PHONE = "0113 496 0123"
NEW_ADDRESS = "Flat 4, Orchard Terrace\nLeeds"
NEW_POSTCODE = "LS7 1AA"
# Every value ever recorded, as the texts below write them, with their other spellings.
EVER = [
    SURNAME,
    EMAIL,
    PHONE,
    PHONE.replace(" ", ""),
    "7700 900777",
    ADDRESS_LINE,
    POSTCODE,
    POSTCODE.replace(" ", ""),
    "Brightwater",
    "Hartwell-Quince",
    "Orchard Terrace",
    "496 0123",
    "4960123",
    "LS7 1AA",
    "LS71AA",
]


def pg_dump() -> str:
    """The whole test database as SQL, by the pg_dump shipped with the embedded server (bin/backup's)."""
    connection.ensure_connection()
    binary = Path(POSTGRES_BIN_PATH) / "pg_dump"
    dsn = connection.connection.info.dsn
    env = {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}
    dumped = subprocess.run([str(binary), "--data-only", "--dbname", dsn], env=env, capture_output=True, text=True)
    assert dumped.returncode == 0, dumped.stderr
    return dumped.stdout


def redact(text: str, patterns: set[str]) -> str:
    """What anonymisation's redaction (privacy.anonymise._redacted) makes of `text`, run by PostgreSQL itself."""
    joined = "|".join(rf"(?<![[:alnum:]])(?:{p})(?![[:alnum:]])" for p in sorted(patterns, key=len, reverse=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT regexp_replace(%s, %s, '#', 'gi')", [text, joined])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Call 07700 900777 today", "Call # today"),
        ("Call 07700900777 today", "Call # today"),
        ("Call +44 7700 900777", "Call #"),
        ("Call +44 (0)7700-900-777", "Call #"),
        ("Call 07700 900778", "Call 07700 900778"),
        ("At ls62qx and LS6  2QX", "At # and #"),
        ("LS6 2QY is elsewhere", "LS6 2QY is elsewhere"),
        ("17 LARKSPUR  MEWS, Headingley", "#, #"),
        ("mr zebedee quillfeather said", "mr # said"),
        ("Quillfeathers Ltd", "Quillfeathers Ltd"),
        ("ZEBEDEE.Q@RESIDENT.EXAMPLE wrote", "# wrote"),
        ("Ada Brightwater, for him", "#, for him"),
    ],
)
def test_each_value_is_found_however_it_is_written(written, expected):
    resident = ResidentFactory(
        name=NAME, email=EMAIL, phone=PHONE, home=HomeFactory(address=f"{ADDRESS_LINE}\nHeadingley", postcode=POSTCODE)
    )
    Representative.objects.create(
        resident=resident,
        name="Ada Brightwater",
        relationship="Neighbour",
        authority="verbal_consent",
        authority_given_on=datetime.date(2026, 1, 5),
    )
    assert redact(written, identifying_patterns([resident])) == expected


@pytest.mark.django_db(transaction=True)
def test_no_value_ever_recorded_survives_in_the_database_or_the_files(
    committed_reference_data, officer, manager, frozen_today, media_root
):
    record = build_record(officer, manager)
    services.resident_rectify(
        actor=officer,
        resident=record.resident,
        received_on=D(2026, 2, 25),
        reason="Name, phone and address were wrong",
        corrections={"name": NEW_NAME, "phone": NEW_PHONE, "address": NEW_ADDRESS, "postcode": NEW_POSTCODE},
    )
    # After the correction, staff still write the old spellings, in every form: as the probe found.
    closed = record.closed
    learning_point_record(
        actor=officer,
        complaint=closed,
        theme=Theme.objects.get(code="contractors"),
        learning=(
            f"{NAME.lower()} of {ADDRESS_LINE.upper()}, {POSTCODE.replace(' ', '').lower()}, rang from "
            f"{PHONE.replace(' ', '')} and +44 7700 900777; the representative Ada  Brightwater too. Now "
            f"{NEW_NAME} at flat 4, orchard   terrace, LS71AA, on 01134960123."
        ),
    )
    referral = OmbudsmanReferral.objects.get(complaint=closed)
    finding = ombudsman.finding_record(
        actor=officer,
        referral=referral,
        element=f"Repairs at {ADDRESS_LINE.lower()} ({POSTCODE}) for Mr {SURNAME.upper()}",
        determination="service_failure",
        determined_on=D(2026, 2, 27),
    )
    ombudsman.order_record(
        actor=officer,
        referral=referral,
        kind="order",
        description=f"Call {SURNAME} on 07700-900-777 and write to {EMAIL.upper()}",
        made_on=D(2026, 2, 27),
        due_on=D(2026, 3, 27),
        finding=finding,
    )
    dump = pg_dump().lower()
    for value in EVER:
        assert value.lower() in dump or value.lower().replace(" ", "") in dump.replace(" ", ""), value

    frozen_today.move_to(LATER)
    services.retention_apply(today=LATER.date())

    dump = pg_dump().lower()
    survivors = [value for value in EVER if value.lower() in dump]
    assert survivors == []
    for path in Path(media_root).rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            assert not [value for value in EVER if value.lower().encode() in content], path
