"""Recording learning from the case page (Code 9.1): any stage, any state. The API's learning points resource
(learning/api.py) takes the same data."""

from __future__ import annotations

from complaints.case_actions import CaseAction, register_case_action
from learning.forms import LearningPointForm
from learning.services import learning_point_record

register_case_action(
    CaseAction(
        slug="learning",
        label="Record learning",
        service=learning_point_record,
        permission="learning.record_learning",
        form=LearningPointForm,
        versioned=False,
        order=110,
    )
)
