"""Log filters (settings.LOGGING)."""

from __future__ import annotations

import logging
import re


class RefusalsWithoutTraceback(logging.Filter):
    """A refusal (403, 404, any 4xx) is logged as one line: its traceback is the framework's own control flow and
    says nothing an operator needs, while a real error (5xx) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class QueryStringsLeftOut(logging.Filter):
    """The development server's request lines without their query strings: a search ("?q=Grace Okafor", "?search=
    LS1 4AB") is personal data. gunicorn's and nginx's access logs leave them out too (Dockerfile, nginx.conf)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (re.sub(r"\?\S*", "", record.args[0], count=1), *record.args[1:])
        return True
