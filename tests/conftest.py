from __future__ import annotations

import datetime
import importlib

import hypothesis
import pytest
import time_machine
from django.apps import apps
from django.db.models.signals import post_migrate

from complaints import roles
from complaints.models import Channel
from complaints.services import workflow
from tests.factories import ResidentFactory, UserFactory

# Speed is measured in bench/, not in tests: on a busy machine building a calendar inside a strategy can take
# seconds, which must not fail a property test.
hypothesis.settings.register_profile("suite", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("suite")

# A fixed "today" keeps working-day arithmetic reproducible: Monday 2 March 2026.
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents and issued letters are written to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def officer(db):
    return UserFactory(role=roles.OFFICER, username="olivia")


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.SENIOR_MANAGER, username="sam")


@pytest.fixture
def other_manager(db):
    return UserFactory(role=roles.SENIOR_MANAGER, username="sunita")


@pytest.fixture
def board_member(db):
    return UserFactory(role=roles.BOARD, username="bob")


@pytest.fixture
def staff_member(db):
    return UserFactory(role=roles.STAFF, username="stella")


@pytest.fixture
def resident(db):
    return ResidentFactory()


@pytest.fixture
def phone(db):
    return Channel.objects.get(code="phone")


@pytest.fixture
def log_complaint(officer, resident, phone):
    def log(received_on=datetime.date(2026, 2, 2), nation="england", actor=None, **kwargs):
        return workflow.complaint_log(
            actor=actor or officer,
            resident=kwargs.pop("resident", resident),
            received_on=received_on,
            channel=phone,
            summary=kwargs.pop("summary", "The repair to my boiler was booked three times and nobody came."),
            nation=nation,
            **kwargs,
        )

    return log


POINTS = [
    workflow.PointInput(point="Repair appointments were missed", outcome_sought="Boiler repaired this week"),
    workflow.PointInput(point="Nobody called back", outcome_sought="An apology"),
]


# Data migrations whose rows tests rely on: the loader each one runs, as (module, function name).
REFERENCE_DATA = [
    ("complaints.migrations.0002_reference_data", "load"),
    ("complaints.migrations.0005_letter_templates", "add_templates"),
    ("alerts.migrations.0002_default_thresholds", "add_defaults"),
    ("alerts.migrations.0004_ombudsman_thresholds", "add_defaults"),
    ("learning.migrations.0002_themes", "load"),
    ("selfassessment.migrations.0004_load_code_versions", "load"),
    ("public_pages.migrations.0002_default_pages", "load"),
]
RELOAD_UID = "tests.conftest.reload_reference_data"


def load_reference_data(**kwargs) -> None:
    """What the data migrations load (each loader is idempotent)."""
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def reload_reference_data_once(sender, **kwargs) -> None:
    post_migrate.disconnect(sender=sender, dispatch_uid=RELOAD_UID)
    load_reference_data()


@pytest.fixture
def committed_reference_data(transactional_db):
    """For tests that commit for real (transaction=True). Such a test empties every table when it ends (the role
    groups come back through post_migrate). This loads the migrations' reference data now, in case an earlier
    transactional test emptied it, and again once the flush after this test has run, so later tests find the
    database as the migrations left it. (Not serialized_rollback: restoring serialized rows re-saves pghistory's
    event rows, which the append-only triggers refuse.)"""
    load_reference_data()
    post_migrate.connect(
        reload_reference_data_once, sender=apps.get_app_config("complaints"), weak=False, dispatch_uid=RELOAD_UID
    )
