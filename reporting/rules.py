"""Who may see the dashboards and the Regulator's figures, and who records the number of homes."""

from __future__ import annotations

import rules

from core.roles import is_administrator, is_board_member, is_case_worker, is_senior_lead, is_senior_manager

# Code 9.4, 9.7: the senior lead and the governing body (board, MRC) see themes, trends and performance.
# Board members see numbers only: the cases behind them are personal data (complaints.view_all_complaints).
rules.add_perm("reporting.view_dashboard", is_case_worker | is_senior_lead | is_board_member)
rules.add_perm("reporting.record_homes", is_administrator | is_senior_lead)

# The report is read in draft by those who handle complaints and by the governing body that will approve it.
rules.add_perm("reporting.view_annual_report", is_case_worker | is_senior_lead | is_board_member)
# Code 9.4: the senior lead, with senior managers, writes the narrative; officers supply the cases it draws on.
rules.add_perm("reporting.prepare_annual_report", is_senior_lead | is_senior_manager)
# Code 8.2: the governing body receives the report and gives its response; it does not write the narrative.
rules.add_perm("reporting.approve_annual_report", is_board_member)
# Code 9.6, 9.7: the MRC and the governing body receive regular information; the senior lead prepares it.
rules.add_perm("reporting.view_mrc_pack", is_board_member | is_senior_lead | is_senior_manager)
