"""The database cache's table (CACHES when there is no Redis): made by `migrate`, so a deployment that runs only
the migrations does not answer every rate-limited request with an error for want of it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of each database-backed cache in CACHES, if missing; with Redis configured, nothing.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
