from django.db import migrations

# A starting list; an administrator adds, renames or retires themes in the admin.
THEMES = [
    ("communication", "Communication and keeping residents informed"),
    ("timeliness", "Delays and missed timescales"),
    ("repairs_process", "Repairs process and appointments"),
    ("contractors", "Contractor performance"),
    ("record_keeping", "Record keeping"),
    ("policy", "Policy or procedure needs revising"),
    ("staff_knowledge", "Staff knowledge and training"),
    ("vulnerability", "Recognising vulnerability and adjustments"),
    ("damp_mould", "Damp and mould response"),
]


def load(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    for order, (code, name) in enumerate(THEMES):
        Theme.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
