"""The demo data command (demo/management/commands/demo_data.py).

Loading takes a while, so one test loads once and checks everything, including that a second run changes
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from complaints.models import (
    CaseEvent,
    Complaint,
    Correspondence,
    Disclosure,
    Document,
    Extension,
    Letter,
    LetterKind,
    Nation,
    Remedy,
    Stage,
)
from core import roles
from demo.management.commands.demo_data import DEMO_USERS
from inbound.models import InboundEmail
from learning.models import LearningPoint, ReportBack, ServiceImprovement
from ombudsman.models import ADVERSE, Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from surveys.models import Survey

DOCUMENTED_PASSWORDS = {
    "officer": ("officer-demo-pass", roles.OFFICER),
    "manager": ("manager-demo-pass", roles.SENIOR_MANAGER),
    "lead": ("lead-demo-pass", roles.SENIOR_LEAD),
    "board": ("board-demo-pass", roles.BOARD),
    "staff": ("staff-demo-pass", roles.STAFF),
    "admin": ("admin-demo-pass", roles.ADMINISTRATOR),
}


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_data_loads_a_realistic_register_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = StringIO()
    call_command("demo_data", stdout=output)
    today = timezone.localdate()

    # One user per role, each able to sign in with the password the command prints.
    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert user.groups.filter(name=demo.role).exists(), demo.username
        assert authenticate(username=demo.username, password=demo.password) == user
        assert demo.password in output.getvalue()
        assert user.email.endswith("@landlord.example")
    for username, (password, role) in DOCUMENTED_PASSWORDS.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name=role).exists()
        assert authenticate(username=username, password=password) == user
    assert User.objects.filter(username__in=["officer2", "manager2"], groups__name__in=roles.ALL).count() == 2
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert not admin.has_perm("complaints.view_special_category")

    complaints = Complaint.objects.select_related("current_stage", "regime")
    count = complaints.count()
    assert 250 <= count <= 350
    assert set(complaints.values_list("status", flat=True)) == set(Complaint.Status.values)

    # Both stages, extensions (some beyond the cap, with a good reason and a senior manager's approval).
    assert complaints.filter(stage=2).exists()
    assert Stage.objects.filter(extension_days__gt=0).exists()
    beyond_cap = Extension.objects.filter(beyond_cap=True).select_related("approved_by")
    assert beyond_cap.exists()
    for extension in beyond_cap:
        assert extension.good_reason.strip()
        assert extension.approved_by.groups.filter(name=roles.SENIOR_MANAGER).exists()

    # Open cases that are overdue, and open cases that are not.
    open_cases = [complaint for complaint in complaints if complaint.is_open]
    assert any(complaint.current_stage.next_due() < today for complaint in open_cases)
    assert any(complaint.current_stage.next_due() >= today for complaint in open_cases)

    # Every nation, each under its shipped procedure: Scotland the SPSO's, Northern Ireland NIPSO's, England and
    # (until an administrator chooses) Wales the Housing Ombudsman's Code.
    assert set(complaints.values_list("nation", flat=True)) == set(Nation.values)
    shipped = {Nation.SCOTLAND: "spso_model_procedure", Nation.NORTHERN_IRELAND: "nipso_model_procedure"}
    for complaint in complaints:
        expected = shipped.get(complaint.nation, "housing_ombudsman_2024")
        assert complaint.regime.code == expected, complaint.reference

    # Code 1.5: a complaint raised from a service request leaves the request open.
    assert complaints.filter(service_request__status="open").exists()

    # Code 6.13: the stage 2 reviewer never handled or answered stage 1.
    for stage_2 in Stage.objects.filter(number=2).select_related("complaint"):
        stage_1 = stage_2.complaint.stages.get(number=1)
        assert stage_2.handler_id is not None
        assert stage_2.handler_id not in {stage_1.handler_id, stage_1.response.responded_by_id}

    # Dates are never in the future and follow each other.
    assert not Stage.objects.filter(requested_on__gt=today).exists()
    assert not Stage.objects.filter(acknowledged_on__gt=today).exists()
    assert not Stage.objects.filter(responded_on__gt=today).exists()
    assert not Stage.objects.filter(responded_on__lt=F("acknowledged_on")).exists()
    assert not Correspondence.objects.filter(occurred_on__gt=today).exists()
    assert not Correspondence.objects.filter(occurred_on__lt=F("complaint__received_on")).exists()
    assert not Remedy.objects.filter(completed_on__gt=today).exists()

    # The records around the complaints.
    assert Remedy.objects.filter(kind__is_financial=True, amount__gt=0, completed_on__isnull=False).exists()
    assert Document.objects.exists()
    # One case of each kind has its letters drawn as PDFs, so every kind of letter can be seen.
    assert set(Letter.objects.values_list("kind", flat=True)) == set(LetterKind.values)
    assert OmbudsmanReferral.objects.exclude(determination="pending").exists()
    assert complaints.filter(categories__isnull=False).exists()

    # Special-category data stays out of everything shown to whoever can see the case.
    disclosures = list(Disclosure.objects.values_list("description", flat=True))
    assert disclosures
    shown = [
        *complaints.values_list("summary", flat=True),
        *CaseEvent.objects.values_list("description", flat=True),
        *Correspondence.objects.values_list("subject", flat=True),
    ]
    for text in shown:
        assert not any(disclosure in text for disclosure in disclosures)
        assert "disab" not in text.lower()

    # Learning and service improvements (Code 9.1-9.3), the Ombudsman's findings and orders (9.7 c), surveys (1.6).
    assert LearningPoint.objects.count() >= 20
    improvements = ServiceImprovement.objects.all()
    assert improvements.exists() and all(improvement.complaints.exists() for improvement in improvements)
    assert ReportBack.objects.exists()
    assert Finding.objects.filter(determination__in=ADVERSE).exists()
    assert Order.objects.filter(complied_on__isnull=False).exists()
    assert Order.objects.filter(complied_on__isnull=True).exists()
    assert HandlingFailureOrder.objects.count() == 2
    surveys = Survey.objects.all()
    assert surveys.filter(answered_at__isnull=True).exists() and surveys.filter(handling__isnull=False).exists()
    assert all(s.sent_on >= s.complaint.stages.get(number=s.stage).responded_on for s in surveys)
    # Emails in the complaints mailbox: replies recorded on their cases, and some waiting in "New emails".
    emails = InboundEmail.objects.all()
    assert emails.filter(status="recorded", correspondence__isnull=False).count() == 3
    assert emails.filter(status="new").count() == 3
    oversight_counts = [
        m.objects.count() for m in (LearningPoint, ServiceImprovement, Finding, Order, Survey, InboundEmail)
    ]

    # A second run finds the demo data and changes nothing.
    again = StringIO()
    call_command("demo_data", stdout=again)
    assert "Demo data already loaded" in again.getvalue()
    assert Complaint.objects.count() == count
    assert [
        m.objects.count() for m in (LearningPoint, ServiceImprovement, Finding, Order, Survey, InboundEmail)
    ] == oversight_counts
