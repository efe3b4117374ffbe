"""Issue 15 §7: an error summary names what is missing ("Enter reasons for the decision"), never Django's
"This field is required."."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from complaints.case_actions import case_actions
from complaints.services import workflow
from core.forms import ExplainsMissing, required_message
from tests.conftest import POINTS, TODAY
from ui.forms import ExplainedForm

pytestmark = pytest.mark.django_db

GENERIC = "This field is required."


def every_message(form) -> list[str]:
    messages = [str(m) for errors in form.errors.values() for m in errors]
    formset = getattr(form, "formset", None)
    if formset is not None:
        messages += [str(m) for errors in formset.errors for ms in errors.values() for m in ms]
    return messages


@pytest.fixture
def acknowledged(log_complaint, officer):
    complaint = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=TODAY, points=POINTS)
    complaint.refresh_from_db()
    return complaint


def test_no_registered_case_action_form_says_this_field_is_required(acknowledged):
    checked = []
    for action in case_actions():
        form = action.form({}, {}, complaint=acknowledged)
        assert not form.is_valid(), action.slug
        messages = every_message(form)
        assert messages, action.slug
        assert GENERIC not in messages, (action.slug, messages)
        checked.append(action.slug)
    assert {"respond", "extend", "acknowledge", "refuse", "document"} <= set(checked)


def test_the_respond_page_names_each_missing_field(client, officer, acknowledged, login_with_mfa):
    login_with_mfa(client, officer)
    url = reverse("casework:complaint-action", args=[acknowledged.reference, "respond"])
    page = client.post(url, {"version": acknowledged.version}).content.decode()
    assert GENERIC not in page
    assert "Enter reasons for the decision" in page
    assert "Select overall decision" in page
    assert "Enter reason for the decision on point 1" in page


def every_form_class(base=forms.Form):
    for form in base.__subclasses__():
        yield form
        yield from every_form_class(form)


def test_every_form_of_ours_names_what_is_missing():
    ours = {app.name for app in apps.get_app_configs() if (settings.BASE_DIR / app.name / "apps.py").exists()}
    for name in ours:
        for module in ("forms", "report_forms"):
            if find_spec(f"{name}.{module}") is not None:
                import_module(f"{name}.{module}")
    forms_of_ours = [
        form
        for form in every_form_class()
        if form.__module__.split(".")[0] in ours and form.__module__.endswith("forms")
    ]
    assert len(forms_of_ours) > 40
    unexplained = [form for form in forms_of_ours if not issubclass(form, ExplainsMissing)]
    assert [f"{form.__module__}.{form.__qualname__}" for form in unexplained] == []


def test_a_field_keeps_a_message_of_its_own():
    class Form(ExplainedForm):
        name = forms.CharField(label="Name", error_messages={"required": "Tell us your name"})
        kind = forms.ChoiceField(label="Kind of thing", choices=[("a", "A")])
        note = forms.CharField(label="MFA code")

    form = Form({})
    assert not form.is_valid()
    assert form.errors == {
        "name": ["Tell us your name"],
        "kind": ["Select kind of thing"],
        "note": ["Enter MFA code"],
    }


def test_a_question_label_becomes_an_instruction():
    assert required_message(forms.CharField(label="What happened?")) == "Enter what happened"
    assert required_message(forms.BooleanField(label="Agreed")) == "Select agreed"


def test_every_long_text_box_of_a_case_action_has_a_limit(acknowledged):
    boxes = {
        (action.slug, name): field.max_length
        for action in case_actions()
        for name, field in action.form(complaint=acknowledged).fields.items()
        if isinstance(field.widget, forms.Textarea)
    }
    assert ("respond", "reasons") in boxes
    assert [box for box, limit in boxes.items() if not limit] == []


def test_the_respond_page_counts_characters_and_shows_the_limit_before_it_is_reached(
    client, officer, acknowledged, login_with_mfa
):
    login_with_mfa(client, officer)
    page = client.get(reverse("casework:complaint-action", args=[acknowledged.reference, "respond"])).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page
    assert '<div id="id_reasons-info" class="govuk-hint govuk-character-count__message">' in page
    assert "You can enter up to 10,000 characters" in page
