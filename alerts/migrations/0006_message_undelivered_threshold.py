from django.db import migrations


def add_default(apps, schema_editor):
    AlertThreshold = apps.get_model("alerts", "AlertThreshold")
    AlertThreshold.objects.get_or_create(
        kind="message_undelivered",
        defaults={"working_days_before": None, "on_the_day": True, "when_overdue": True, "overdue_to_manager": False},
    )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0005_outbox")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
