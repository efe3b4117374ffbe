"""Who may see and do what with self-assessments. Checked by the services, so the API, the pages and the admin
share one answer. The published assessment itself is public (Code 8.2) and needs no permission."""

from __future__ import annotations

import rules

from core.roles import is_board_member, is_case_worker, is_senior_manager

# Complaints officers and senior managers prepare the assessment (Appendix B: "completed by the complaints officer").
rules.add_perm("selfassessment.view_assessment", is_case_worker | is_board_member)
rules.add_perm("selfassessment.prepare_assessment", is_case_worker)
rules.add_perm("selfassessment.manage_policy_documents", is_case_worker)
# The governing body reviews and approves it (Appendix B, Code 8.2); its members record the approval.
rules.add_perm("selfassessment.approve_assessment", is_board_member)
rules.add_perm("selfassessment.publish_assessment", is_board_member | is_senior_manager)
