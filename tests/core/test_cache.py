"""The database cache the rate limits count in without Redis (core.cache): a write is one statement."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as core_cache

pytestmark = pytest.mark.django_db


def test_a_write_is_one_statement_and_a_second_write_replaces_the_first():
    with CaptureQueriesContext(connection) as queries:
        cache.set("count", [1], 60)
    assert len(queries.captured_queries) == 1
    cache.set("count", [1, 2], 60)
    assert cache.get("count") == [1, 2]


def test_a_value_lapses_after_its_timeout(frozen_today):
    cache.set("count", 5, 60)
    frozen_today.shift(datetime.timedelta(seconds=59))
    assert cache.get("count") == 5
    frozen_today.shift(datetime.timedelta(seconds=2))
    assert cache.get("count") is None


def test_a_value_without_a_timeout_stays():
    cache.set("forever", "kept", None)
    assert cache.get("forever") == "kept"


def test_the_table_is_culled_back_under_its_limit(monkeypatch, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DatabaseCache",
            "LOCATION": "cache_entries",
            "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
        }
    }
    small = caches.create_connection("default")
    monkeypatch.setattr(core_cache, "CULL_EVERY", 1)
    for n in range(30):
        small.set(f"key-{n}", n, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cache_entries")
        (count,) = cursor.fetchone()
    assert count <= 11
    assert small.get("key-29") == 29
