"""The 2022 Code's provisions 1.4 to 1.7, which its first loading missed (they sit inside 1.3's cell in the source):
the 2022 edition loaded again from its data file, which brings the stored provisions into line with it."""

from types import SimpleNamespace

from django.db import migrations

from selfassessment.code_data import DATA_DIR, code_data_read, code_version_load


def load(apps, schema_editor):
    models = SimpleNamespace(
        **{
            name: apps.get_model("selfassessment", name)
            for name in ["CodeVersion", "CodeSection", "Provision", "ProvisionItem"]
        },
        Regime=apps.get_model("complaints", "Regime"),
    )
    code_version_load(code_data_read(DATA_DIR / "hos-2022.json"), models=models)


class Migration(migrations.Migration):
    dependencies = [("selfassessment", "0005_evidence_in_words")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
