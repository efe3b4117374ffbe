"""For tests that commit for real (live_server, threads): a transactional test empties every table when it ends,
so the rows the data migrations load are put back before such a test and again after its flush. (Not
serialized_rollback: restoring serialized rows re-saves pghistory's append-only event rows, which the triggers
refuse.)"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

DATA_MIGRATIONS = [
    importlib.import_module("complaints.migrations.0002_reference_data"),
    importlib.import_module("public.migrations.0002_default_pages"),
]
RELOAD_UID = "tests.committed_data.reload"


def load() -> None:
    for migration in DATA_MIGRATIONS:
        migration.load(apps, None)


def _reload_once(sender, **kwargs) -> None:
    post_migrate.disconnect(sender=sender, dispatch_uid=RELOAD_UID)
    load()


@pytest.fixture
def committed_migration_data(transactional_db):
    load()
    post_migrate.connect(_reload_once, sender=apps.get_app_config("public"), weak=False, dispatch_uid=RELOAD_UID)
