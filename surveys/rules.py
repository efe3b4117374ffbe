"""Who may send surveys and read their results. Results are counts, which the board sees; what residents wrote
is for the people who handle and oversee complaints."""

from __future__ import annotations

import rules

from core.roles import is_board_member, is_case_worker, is_senior_lead

rules.add_perm("surveys.send_survey", is_case_worker)
rules.add_perm("surveys.view_results", is_case_worker | is_senior_lead | is_board_member)
rules.add_perm("surveys.view_answers", is_case_worker | is_senior_lead)
