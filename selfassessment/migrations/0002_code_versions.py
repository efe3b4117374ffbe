"""Once loaded the Code here; the loader now fills fields added in 0003, so 0004 loads it instead."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("selfassessment", "0001_initial"),
        ("complaints", "0002_reference_data"),
    ]

    operations = []
