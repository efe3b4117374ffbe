"""The editions of the Code shipped with the product: 2024 (all 72 provisions, 1.2 to 9.8) and the shape of 2022.

Loading is idempotent: when the loader starts filling a new field, add a migration like this one after it."""

from types import SimpleNamespace

from django.db import migrations

from selfassessment.code_data import DATA_DIR, SHIPPED, code_data_read, code_version_load


def load(apps, schema_editor):
    models = SimpleNamespace(
        **{
            name: apps.get_model("selfassessment", name)
            for name in ["CodeVersion", "CodeSection", "Provision", "ProvisionItem"]
        },
        Regime=apps.get_model("complaints", "Regime"),
    )
    for filename in SHIPPED:
        code_version_load(code_data_read(DATA_DIR / filename), models=models)


class Migration(migrations.Migration):
    dependencies = [
        ("selfassessment", "0003_live_figure_settings"),
        ("complaints", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
