"""The fault suite's counting (tests/faults/chaos.py, run by bin/chaos): it must be able to fail."""

from __future__ import annotations

import datetime
from collections import Counter

from tests.faults.chaos import message_figures

SENT = datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)


def test_a_message_recorded_as_sent_that_never_arrived_is_lost():
    rows = {"<a@x>": {"sent_at": SENT}, "<b@x>": {"sent_at": SENT}}
    assert message_figures(rows, Counter({"<a@x>": 1}))["lost"] == 1


def test_a_message_still_unsent_at_the_end_is_lost_unless_it_moved_to_the_post():
    rows = {"<a@x>": {"sent_at": None, "given_up_on": None}, "<b@x>": {"sent_at": None, "given_up_on": SENT}}
    figures = message_figures(rows, Counter())
    assert (figures["lost"], figures["posted"]) == (1, 1)


def test_a_message_received_twice_is_a_duplicate_and_alerts_are_read_by_their_own_column():
    rows = {"<alert-1@x>": {"email_sent_at": SENT}, "<alert-2@x>": {"email_sent_at": SENT}}
    figures = message_figures(rows, Counter({"<alert-1@x>": 2, "<alert-2@x>": 1}))
    assert figures == {"owed": 2, "received": 2, "lost": 0, "duplicates": 1, "posted": 0}
