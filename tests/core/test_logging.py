"""Issue 17 item 8: a refusal is one line in the log, not a traceback; a server error keeps its traceback."""

from __future__ import annotations

import io
import logging
import logging.config
import sys

import pytest
from django.conf import settings as django_settings

from core.logging import RefusalsWithoutTraceback

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """The settings' logging, writing to a buffer; the test run's own logging restored afterwards."""
    stream = io.StringIO()
    config = {**django_settings.LOGGING, "handlers": {**django_settings.LOGGING["handlers"]}}
    config["handlers"]["console"] = {**config["handlers"]["console"], "stream": stream}
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(config)
    yield stream
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


def test_a_403_is_logged_as_one_line(client, board_member, login_with_mfa, console):
    login_with_mfa(client, board_member)
    assert client.get("/staff/letters-to-post/").status_code == 403

    logged = console.getvalue()
    assert "Forbidden" in logged
    assert "Traceback" not in logged


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert RefusalsWithoutTraceback().filter(record) and record.exc_info is not None

    record.status_code = 404
    assert RefusalsWithoutTraceback().filter(record) and record.exc_info is None


def test_the_development_servers_request_lines_leave_out_query_strings(console):
    # A search is personal data in the URL (issue 15 §1): the name searched for must not reach the log.
    handler = logging.getLogger("django.server").handlers[0]
    written = io.StringIO()
    handler.setStream(written)
    logging.getLogger("django.server").info('"%s" %s %s', "GET /api/v1/complaints/?search=LS1+4AB HTTP/1.1", 200, 9)
    logging.getLogger("django.server").info('"%s" %s %s', "GET /staff/search/?q=Grace+Okafor HTTP/1.1", 200, 9)
    assert written.getvalue() == '"GET /api/v1/complaints/ HTTP/1.1" 200 9\n"GET /staff/search/ HTTP/1.1" 200 9\n'
