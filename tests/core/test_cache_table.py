"""Issue 17 item 7: the database cache's table comes with `migrate`, not from a command someone must remember."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def test_migrate_makes_the_cache_table_the_rate_limits_count_in(settings):
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.DatabaseCache"
    assert ("core", "0001_cache_table") in MigrationLoader(connection).graph.nodes
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE cache_entries")  # undone with the test's transaction
    assert "cache_entries" not in connection.introspection.table_names()

    migration = importlib.import_module("core.migrations.0001_cache_table")
    migration.create_cache_table(None, SimpleNamespace(connection=connection))

    assert "cache_entries" in connection.introspection.table_names()
    cache.set("limit", 3)
    assert cache.get("limit") == 3
