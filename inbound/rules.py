"""Who may deal with the emails no case claimed. They hold residents' words and contact details, so only the
people who handle complaints."""

from __future__ import annotations

import rules

from core.roles import is_case_worker

rules.add_perm("inbound.triage_emails", is_case_worker)
