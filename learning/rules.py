"""Who may record and read learning. Board members get the figures through the dashboards and the annual
report, never the cases behind them."""

from __future__ import annotations

import rules

from core.roles import is_case_worker, is_senior_lead

# Code 9.1: the people handling a complaint record what it teaches.
rules.add_perm("learning.record_learning", is_case_worker)
# Code 9.4: the senior lead looks across every case for themes and trends.
rules.add_perm("learning.view_learning", is_case_worker | is_senior_lead)
# Code 9.2, 9.3: service improvements and reporting them back, by case workers or the senior lead.
rules.add_perm("learning.record_improvement", is_case_worker | is_senior_lead)
