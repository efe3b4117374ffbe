"""Postcodes (complaints/postcodes.py): one normaliser for the forms people actually write, and every way a
postcode is stored, searched for or checked goes through it."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from casework.selectors import residents_search
from complaints.api.residents import ResidentFilter
from complaints.models import Home, Resident
from complaints.postcodes import postcode_area, postcode_district, postcode_nation, postcode_normalise
from complaints.services import workflow
from core.errors import WorkflowError
from privacy.personal_data import postcode_district as district_kept_on_anonymising
from privacy.services import resident_rectify
from public_pages.selectors import complaint_checked

D = datetime.date


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" SW1A  1AA ", "SW1A 1AA"),
        ("sw1a\t1aa\n", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("eh1 1yz", "EH1 1YZ"),  # Edinburgh
        ("KW151AB", "KW15 1AB"),  # Orkney
        ("ze1 0aa", "ZE1 0AA"),  # Shetland
        ("bt486dq", "BT48 6DQ"),  # Northern Ireland
        ("GIR0AA", "GIR 0AA"),
        ("bfpo801", "BFPO 801"),
        ("BFPO  1234", "BFPO 1234"),
        ("", ""),
        ("  n/a ", "N/A"),
        ("not  known", "NOT KNOWN"),
    ],
)
def test_it_writes_every_postcode_one_way(written, normalised):
    assert postcode_normalise(written) == normalised


OUTWARD = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True)
INWARD = st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True)
SPACES = st.text(alphabet=" \t", max_size=3)


@given(OUTWARD, INWARD, SPACES, SPACES, SPACES, st.lists(st.booleans(), min_size=8, max_size=8))
def test_spacing_and_case_never_make_two_postcodes_of_one(outward, inward, before, between, after, lower):
    written = "".join(c.lower() if low else c for c, low in zip(outward + inward, lower, strict=False))
    written = f"{before}{written[: len(outward)]}{between}{written[len(outward) :]}{after}"

    assert postcode_normalise(written) == f"{outward} {inward}"
    assert postcode_district(written) == outward


@given(st.text(max_size=12))
def test_normalising_twice_changes_nothing(written):
    assert postcode_normalise(postcode_normalise(written)) == postcode_normalise(written)


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("SW1A 1AA", "SW1A"), ("ls62qx", "LS6"), ("BT48 6DQ", "BT48"), ("BFPO 801", "BFPO"), ("N/A", ""), ("LS6", "")],
)
def test_the_district_is_the_outward_code_and_nothing_of_what_is_not_a_postcode(postcode, district):
    assert postcode_district(postcode) == district
    assert district_kept_on_anonymising(postcode) == district


WRITTEN = ["bt486dq", " BT48  6DQ ", "Bt48 6dQ", "BT48\t6DQ"]


@pytest.fixture
def resident(officer):
    return workflow.resident_create(
        actor=officer,
        details=workflow.ResidentInput(name="Niamh Doherty", address="1 Strand Road\nDerry", postcode=WRITTEN[0]),
        nation="northern_ireland",
    )


@pytest.mark.django_db
def test_a_postcode_however_written_is_stored_searched_for_and_checked_as_one(resident, officer, log_complaint):
    complaint = log_complaint(resident=resident, nation="northern_ireland")

    assert Home.objects.get(pk=resident.home_id).postcode == "BT48 6DQ"
    for written in WRITTEN:
        assert residents_search(written) == [resident], written
        assert list(ResidentFilter({"search": written}, queryset=Resident.objects.all()).qs) == [resident], written
        assert complaint_checked(reference=complaint.reference, email_or_postcode=written) is not None, written
        with pytest.raises(WorkflowError, match="Nothing was changed"):
            resident_rectify(
                actor=officer,
                resident=resident,
                received_on=D(2026, 2, 2),
                reason="The resident wrote it differently",
                corrections={"postcode": written},
            )


@pytest.mark.django_db
def test_a_corrected_postcode_is_stored_in_its_one_form(resident, officer):
    resident_rectify(
        actor=officer,
        resident=resident,
        received_on=D(2026, 2, 2),
        reason="The unit was mistyped",
        corrections={"postcode": "bt48 6dr"},
    )

    assert Home.objects.get(pk=resident.home_id).postcode == "BT48 6DR"


@pytest.mark.django_db
def test_the_migration_writes_postcodes_stored_before_the_normaliser_in_its_form(resident):
    normalise = importlib.import_module("complaints.migrations.0013_postcodes_normalised").normalise
    Home.objects.filter(pk=resident.home_id).update(postcode="bt486dq")

    normalise(django_apps, SimpleNamespace(connection=connection))

    assert Home.objects.get(pk=resident.home_id).postcode == "BT48 6DQ"


@pytest.mark.parametrize(
    ("written", "nation"),
    [
        ("bt7 1nn", "northern_ireland"),
        ("G1 1XQ", "scotland"),
        ("ZE1 0AA", "scotland"),
        ("SA1 1AA", "wales"),
        ("CF10 3AT", "wales"),
        ("EC1A 1BB", "england"),
        ("NE1 4ST", "england"),
    ],
)
def test_the_nation_comes_from_the_postcode_area(written, nation):
    assert postcode_nation(written) == nation


@pytest.mark.parametrize("written", ["CH5 1AA", "LD8 2AA", "SY23 1AA", "HR3 5AA", "NP16 7AA", "LL11 1AA", "TD15 1AA"])
def test_an_area_on_both_sides_of_a_border_is_not_decided(written):
    assert postcode_area(written)
    assert postcode_nation(written) is None


@pytest.mark.parametrize("written", ["JE2 3AA", "IM1 1AA", "BFPO 801", "SW1A", "hello"])
def test_a_postcode_outside_the_uk_has_no_area_or_nation(written):
    assert postcode_area(written) == ""
    assert postcode_nation(written) is None


def test_every_uk_postcode_area_has_one_answer():
    from complaints import postcodes

    groups = [
        postcodes.NORTHERN_IRELAND_AREAS,
        postcodes.SCOTLAND_AREAS,
        postcodes.WALES_AREAS,
        postcodes.BORDER_AREAS,
        postcodes.ENGLAND_AREAS,
    ]
    assert sum(len(g) for g in groups) == len(frozenset().union(*groups)) == 121  # the UK's, less GY, JE, IM, BF and BX
