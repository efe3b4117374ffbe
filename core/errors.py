from __future__ import annotations


class WorkflowError(Exception):
    """An action the Code or the case's state does not allow. The message says why, for the person acting.

    `field` names the input at fault, when there is one, so forms and the API can put the message beside it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CaseChangedError(WorkflowError):
    """Someone else changed the case since the person acting last saw it; nothing was saved."""

    def __init__(
        self,
        message: str = (
            "This case changed while you were working on it: someone else saved a change first. "
            "Nothing you entered has been saved. Reload the case, check what changed, and try again."
        ),
    ) -> None:
        super().__init__(message)
