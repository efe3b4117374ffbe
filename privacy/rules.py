"""Who may act on residents' personal data: the people who handle complaints, who already see special-category
data (complaints.view_special_category). Board members and other staff never do."""

from __future__ import annotations

import rules

from core.roles import is_case_worker

# Subject access exports, rectification, erasure and legal holds.
rules.add_perm("privacy.handle_data_requests", is_case_worker)
