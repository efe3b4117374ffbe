"""Sending a satisfaction survey from the case page (Code 1.6), once a stage has its response. The API's surveys
resource (surveys/api.py) takes the same data."""

from __future__ import annotations

from complaints.case_actions import CaseAction, register_case_action
from surveys.forms import SendSurveyForm
from surveys.services import survey_send, why_no_survey_yet

register_case_action(
    CaseAction(
        slug="survey",
        label="Send a satisfaction survey",
        service=survey_send,
        permission="surveys.send_survey",
        form=SendSurveyForm,
        why_not_now=why_no_survey_yet,
        versioned=False,
        order=120,
    )
)
