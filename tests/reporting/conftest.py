"""The winter of hand-counted cases from the self-assessment tests (tests/selfassessment/conftest.py) is the
dashboard's fixture too: its figures are worked out by hand in test_figures.py."""

from __future__ import annotations

import pytest

from complaints import roles
from tests.factories import UserFactory
from tests.selfassessment.conftest import PERIOD, Winter, extend, respond, winter

__all__ = ["PERIOD", "Winter", "extend", "respond", "winter"]


@pytest.fixture
def senior_lead(db):
    return UserFactory(role=roles.SENIOR_LEAD, username="leah")


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="adam")
