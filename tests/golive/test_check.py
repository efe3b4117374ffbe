"""The go-live check (issue 14): each item shown done or not done, read afresh from the settings and the data, and
the staff pages warning administrators while any item is not done. Today is Monday 2 March 2026: reporting year
2025 (1 April 2025 to 31 March 2026)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from complaints.models import LetterTemplate, Regime
from complaints.services.letters import letter_template_update
from complaints.services.regimes import nation_regime_choose
from core import roles
from golive.selectors import go_live_checks
from reporting.models import HomesCount
from selfassessment import services as selfassessment
from selfassessment.models import CodeVersion
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CHECK = "/staff/go-live/"


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)


@pytest.fixture
def as_administrator(client, administrator, login_with_mfa):
    login_with_mfa(client, administrator)
    return client


def status() -> dict[str, bool]:
    return {item.key: item.done for item in go_live_checks()}


@pytest.fixture
def placeholders(settings):
    """As shipped: the example landlord, no mail server."""
    for name, value in settings.LANDLORD_PLACEHOLDERS.items():
        setattr(settings, name, value)
    settings.SMTP_HOST = ""
    return settings


@pytest.fixture
def put_right(settings, administrator, officer):
    """Every item done: the landlord's own details and mail server, Wales's regime chosen, this year's homes, the
    templates read, a self-assessment against the 2024 Code."""

    def do() -> None:
        settings.LANDLORD_NAME = "Hilldale Housing Association"
        settings.LANDLORD_PHONE = "01632 960 123"
        settings.LANDLORD_EMAIL = "complaints@hilldale.example"
        settings.LANDLORD_ADDRESS = "Hilldale House, 2 Mill Road, Hilldale HD1 2AB"
        settings.SMTP_HOST = "smtp.hilldale.example"
        nation_regime_choose(
            actor=administrator, nation="wales", regime=Regime.objects.get(code="psow_code_timescales")
        )
        HomesCount.objects.create(
            year=2025, low_cost_rental=900, low_cost_home_ownership=100, recorded_by=administrator
        )
        selfassessment.assessment_create(
            actor=officer,
            code_version=CodeVersion.objects.get(code="hos-2024"),
            title="Self-assessment 2025/26",
            period_start=D(2025, 4, 1),
            period_end=D(2026, 3, 31),
        )

    return do


def test_as_shipped_each_item_is_not_done_and_says_what_to_do(placeholders, as_administrator):
    ResidentFactory(home__nation="wales")

    page = as_administrator.get(CHECK)

    assert status() == {
        "landlord": False,
        "regimes": False,
        "homes": False,
        "letters": False,
        "smtp": False,
        "self_assessment": False,
    }
    todo = {item.key: item.todo for item in page.context["items"]}
    assert "Still the example name, phone number, email address and postal address" in todo["landlord"]
    assert "Choose the regime for homes in Wales: until then they follow the Housing Ombudsman" in todo["regimes"]
    assert "Record the number of homes" in todo["homes"]
    assert "Set SMTP_HOST" in todo["smtp"]
    assert "Complaint Handling Code 2024" in todo["self_assessment"]
    assert page.content.decode().count("Not done") == 6


def test_each_item_is_done_once_put_right(placeholders, put_right, as_administrator, administrator):
    ResidentFactory(home__nation="wales")
    put_right()
    assert not status()["letters"]

    answer = as_administrator.post(reverse("golive:templates-reviewed"))

    assert answer.status_code == 302
    assert all(status().values()), status()
    page = as_administrator.get(CHECK).content.decode()
    assert "Not done" not in page and 'id="go-live-warning"' not in page
    assert "Wales: Complaint Handling Code timescales, with the Public Services Ombudsman for Wales" in page


def test_a_template_changed_after_it_was_read_needs_reading_again(as_administrator, administrator):
    as_administrator.post(reverse("golive:templates-reviewed"))
    assert status()["letters"]
    template = LetterTemplate.objects.get(kind="refusal")

    letter_template_update(
        actor=administrator,
        template=template,
        subject=template.subject,
        opening="We are sorry we cannot take your complaint on.",
        closing=template.closing,
        other_formats=template.other_formats,
        signature=template.signature,
    )

    [letters] = [item for item in go_live_checks() if item.key == "letters"]
    assert not letters.done
    assert "Read the wording of the refusal to accept a complaint letters" in letters.todo


def test_only_nations_with_homes_need_their_regime_chosen(placeholders):
    ResidentFactory(home__nation="england")
    ResidentFactory(home__nation="scotland")

    assert status()["regimes"]


def test_a_self_assessment_against_the_2022_code_is_not_the_code_in_force(placeholders, officer):
    selfassessment.assessment_create(
        actor=officer,
        code_version=CodeVersion.objects.get(code="hos-2022"),
        title="Self-assessment 2025/26",
        period_start=D(2025, 4, 1),
        period_end=D(2026, 3, 31),
    )

    [item] = [item for item in go_live_checks() if item.key == "self_assessment"]

    assert not item.done
    assert "is against the Complaint Handling Code 2022" in item.detail


def test_the_staff_pages_warn_administrators_until_every_item_is_done(placeholders, put_right, as_administrator):
    page = as_administrator.get(reverse("identity:mfa-resets")).content.decode()
    assert 'id="go-live-warning"' in page and "5 items of the" in page

    put_right()
    as_administrator.post(reverse("golive:templates-reviewed"))

    assert 'id="go-live-warning"' not in as_administrator.get(reverse("identity:mfa-resets")).content.decode()


@pytest.mark.parametrize("role", [roles.OFFICER, roles.SENIOR_MANAGER, roles.SENIOR_LEAD, roles.BOARD, roles.STAFF])
def test_only_administrators_see_the_check_or_record_the_templates_read(placeholders, client, login_with_mfa, role):
    user = UserFactory(role=role, username=f"user-{role[:5].lower()}")
    login_with_mfa(client, user)

    assert client.get(CHECK).status_code == 403
    assert client.post(reverse("golive:templates-reviewed")).status_code == 403
    assert not status()["letters"]
    assert 'id="go-live-warning"' not in client.get(reverse("identity:security")).content.decode()


def test_an_administrator_signing_in_lands_on_a_home_that_leads_to_the_go_live_check(as_administrator):
    landing = as_administrator.get("/staff/", follow=True)
    assert landing.redirect_chain[-1][0] == reverse("golive:administration")
    assert f'href="{CHECK}"' in landing.content.decode()
