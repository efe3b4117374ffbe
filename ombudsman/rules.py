"""Who may record and read Ombudsman cases. The board sees the figures (Code 9.7 c) through the dashboards and
the annual report, not the cases."""

from __future__ import annotations

import rules

from core.roles import is_board_member, is_case_worker, is_senior_lead

rules.add_perm("ombudsman.record_ombudsman", is_case_worker)
rules.add_perm("ombudsman.view_ombudsman", is_case_worker | is_senior_lead)
# Counts only, no cases: the governing body receives these (Code 9.7 c).
rules.add_perm("ombudsman.view_figures", is_case_worker | is_senior_lead | is_board_member)
