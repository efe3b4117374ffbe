"""The database cache's table (CACHES when there is no Redis): made by `migrate`, so a deployment that runs only
the migrations does not answer every rate-limited request with an error for want of it."""

from typing import Any

from django.core.management import call_command
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def create_cache_table(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Creates the table of each database-backed cache in CACHES, if missing; with Redis configured, nothing.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
