"""The go-live check is the system administrator's: they set the landlord up, not its cases."""

from __future__ import annotations

import rules

from core.roles import is_administrator

rules.add_perm("golive.view_check", is_administrator)
rules.add_perm("golive.review_letter_templates", is_administrator)
