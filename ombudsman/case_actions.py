"""Recording that the resident referred the complaint to the Ombudsman, from the case page. The API's referrals
resource (ombudsman/api.py) takes the same data."""

from __future__ import annotations

from complaints.case_actions import CaseAction, register_case_action
from ombudsman.forms import ReferralForm
from ombudsman.services import referral_record

register_case_action(
    CaseAction(
        slug="ombudsman-referral",
        label="Record an Ombudsman referral",
        service=referral_record,
        permission="ombudsman.record_ombudsman",
        form=ReferralForm,
        versioned=False,
        order=130,
    )
)
