"""The shared cache without Redis: Django's database cache, with a write that costs one statement.

Every API request sets its throttle count. Django's DatabaseCache.set counts the whole table (to decide whether
to cull), reads the row, then updates or inserts it inside a savepoint: five round trips on every request. Here a
set is one INSERT … ON CONFLICT DO UPDATE, and the table is counted (and culled) on one set in CULL_EVERY, which
bounds it just as well: it can pass MAX_ENTRIES by at most CULL_EVERY rows between counts.

Django's incr is a read and then a write, so two processes adding at once lose one addition; here the row is
locked between them, as Redis's INCR is atomic: the API's throttles claim their counts with it (core.throttling)."""

from __future__ import annotations

import base64
import pickle
import random
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

CULL_EVERY = 100


class DatabaseCache(DjangoDatabaseCache):
    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        backend_timeout = self.get_backend_timeout(timeout)
        expires = datetime.max if backend_timeout is None else datetime.fromtimestamp(backend_timeout, tz=UTC)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # private, not in the stubs
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            if random.randrange(CULL_EVERY) == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (the table name is a setting)
                (count,) = cursor.fetchone()
                if count > self._max_entries:
                    self._cull(db, cursor, tz_now().replace(microsecond=0), count)  # type: ignore[attr-defined]
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                [key, encoded, connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))],
            )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # private, not in the stubs
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires > %s FOR UPDATE",  # noqa: S608
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 (written by this cache)
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, key])  # noqa: S608
        return value
