"""Who may see the dashboards and the Regulator's figures, and who records the number of homes."""

from __future__ import annotations

import rules

from complaints.rules import is_administrator, is_board_member, is_case_worker, is_senior_lead

# Code 9.4, 9.7: the senior lead and the governing body (board, MRC) see themes, trends and performance.
# Board members see numbers only: the cases behind them are personal data (complaints.view_all_complaints).
rules.add_perm("reporting.view_dashboard", is_case_worker | is_senior_lead | is_board_member)
rules.add_perm("reporting.record_homes", is_administrator | is_senior_lead)
