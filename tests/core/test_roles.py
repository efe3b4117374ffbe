"""Who holds a role (core/roles.py): one selector says who the senior managers are, and every page, service and
alert that needs them asks it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from alerts.services import _routing
from complaints.forms import AcknowledgeForm, ReviewerForm
from complaints.models import Complaint
from complaints.services import assignment, workflow
from core import roles
from tests.factories import UserFactory, officer, senior_manager
from tests.oversight import answered_complaint
from tests.test_layers import LAYER_OF

D = datetime.date
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db
def test_the_senior_managers_are_the_active_members_of_their_group_each_once():
    mia = senior_manager(username="mia")
    senior_manager(username="ian", is_active=False)
    both = officer(username="bo")
    both.groups.add(Group.objects.get(name=roles.SENIOR_MANAGER))
    officer(username="olly")
    UserFactory(role=roles.BOARD, username="bea")

    assert list(roles.senior_managers().order_by("username")) == [both, mia]


@pytest.mark.django_db
def test_the_stage_2_forms_the_workflow_and_the_alerts_take_the_senior_managers_from_the_selector(
    log_complaint, monkeypatch
):
    handler = officer(username="olly")
    complaint = answered_complaint(log_complaint, handler, actor=handler)
    workflow.complaint_escalate(actor=handler, complaint=complaint, requested_on=D(2026, 2, 23))
    complaint = Complaint.objects.get(pk=complaint.pk)
    senior_manager(username="sam")
    # Were any of them to ask the groups itself, it would still find Sam and not Bea.
    bea = UserFactory(role=roles.BOARD, username="bea")
    monkeypatch.setattr(roles, "senior_managers", lambda: roles.role_holders(roles.BOARD))

    assert list(ReviewerForm(complaint=complaint).fields["reviewer"].queryset) == [bea]
    assert list(AcknowledgeForm(complaint=complaint).fields["reviewer"].queryset) == [bea]
    assert _routing().senior_managers == {bea.pk}
    assignment.reviewer_assign(actor=handler, complaint=complaint, reviewer=bea)
    assert Complaint.objects.get(pk=complaint.pk).current_stage.handler == bea


def test_nothing_but_the_roles_module_asks_the_groups_who_holds_a_role():
    asking = re.compile(r"groups__name|groups\.filter\(|user_set")
    askers = [
        str(path.relative_to(ROOT))
        for app in LAYER_OF
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and asking.search(path.read_text())
    ]
    assert askers == ["core/roles.py"]
