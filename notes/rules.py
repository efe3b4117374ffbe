"""Who may read and write internal notes: the people handling complaints. Not the senior lead (who reads cases for
themes, Code 9.4), not staff who only logged the complaint, and never the board, who see figures only."""

from __future__ import annotations

import rules

from core.roles import is_case_worker

rules.add_perm("notes.view_notes", is_case_worker)
rules.add_perm("notes.add_note", is_case_worker)
