from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from golive.selectors import go_live_checks


def go_live_warning(request: HttpRequest) -> dict[str, Any]:
    """For administrators, how many go-live items are not done: the staff pages warn them until none is."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("golive.view_check"):
        return {}
    return {"go_live_not_done": sum(not item.done for item in go_live_checks())}
